"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * In-process profile of `engine.inspect` on the input stage, per detector and per pattern rule, on
 * the benchmark's benign prompts (bench/lib/prompts.ts) with the default rules. A program, not a
 * test: `npx tsc -p tsconfig.bench.json && node dist-bench/bench/profile-inspect.js [--sizes 2000,20000]`.
 * Prints median milliseconds per call; the machine is shared, so compare figures of one run.
 */
const node_path_1 = __importDefault(require("node:path"));
const lanes_1 = require("../src/classifier/lanes");
const keyword_1 = require("../src/detectors/keyword");
const regex_1 = require("../src/detectors/regex");
const engine_1 = require("../src/policy/engine");
const keywords_file_1 = require("../src/policy/keywords-file");
const normalize_1 = require("../src/policy/normalize");
const rules_1 = require("../src/policy/rules");
const prompts_1 = require("./lib/prompts");
const ROOT = node_path_1.default.resolve(__dirname, '..', '..');
function arg(name, fallback) {
    const i = process.argv.indexOf(name);
    return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
/** Median ms of `fn` over enough calls to fill ~`budgetMs` (at least 5), after a warm-up. */
async function median(fn, budgetMs = 300) {
    for (let i = 0; i < 3; i++)
        await fn();
    const times = [];
    const end = performance.now() + budgetMs;
    while (times.length < 5 || (performance.now() < end && times.length < 2000)) {
        const t = performance.now();
        await fn();
        times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
}
const fmt = (ms) => ms.toFixed(3).padStart(8);
async function main() {
    const sizes = arg('--sizes', '2000,20000').split(',').map(Number);
    const ruleSet = (0, rules_1.loadRuleSet)(node_path_1.default.join(ROOT, 'rules'));
    const engine = (0, engine_1.createEngine)(ruleSet);
    const keyword = (0, keyword_1.createKeywordDetector)({ entries: ruleSet.keywords, lexicon: (0, keywords_file_1.lexiconVersion)(ruleSet.dir, ruleSet.revision) });
    const regex = (0, regex_1.createRegexDetector)({ rules: ruleSet.regexes, stage: 'input' });
    const classifiers = (0, lanes_1.classifierDetectors)(ruleSet).filter((d) => d.stages.includes('input'));
    const inputRules = ruleSet.regexes.filter((r) => r.stages.includes('input'));
    const signal = new AbortController().signal;
    const rows = [];
    const perRule = inputRules.map((r) => [r.id]);
    for (const size of sizes) {
        const segments = [{ path: 'messages[0].content', role: 'user', text: (0, prompts_1.promptText)(size) }];
        const text = segments[0].text;
        const cells = [
            ['normalize', await median(() => (0, normalize_1.normalize)(text))],
            ['keyword', await median(() => keyword.detect(segments, signal))],
            ['regex', await median(() => regex.detect(segments, signal))],
            ...(await Promise.all(classifiers.map(async (c) => [c.id, await median(() => c.detect(segments, signal))]))),
            ['engine.inspect (whole)', await median(() => engine.inspect(segments, 'input'))],
        ];
        cells.forEach(([label, ms], i) => {
            rows[i] ??= [label];
            rows[i].push(ms);
        });
        for (const [i, rule] of inputRules.entries()) {
            const one = (0, regex_1.createRegexDetector)({ rules: [rule], stage: 'input' });
            perRule[i].push(await median(() => one.detect(segments, signal), 40));
        }
    }
    const header = `${'ms per call (median)'.padEnd(34)}${sizes.map((s) => `${s} B`.padStart(9)).join('')}`;
    process.stdout.write(`${header}\n${rows.map(([l, ...v]) => `${l.padEnd(34)}${v.map((x) => ` ${fmt(x)}`).join('')}`).join('\n')}\n`);
    const sum = sizes.map((_, i) => perRule.reduce((s, r) => s + r[i + 1], 0));
    process.stdout.write(`\nregex rules run one at a time (sum ${sum.map((s) => s.toFixed(2)).join(' / ')} ms), top 10 at the largest size:\n`);
    const last = sizes.length;
    for (const [id, ...v] of [...perRule].sort((a, b) => b[last] - a[last]).slice(0, 10)) {
        process.stdout.write(`  ${id.padEnd(32)}${v.map((x) => ` ${fmt(x)}`).join('')}\n`);
    }
}
main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
});
