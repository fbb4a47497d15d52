"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.patternRunStart = patternRunStart;
exports.createEngine = createEngine;
/**
 * The inspection engine for one RuleSet: runs the detectors of a stage in parallel under a time
 * budget and turns their findings into a Verdict. Detectors return values; the runner owns failure
 * (a throw or timeout becomes a Verdict error, and the policy decides fail-open or fail-closed).
 */
const decode_1 = require("../detectors/decode");
const keyword_1 = require("../detectors/keyword");
const regex_1 = require("../detectors/regex");
const lanes_1 = require("../classifier/lanes");
const decide_1 = require("./decide");
const mask_1 = require("./mask");
const normalize_1 = require("./normalize");
const keywords_file_1 = require("./keywords-file");
/**
 * Runs one detector under the time budget. A synchronous detector cannot be interrupted (a timer
 * only fires once it returns), so its result is taken as is and no timer is armed; an asynchronous
 * one races the budget and is aborted through its signal when it loses.
 */
async function runDetector(detector, segments, timeoutMs) {
    const controller = new AbortController();
    const result = detector.detect(segments, controller.signal);
    if (!(result instanceof Promise))
        return result;
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => {
            controller.abort();
            reject(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
    });
    try {
        return await Promise.race([result, timeout]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** Longest trailing run that could still grow into a pattern match (PII, secrets). */
const MAX_PATTERN_HOLDBACK = 256;
const TOKEN_CHAR = /[\p{L}\p{N}_@.+\-/=:~%#]/u;
function isIdeograph(ch) {
    return /\p{Script=Han}/u.test(ch);
}
/**
 * Start of the trailing run of characters that a pattern rule could still extend: letters, digits
 * and the punctuation of e-mails, keys and URLs, plus single spaces or dashes between digits (card
 * and phone numbers are written in groups). Chinese characters end the run.
 */
function patternRunStart(text) {
    let i = text.length;
    const floor = Math.max(0, text.length - MAX_PATTERN_HOLDBACK);
    while (i > floor) {
        const ch = text[i - 1];
        if (TOKEN_CHAR.test(ch) && !isIdeograph(ch)) {
            i--;
            continue;
        }
        const digitGroupGap = (ch === ' ' || ch === '-') && i >= 2 && /\d/.test(text[i - 2]) && (i === text.length || /\d/.test(text[i]));
        if (digitGroupGap) {
            i--;
            continue;
        }
        break;
    }
    return i;
}
async function timed(observe, detector, stage, run) {
    if (!observe)
        return run();
    const started = process.hrtime.bigint();
    let ok = false;
    try {
        const out = await run();
        ok = true;
        return out;
    }
    finally {
        observe(detector.id, stage, Number(process.hrtime.bigint() - started) / 1e9, ok);
    }
}
function createEngine(ruleSet, extra = [], observe) {
    const keyword = (0, keyword_1.createKeywordDetector)({ entries: ruleSet.keywords, lexicon: (0, keywords_file_1.lexiconVersion)(ruleSet.dir, ruleSet.revision) });
    // Classifier lanes (local model, external endpoints) come from the RuleSet's `classifiers:` section.
    const more = [...(0, lanes_1.classifierDetectors)(ruleSet), ...extra];
    const deterministic = {
        input: [keyword, (0, regex_1.createRegexDetector)({ rules: ruleSet.regexes, stage: 'input' })],
        output: [keyword, (0, regex_1.createRegexDetector)({ rules: ruleSet.regexes, stage: 'output' })],
    };
    const classifiers = {
        input: more.filter((d) => d.stages.includes('input')),
        output: more.filter((d) => d.stages.includes('output')),
    };
    const pick = (stage, lane) => lane === 'deterministic' ? deterministic[stage] : lane === 'classifier' ? classifiers[stage] : [...deterministic[stage], ...classifiers[stage]];
    const masks = new Map(ruleSet.regexes.map((r) => [r.id, r.mask]));
    // One set of detectors (automaton, models) serves every policy variant of this revision.
    const forPolicy = (policy, revision) => ({
        ruleSet: policy === ruleSet.policy ? ruleSet : { ...ruleSet, policy, revision },
        withPolicy: (p, suffix) => forPolicy(p, `${ruleSet.revision}+${suffix}`),
        hasClassifiers: (stage) => classifiers[stage].length > 0,
        async inspect(segments, stage, lane = 'all') {
            const run = pick(stage, lane);
            const findings = [];
            const errors = [];
            const results = await Promise.allSettled(run.map((d) => timed(observe, d, stage, () => runDetector(d, segments, policy.detectorTimeoutMs))));
            results.forEach((r, i) => {
                if (r.status === 'fulfilled')
                    findings.push(...r.value);
                else
                    errors.push({ detector: run[i].id, message: r.reason instanceof Error ? r.reason.message : String(r.reason), onError: run[i].onError });
            });
            return (0, decide_1.decide)({ policy, policyRevision: revision, stage, segments, findings, errors });
        },
        safeReleasePoint(text) {
            const norm = (0, normalize_1.normalize)(text);
            const pending = keyword.pendingLength(norm.text);
            const keywordPoint = pending === 0 ? text.length : norm.starts[norm.text.length - pending];
            // Encoded runs (base64, entities, \u escapes) are decoded and rescanned: hold back a growing one.
            return Math.min(keywordPoint, patternRunStart(text), (0, decode_1.encodedTailStart)(text));
        },
        actionFor: (finding, stage) => (0, decide_1.actionFor)(policy, finding, stage),
        redactSegments(segments, findings) {
            return segments.map((segment, index) => {
                const spans = findings
                    .filter((f) => f.segment === index && f.span !== undefined)
                    .map((f) => ({ span: f.span, mask: masks.get(f.ruleId) ?? { keepStart: 0, keepEnd: 0 } }));
                return (0, mask_1.redact)(segment.text, spans);
            });
        },
    });
    return forPolicy(ruleSet.policy, ruleSet.revision);
}
