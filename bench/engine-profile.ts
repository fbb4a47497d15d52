/** Profiling helper for the engine benchmark: time each stage of the full keyword path on one text. */
import { findEncodedRuns } from '../src/detectors/decode';
import { KeywordMatcher } from '../src/detectors/keyword-matcher';
import { normalize } from '../src/policy/normalize';
import { syntheticKeywords, syntheticText } from './engine-data';

const keywords = syntheticKeywords(50000);
const text = syntheticText(100000, keywords);
const entries = keywords.map((k, i) => ({ id: `kw:b:${i}`, category: 'A.1.f', lang: 'zh', severity: 'high' as const, text: normalize(k).text, boundary: 'none' as const }));
const matcher = new KeywordMatcher(entries);
const plain = new KeywordMatcher(entries, { reversed: false, noise: '', maxGap: 0 });
const norm = normalize(text);
function time(label: string, fn: () => void): void {
  fn();
  const started = process.hrtime.bigint();
  for (let i = 0; i < 30; i++) fn();
  const s = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${label.padEnd(28)} ${((30 * text.length) / s / 1e6).toFixed(1)} M chars/s\n`);
}
for (let round = 0; round < 2; round++) {
  time('normalize', () => normalize(text));
  time('matcher.scan (full)', () => matcher.scan(norm.codes));
  time('matcher.scan (no rev/noise)', () => plain.scan(norm.codes));
  time('automaton.search', () => matcher.automaton.search(norm.codes));
  time('findEncodedRuns', () => findEncodedRuns(text));
}

function ms(label: string, fn: () => unknown): void {
  const started = process.hrtime.bigint();
  fn();
  process.stdout.write(`${label.padEnd(28)} ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms\n`);
}
ms('normalize 50k keywords', () => keywords.map((k) => normalize(k).text));
ms('KeywordMatcher (full)', () => new KeywordMatcher(entries));
ms('KeywordMatcher (no rev)', () => new KeywordMatcher(entries, { reversed: false }));
