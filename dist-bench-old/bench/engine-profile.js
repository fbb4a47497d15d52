"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
/** Profiling helper for the engine benchmark: time each stage of the full keyword path on one text. */
const decode_1 = require("../src/detectors/decode");
const keyword_matcher_1 = require("../src/detectors/keyword-matcher");
const normalize_1 = require("../src/policy/normalize");
const engine_data_1 = require("./engine-data");
const keywords = (0, engine_data_1.syntheticKeywords)(50000);
const text = (0, engine_data_1.syntheticText)(100000, keywords);
const entries = keywords.map((k, i) => ({ id: `kw:b:${i}`, category: 'A.1.f', lang: 'zh', severity: 'high', text: (0, normalize_1.normalize)(k).text, boundary: 'none' }));
const matcher = new keyword_matcher_1.KeywordMatcher(entries);
const plain = new keyword_matcher_1.KeywordMatcher(entries, { reversed: false, noise: '', maxGap: 0 });
const norm = (0, normalize_1.normalize)(text);
function time(label, fn) {
    fn();
    const started = process.hrtime.bigint();
    for (let i = 0; i < 30; i++)
        fn();
    const s = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`${label.padEnd(28)} ${((30 * text.length) / s / 1e6).toFixed(1)} M chars/s\n`);
}
for (let round = 0; round < 2; round++) {
    time('normalize', () => (0, normalize_1.normalize)(text));
    time('matcher.scan (full)', () => matcher.scan(norm.codes, norm.text));
    time('matcher.scan (no rev/noise)', () => plain.scan(norm.codes, norm.text));
    time('automaton.search', () => matcher.automaton.search(norm.codes));
    time('findEncodedRuns', () => (0, decode_1.findEncodedRuns)(text));
}
function ms(label, fn) {
    const started = process.hrtime.bigint();
    fn();
    process.stdout.write(`${label.padEnd(28)} ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms\n`);
}
ms('normalize 50k keywords', () => keywords.map((k) => (0, normalize_1.normalize)(k).text));
ms('KeywordMatcher (full)', () => new keyword_matcher_1.KeywordMatcher(entries));
ms('KeywordMatcher (no rev)', () => new keyword_matcher_1.KeywordMatcher(entries, { reversed: false }));
