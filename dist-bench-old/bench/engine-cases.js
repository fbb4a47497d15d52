"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.CASES = void 0;
exports.measureCase = measureCase;
/**
 * The engines under comparison, each behind one interface, and the measurement one child process
 * runs for one engine (so build time, throughput and memory are not disturbed by the others).
 */
const fastscan_1 = __importDefault(require("fastscan"));
const mint_filter_1 = __importDefault(require("mint-filter"));
const aho_corasick_1 = require("../src/detectors/aho-corasick");
const keyword_1 = require("../src/detectors/keyword");
const normalize_1 = require("../src/policy/normalize");
const engine_data_1 = require("./engine-data");
function entriesOf(keywords) {
    return keywords.map((k, i) => {
        const cjk = /[\u3400-\u9fff]/.test(k);
        return { id: `kw:bench:${i + 1}`, category: 'A.1.f', lang: cjk ? 'zh' : 'en', severity: 'high', text: (0, normalize_1.normalizeText)(k), boundary: cjk ? 'none' : 'word' };
    });
}
exports.CASES = [
    {
        name: 'ours-full',
        description: 'compliance-gateway keyword detector, everything on: normalization (NFKC, case, invisibles, homoglyphs, traditional→simplified, leetspeak, repeats), bounded noise skip, word boundaries, reversed keywords, decode-and-rescan, spans mapped to the original',
        build(keywords) {
            const detector = (0, keyword_1.createKeywordDetector)({ entries: entriesOf(keywords) });
            const signal = new AbortController().signal;
            return { scan: (text) => detector.detect([{ path: 't', text }], signal).length };
        },
    },
    {
        name: 'ours-normalize-only',
        description: 'compliance-gateway normalization alone (offset map included), no matching',
        build() {
            return { scan: (text) => (0, normalize_1.normalize)(text).codes.length };
        },
    },
    {
        name: 'ours-automaton',
        description: 'compliance-gateway automaton alone, normalization off: typed-array Aho-Corasick with every overlapping match, on the raw text',
        build(keywords) {
            const ac = new aho_corasick_1.AhoCorasick(keywords);
            return { scan: (text) => ac.search(text).length };
        },
    },
    {
        name: 'mint-filter',
        description: 'mint-filter 4 (npm), filter(text, { replace: false }): lower-cases each character, no other normalization',
        build(keywords) {
            const mint = new mint_filter_1.default(keywords);
            return { scan: (text) => mint.filter(text, { replace: false }).words.length };
        },
    },
    {
        name: 'fastscan',
        description: 'fastscan 1 (npm), search(text): plain Aho-Corasick, no normalization',
        build(keywords) {
            const scanner = new fastscan_1.default(keywords);
            return { scan: (text) => scanner.search(text).length };
        },
    },
];
/** Runs `fn` repeatedly for at least `minMs` (after one warm-up call); returns calls per second. */
function rate(fn, minMs) {
    fn();
    let calls = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < minMs) {
        fn();
        calls++;
        elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    }
    return (calls * 1000) / elapsed;
}
const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
function measureCase(name, opts) {
    const engine = exports.CASES.find((c) => c.name === name);
    if (!engine)
        throw new Error(`unknown engine ${name}`);
    const keywords = (0, engine_data_1.syntheticKeywords)(opts.keywords);
    const text = (0, engine_data_1.syntheticText)(100_000, keywords);
    const promptSource = (0, engine_data_1.syntheticText)(100_000, keywords, 3);
    const prompts = Array.from({ length: 50 }, (_, i) => promptSource.slice(i * 2000, (i + 1) * 2000));
    (0, normalize_1.normalize)('warm up the folding tables'); // built once per process, not per engine
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    const t0 = process.hrtime.bigint();
    const scanner = engine.build(keywords);
    const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
    global.gc?.();
    const afterBuild = process.memoryUsage().rss;
    const minMs = opts.quick ? 300 : 1000;
    const matches = scanner.scan(text);
    // Two measurements each, alternating; the better one counts (interference only ever slows).
    const textRates = [];
    const promptRates = [];
    for (let r = 0; r < 2; r++) {
        textRates.push(rate(() => scanner.scan(text), minMs) * text.length);
        promptRates.push(rate(() => prompts.forEach((p) => scanner.scan(p)), minMs) * prompts.length * 2000);
    }
    return {
        engine: name,
        description: engine.description,
        keywords: keywords.length,
        buildMs: Math.round(buildMs),
        text100k: { chars: text.length, charsPerSec: Math.round(Math.max(...textRates)), matches },
        prompts2k: { count: prompts.length, chars: 2000, charsPerSec: Math.round(Math.max(...promptRates)) },
        rssMb: { afterBuild: mb(afterBuild), afterScan: mb(process.memoryUsage().rss), baseline: mb(baseline) },
        heapUsedMb: mb(process.memoryUsage().heapUsed),
    };
}
