/**
 * Catch rate of the shipped rules against the evasion corpus (test/fixtures/evasion/generate.ts):
 * every default keyword that the engine catches as written, obfuscated by each technique, inside a
 * sentence. "Caught" = a finding of the keyword's category at the input stage. The test prints the
 * table (README "Guarantees" carries it) and asserts a floor per technique just under what was
 * measured, so an engine change that loses an evasion fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createEngine } from '../../src/policy/engine';
import { benignTexts } from '../../src/policy/rules-lint';
import { loadRuleSet } from '../../src/policy/rules';
import { defaultKeywords, generateCorpus, plainSentence, TECHNIQUES, type Keyword } from '../fixtures/evasion/generate';
import { RULES_DIR } from '../helpers/gateway';

/**
 * Measured 2026-11-28 on the shipped rules, rounded down by a few points. Before the spaced-letter
 * join, the wider leetspeak fold and pinyin expansion of the shipped Chinese lists the same corpus
 * measured: leetspeak 35.6%, spaces between letters 49.4% (English 0%), pinyin 37.0% / 37.2%,
 * leetspeak + spacing 2.2%, hanzi + pinyin 41.7%.
 */
const FLOOR: Record<string, number> = {
  'case mixing': 0.99,
  'full-width': 0.99,
  'zero-width': 0.99,
  'homoglyphs (Cyrillic/Greek)': 0.98,
  leetspeak: 0.8, // measured 82.6%: misses are mostly digit-only words ("70" for "to") with no folded neighbour
  'spaces between letters': 0.95, // measured 97.1%
  'punctuation between letters': 0.96, // measured 98.1%
  'traditional Chinese': 0.99,
  'pinyin (full)': 0.98, // measured 100%
  'pinyin (spaced)': 0.98, // measured 100%
  'base64 (with a decode hint)': 0.93,
  'stacked: full-width + zero-width': 0.99,
  'stacked: homoglyphs + zero-width': 0.98,
  'stacked: leetspeak + spacing': 0.92, // measured 94.2%
  'stacked: traditional + punctuation': 0.98,
  'mixed: hanzi + pinyin': 0.87, // measured 89.3%: long keywords get only some of the mixes
};

const DATASETS = '/work/shared/datasets';

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

  it('stays silent on the benign rows of the shared datasets (the false positives evasion handling must not add)', async () => {
    const files = fs.readdirSync(DATASETS).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(DATASETS, f));
    const rows = benignTexts(files);
    expect(rows.length).toBeGreaterThan(1000);
    const hits: string[] = [];
    for (const row of rows) {
      const { findings } = await engine.inspect([{ path: 'messages[0].content', role: 'user', text: row.text }], 'input');
      const keyword = findings.filter((f) => f.detector === 'keyword');
      if (keyword.length > 0) hits.push(`${row.source} ${keyword.map((f) => f.ruleId).join(',')}`);
    }
    console.log(`benign rows: ${rows.length}, matched by a keyword: ${hits.length}\n${hits.join('\n')}`);
    // The one known hit is a model's refusal that names the request ("I can't help you make a date
    // rape drug"), labelled benign as a response; a prompt saying it is blocked on purpose.
    expect(hits.map((h) => h.split(' ')[1])).toEqual(['kw:A.1.h.drugs.en:85']);
  }, 120_000);
});
