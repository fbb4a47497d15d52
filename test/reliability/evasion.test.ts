/**
 * Catch rate of the shipped rules against the evasion corpus (test/fixtures/evasion/generate.ts):
 * every default keyword that the engine catches as written, obfuscated by each technique, inside a
 * sentence. "Caught" = a finding of the keyword's category at the input stage. The test prints the
 * table (README "Guarantees" carries it) and asserts a floor per technique just under what was
 * measured, so an engine change that loses an evasion fails here.
 */
import { createEngine } from '../../src/policy/engine';
import { loadRuleSet } from '../../src/policy/rules';
import { defaultKeywords, generateCorpus, plainSentence, TECHNIQUES, type Keyword } from '../fixtures/evasion/generate';
import { RULES_DIR } from '../helpers/gateway';

/** Measured 2026-11-28 on the shipped rules, rounded down by a few points. */
const FLOOR: Record<string, number> = {
  'case mixing': 0.99,
  'full-width': 0.99,
  'zero-width': 0.99,
  'homoglyphs (Cyrillic/Greek)': 0.98,
  leetspeak: 0.33, // measured 35.6%: digits for every vowel (h0w t0 m4k3) defeat the leet fold
  'spaces between letters': 0.47, // measured 49.4%: English letters spaced out (b o m b) are not joined
  'punctuation between letters': 0.96,
  'traditional Chinese': 0.99,
  // Pinyin: measured 33.0% (37.0% before the classifier retrain of issue #5, whose stricter flag
  // levels no longer flag some pinyin sentences that only the classifier had caught).
  'pinyin (full)': 0.32, // only lists marked `#! expand: pinyin` match pinyin
  'pinyin (spaced)': 0.32,
  'base64 (with a decode hint)': 0.93,
  'stacked: full-width + zero-width': 0.99,
  'stacked: homoglyphs + zero-width': 0.98,
  'stacked: leetspeak + spacing': 0.02, // measured 2.2%
  'stacked: traditional + punctuation': 0.98,
  'mixed: hanzi + pinyin': 0.32, // measured 33.7% (41.7% before the classifier retrain, see pinyin)
};

describe('evasion corpus', () => {
  const engine = createEngine(loadRuleSet(RULES_DIR));
  const caught = async (text: string, category: string) => (await engine.inspect([{ path: 'messages[0].content', role: 'user', text }], 'input')).findings.some((f) => f.category === category);

  it('catches each obfuscation technique at or above its measured floor', async () => {
    const all = defaultKeywords(RULES_DIR);
    expect(all.length).toBeGreaterThan(500);
    const baseline: Keyword[] = [];
    for (const k of all) if (await caught(plainSentence(k), k.category)) baseline.push(k);
    const corpus = generateCorpus(baseline);
    const rows = new Map<string, { n: number; hit: number; en: [number, number]; zh: [number, number] }>();
    for (const v of corpus) {
      const r = rows.get(v.technique) ?? { n: 0, hit: 0, en: [0, 0], zh: [0, 0] };
      const ok = await caught(v.variant, v.category);
      r.n++;
      r[v.lang][1]++;
      if (ok) {
        r.hit++;
        r[v.lang][0]++;
      }
      rows.set(v.technique, r);
    }
    const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);
    const table = [
      `keywords: ${all.length} shipped, ${baseline.length} caught as written (the baseline); ${corpus.length} variants`,
      '| technique | variants | caught | en | zh |',
      '|---|---|---|---|---|',
      ...Object.keys(TECHNIQUES).map((t) => {
        const r = rows.get(t) ?? { n: 0, hit: 0, en: [0, 0], zh: [0, 0] };
        return `| ${t} | ${r.n} | ${pct(r.hit, r.n)} | ${pct(...r.en)} | ${pct(...r.zh)} |`;
      }),
    ].join('\n');
    console.log(table);
    const below = Object.keys(TECHNIQUES)
      .map((t) => ({ t, rate: (rows.get(t)?.hit ?? 0) / Math.max(1, rows.get(t)?.n ?? 0), floor: FLOOR[t] ?? 1 }))
      .filter((x) => x.rate < x.floor);
    expect(below).toEqual([]);
  }, 120_000);
});
