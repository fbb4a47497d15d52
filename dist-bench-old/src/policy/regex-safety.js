"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.nestedQuantifier = nestedQuantifier;
exports.adversarialInputs = adversarialInputs;
exports.slowRegexes = slowRegexes;
/**
 * Catastrophic-backtracking checks for pattern rules, used by `rules check`:
 * - statically, a quantified group that itself contains an unbounded quantifier ("(a+)+",
 *   "(\w+\s?)*", "(?:x*y?)+") is refused: it is the shape behind exponential backtracking;
 * - dynamically, each pattern runs against adversarial inputs in a worker thread under a time budget;
 *   a pattern still running when the budget is spent is refused (the worker is terminated).
 */
const node_worker_threads_1 = require("node:worker_threads");
/** Is the quantifier at `i` (if any) unbounded: *, + or {n,}? Returns [unbounded, length]. */
function quantifierAt(src, i) {
    const c = src[i];
    if (c === '*' || c === '+')
        return [true, src[i + 1] === '?' ? 2 : 1];
    if (c === '?')
        return [false, 1];
    const m = /^\{(\d+)(,(\d*))?\}\??/.exec(src.slice(i));
    if (m)
        return [m[2] !== undefined && m[3] === '', m[0].length];
    return [false, 0];
}
/** Static check: nested unbounded quantifiers. Returns a description, or null. */
function nestedQuantifier(source) {
    // Each open group records whether an unbounded quantifier occurs inside it.
    const stack = [];
    let inClass = false;
    for (let i = 0; i < source.length; i++) {
        const c = source[i];
        if (c === '\\') {
            i++;
            const [unbounded, len] = quantifierAt(source, i + 1);
            if (unbounded && stack.length > 0)
                stack[stack.length - 1].unbounded = true;
            i += len;
            continue;
        }
        if (inClass) {
            if (c === ']') {
                inClass = false;
                const [unbounded, len] = quantifierAt(source, i + 1);
                if (unbounded && stack.length > 0)
                    stack[stack.length - 1].unbounded = true;
                i += len;
            }
            continue;
        }
        if (c === '[')
            inClass = true;
        else if (c === '(')
            stack.push({ start: i, unbounded: false });
        else if (c === ')') {
            const group = stack.pop();
            const [unbounded, len] = quantifierAt(source, i + 1);
            if (group && group.unbounded && unbounded)
                return `nested quantifier: ${source.slice(group.start, i + 1 + len)}`;
            if (group && (group.unbounded || unbounded) && stack.length > 0)
                stack[stack.length - 1].unbounded = true;
            i += len;
        }
        else {
            const [unbounded, len] = quantifierAt(source, i + 1);
            if (unbounded && stack.length > 0)
                stack[stack.length - 1].unbounded = true;
            i += len;
        }
    }
    return null;
}
/** Inputs that make backtracking regexes blow up: long runs of one class and a failing end. */
function adversarialInputs() {
    const runs = ['a', '1', ' ', 'aa', 'a1', '-', '.', '@', 'x.', '中', '\t', 'A'];
    const out = [];
    for (const r of runs)
        for (const tail of ['!', '\u0000', ''])
            out.push(r.repeat(Math.ceil(3000 / r.length)) + tail);
    return out;
}
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
for (const r of workerData.regexes) {
  const re = new RegExp(r.source, r.flags);
  for (const input of workerData.inputs) { re.lastIndex = 0; re.test(input); }
  parentPort.postMessage(r.id);
}
`;
/**
 * Runs every pattern against the adversarial inputs in a worker; a pattern that does not finish
 * within `budgetMs` is reported, and checking resumes after it in a fresh worker.
 */
async function slowRegexes(regexes, budgetMs = 250) {
    const problems = [];
    const inputs = adversarialInputs();
    let pending = [...regexes];
    while (pending.length > 0) {
        const done = await new Promise((resolve) => {
            const worker = new node_worker_threads_1.Worker(WORKER, { eval: true, workerData: { regexes: pending, inputs } });
            let finished = 0;
            let timer = setTimeout(() => void worker.terminate().then(() => resolve(finished)), budgetMs * 4);
            worker.on('message', () => {
                finished++;
                clearTimeout(timer);
                timer = setTimeout(() => void worker.terminate().then(() => resolve(finished)), budgetMs);
                if (finished === pending.length) {
                    clearTimeout(timer);
                    void worker.terminate().then(() => resolve(finished));
                }
            });
            worker.on('error', () => {
                clearTimeout(timer);
                resolve(finished);
            });
        });
        if (done < pending.length) {
            const slow = pending[done];
            problems.push({ id: slow.id, message: `pattern did not finish within ${budgetMs} ms on adversarial input (catastrophic backtracking). Fix: bound every repetition and never nest quantifiers` });
            pending = pending.slice(done + 1);
        }
        else
            pending = [];
    }
    return problems;
}
