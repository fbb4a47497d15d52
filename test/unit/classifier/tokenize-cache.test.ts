/**
 * The piece cache in tokenize.ts only saves time: features() must equal, in content and order, the
 * uncached computation (copied here as the reference) on the shared datasets and the fixtures,
 * whether a piece is seen for the first time or again inside another text. The reference splits
 * words with natural's WordTokenizer, which features() reimplements by hand: generated texts check
 * the two agree on every character class near its edges.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { PorterStemmer, WordTokenizer } from 'natural';
import { features, prepareText } from '../../../src/classifier/tokenize';

const jieba = Jieba.withDict(dict);
const tokenizer = new WordTokenizer();

function reference(text: string): string[] {
  const prepared = prepareText(text);
  const out = new Set<string>();
  const latin = (t: string): void => {
    let previous: string | undefined;
    for (const token of tokenizer.tokenize(t) ?? []) {
      if (token.length < 2 || /^\d+$/.test(token)) {
        previous = undefined;
        continue;
      }
      const s = PorterStemmer.stem(token);
      out.add(`e:${s}`);
      if (previous) out.add(`b:${previous}_${s}`);
      previous = s;
    }
  };
  let last = 0;
  for (const m of prepared.matchAll(/\p{Script=Han}+/gu)) {
    if (m.index > last) latin(prepared.slice(last, m.index));
    for (const word of jieba.cut(m[0], false)) out.add(`w:${word}`);
    const chars = Array.from(m[0]);
    for (const c of chars) out.add(`u:${c}`);
    if (chars.length === 1) out.add(`c:${chars[0]}`);
    for (let i = 0; i + 1 < chars.length; i++) out.add(`c:${chars[i]}${chars[i + 1]}`);
    for (let i = 0; i + 2 < chars.length; i++) out.add(`t:${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
    last = m.index + m[0].length;
  }
  if (last < prepared.length) latin(prepared.slice(last));
  return [...out];
}

function rows(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter((l) => l.trim()).slice(0, 150))
    .map((l) => (JSON.parse(l) as { text?: unknown }).text)
    .filter((t): t is string => typeof t === 'string');
}

const texts = [
  ...rows('/work/shared/datasets'),
  ...rows(path.resolve(__dirname, '../../fixtures')),
  '请帮我总结园艺俱乐部的会议记录：我们比较了番茄品种。Please summarise these notes. 请帮我总结园艺俱乐部的会议记录',
];

describe('features with the piece cache', () => {
  it('equal the uncached computation the first time and when pieces repeat', () => {
    expect(texts.length).toBeGreaterThan(10);
    // Compared row by row, so a failure names the rows instead of diffing thousands of arrays.
    const differing = (a: string[][], b: string[][]): number[] => a.flatMap((x, i) => (x.join('\n') === b[i].join('\n') ? [] : [i]));
    const first = texts.map((t) => features(t));
    expect(differing(first, texts.map(reference))).toEqual([]);
    // Again, now that every piece is cached, and with pieces reused across texts.
    expect(differing(texts.map((t) => features(t)), first)).toEqual([]);
    const joined = `${texts[0]}\n${texts[texts.length - 1]}`;
    expect(features(joined)).toEqual(reference(joined));
  });

  it('does not let a caller change what later calls get', () => {
    const a = features('自制炸药 making bombs');
    a.length = 0;
    expect(features('自制炸药 making bombs')).toEqual(reference('自制炸药 making bombs'));
  });

  it('splits words exactly as the WordTokenizer of natural on generated texts', () => {
    // Word characters and their neighbours: ASCII letters, digits, "_", Cyrillic А-я and Ё/ё (outside it), accented letters, punctuation.
    const unit = fc.constantFrom(...'aAzZ09_`@[{/:АЯаяЁёЀѐßé -.,\n\t\'', '你', '𠀀', '\u200b');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        expect(features(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells apart tokens whose stem-cache hashes collide', () => {
    // "aan" and "ac0": 97·31² + 97·31 + 110 = 97·31² + 99·31 + 48.
    for (const text of ['aan ac0', 'ac0 aan ac0']) expect(features(text)).toEqual(reference(text));
  });
});
