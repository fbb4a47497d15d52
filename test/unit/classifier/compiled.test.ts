/**
 * The compiled scorer (src/classifier/compiled.ts) only saves time: model.score(text) must equal
 * scoreFeatures(features(text)) exactly — the same floating-point harm score and the same category —
 * for the shipped model on the shared datasets, our own data and the fixtures, for generated mixes
 * of scripts, and for a hand-made model whose stem-pair features contain underscores (a pair can be
 * spelled two ways) and whose vocabulary holds single characters, astral characters and words.
 * The raw outputs of both heads are compared too, bit for bit: a category head summed in another order
 * mostly picks the same category, so the decision alone would not show it.
 * Generated texts are built from the model's own features too, so most of their characters, pairs,
 * triples, words, stems and stem pairs are known and the lookup tables are exercised, not just missed.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { compileScorer } from '../../../src/classifier/compiled';
import { softmaxProbabilities, type BinaryWeights, type SoftmaxWeights } from '../../../src/classifier/logistic';
import { loadModel, modelFromParts, rawHarm, type Model, type ModelFile } from '../../../src/classifier/model';
import { clearFeatureCaches, features } from '../../../src/classifier/tokenize';

const ROOT = path.resolve(__dirname, '../../..');

function rows(dir: string, perFile: number): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter((l) => l.trim()).slice(0, perFile))
    .map((l) => (JSON.parse(l) as { text?: unknown }).text)
    .filter((t): t is string => typeof t === 'string');
}

function shipped(): Model {
  const problems: string[] = [];
  const model = loadModel(path.join(ROOT, 'rules/models/risk.json'), problems);
  if (!model) throw new Error(problems.join('; '));
  return model;
}

/** Indices of the texts whose compiled score differs from the reference in any bit. */
function differing(model: Model, texts: string[]): number[] {
  return texts.flatMap((t, i) => {
    const want = model.scoreFeatures(features(t));
    const got = model.score(t);
    return Object.is(got.harm, want.harm) && got.category === want.category ? [] : [i];
  });
}

/** Feature bodies of the shipped model as a writer would type them ("b:make_bomb": "make bomb" or "make_bomb"). */
function vocabularyPieces(): string[] {
  const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules/models/risk.json'), 'utf8')) as { harm: { weights: Record<string, number> } };
  return Object.keys(file.harm.weights)
    .filter((_, i) => i % 7 === 0)
    .flatMap((f) => (f.startsWith('b:') ? [f.slice(2).replace('_', ' '), f.slice(2)] : [f.slice(2)]));
}

const codePointString = (min: number, max: number) => fc.string({ unit: fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp)), maxLength: 12 });
/** Chinese (BMP and astral), Latin words with digits, underscores and Cyrillic (Ё is no word character to natural), punctuation. */
const SCRIPT_MIXES = [
  codePointString(0x4e00, 0x9fff),
  codePointString(0x20000, 0x2a6df),
  fc.string({ unit: fc.constantFrom(...'abcxyzAQZ019_АЯаяЁёßé'), maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(' ', ',', '.', '，', '。', '\n', '-', "'", '\u200b', 'ｆ', '𝐀'), maxLength: 4 }),
];

/** The shipped model's two heads, as modelFromFile builds them. */
function shippedHeads(): { harm: BinaryWeights; cats: SoftmaxWeights } {
  const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'rules/models/risk.json'), 'utf8')) as ModelFile;
  return {
    harm: { bias: file.harm.bias, weights: new Map(Object.entries(file.harm.weights)) },
    cats: { labels: file.categories.labels, bias: file.categories.bias, weights: new Map(Object.entries(file.categories.weights).map(([f, w]) => [f, Float64Array.from(w)])) },
  };
}

const PIECES = ['自制炸药', '你好', '炸', '𠀀𠀁', '请帮我', 'how to', 'make_a', 'bomb', 'kill', 'process', '123', 'ｆｕｌｌ', 'a', 'I', '\u200b', ' ', '，', '. ', '_', 'foo_bar', 'baz', '\n', 'Über', 'кот'];

describe('compiled classifier scorer', () => {
  const model = shipped();

  it('scores the datasets, our data and the fixtures exactly as scoreFeatures(features(text))', () => {
    const texts = [
      ...rows('/work/shared/datasets', 300),
      ...rows(path.join(ROOT, 'data'), 1000),
      ...rows(path.join(ROOT, 'test/fixtures'), 300),
    ];
    expect(texts.length).toBeGreaterThan(200);
    expect(differing(model, texts)).toEqual([]);
    // Twice: the second pass runs on the scorer's warm caches and reused scratch space.
    expect(differing(model, texts)).toEqual([]);
  });

  it('scores generated mixes of scripts exactly as the reference', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), { maxLength: 40 }), (parts) => {
        expect(differing(model, [parts.join('')])).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('scores generated texts made of the shipped vocabulary and of every script exactly as the reference', () => {
    const vocabulary = vocabularyPieces();
    expect(vocabulary.length).toBeGreaterThan(1000);
    const piece = fc.oneof(fc.constantFrom(...vocabulary), fc.constantFrom(...vocabulary), fc.constantFrom(...PIECES), ...SCRIPT_MIXES);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        expect(differing(model, [parts.join(''), parts.join(' ')])).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the raw outputs of both heads to the last bit, not only the same decision', () => {
    const { harm, cats } = shippedHeads();
    const { rawScores } = compileScorer(harm, cats);
    const texts = [...rows('/work/shared/datasets', 100), ...rows(path.join(ROOT, 'data'), 300)];
    expect(texts.length).toBeGreaterThan(200);
    const off = texts.filter((t) => {
      const feats = features(t);
      const got = rawScores(t);
      const want = softmaxProbabilities(cats, feats.filter((f) => cats.weights.has(f)));
      return !Object.is(got.harmLogit, rawHarm(harm, feats)) || got.categories.some((p, k) => !Object.is(p, want[k]));
    });
    expect(off).toEqual([]);
  });

  it('scoreAbove gives score() whenever the harm reaches the floor, and skips (null) only below it', () => {
    const texts = [...rows('/work/shared/datasets', 60), ...rows(path.join(ROOT, 'data'), 120)];
    let skipped = 0;
    for (const stage of ['input', 'output'] as const) {
      const m = model.forStage?.(stage) as Model;
      for (const t of texts) {
        const want = m.score(t);
        // Floors at, just around and far from the text's own score, and the policy's usual ones.
        for (const floor of [want.harm, want.harm - 1e-6, want.harm + 1e-6, 0.1, 0.5, 0.6, 0.9, -Infinity]) {
          const got = m.scoreAbove(t, floor);
          if (want.harm >= floor) expect(got).toEqual(want);
          else if (got !== null) expect(got).toEqual(want);
          else skipped++;
        }
      }
    }
    // The point of it: most benign texts are below a 0.5 floor, and their category head is skipped.
    expect(skipped).toBeGreaterThan(texts.length);
  });

  it('bound is at least the harm output scan gives, with the same language evidence, without cutting words', () => {
    const { harm, cats } = shippedHeads();
    const scorer = compileScorer(harm, cats);
    const vocabulary = vocabularyPieces();
    const words = [...harm.weights].filter(([f, w]) => f.startsWith('w:') && w > 0).map(([f]) => f.slice(2));
    expect(words.length).toBeGreaterThan(100);
    const check = (t: string): void => {
      const b = scorer.bound(t);
      const s = scorer.scan(t);
      expect([b.hanChars, b.stems]).toEqual([s.hanChars, s.stems]);
      // Summed in another order: equal sums may differ in the last bits.
      expect(b.harmLogit).toBeGreaterThanOrEqual(s.harmLogit - 1e-12);
    };
    for (const t of [...rows('/work/shared/datasets', 100), ...rows(path.join(ROOT, 'data'), 300), '', '炸', 'bomb']) check(t);
    // Texts dense in the head's words (the bound's weakest point) and in everything else it knows.
    const piece = fc.oneof(fc.constantFrom(...words), fc.constantFrom(...vocabulary), fc.constantFrom(...PIECES), ...SCRIPT_MIXES);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => check(parts.join(''))),
      { numRuns: 400 },
    );
    // A text made of positive words only: without them the bound would be the bias.
    const heavy = words.slice(0, 20).join('，');
    expect(scorer.bound(heavy).harmLogit).toBeGreaterThan(harm.bias);
  });

  it('finds every spelling of a stem pair, single characters, astral characters and words', () => {
    const labels = ['A.1.a', 'benign'];
    const cat = (a: number, b: number) => Float64Array.from([a, b]);
    const toy = modelFromParts({
      name: 'toy',
      harm: { bias: -0.5, weights: new Map([['b:foo_bar_baz', 2], ['e:foo_bar', 0.5], ['c:炸', 0.9], ['c:𠀀𠀁', 0.4], ['w:你好', -0.3], ['c:你好', 0.2], ['e:bomb', 1.5], ['u:药', 0.6], ['t:制炸药', 0.8], ['u:𠀀', 0.7], ['c:𠀂', 0.3], ['t:𠀀𠀁𠀂', 0.5]]) },
      platt: { a: 1.2, b: -0.1 },
      cats: { labels, bias: [0, 0.1], weights: new Map([['b:foo_bar_baz', cat(1, -1)], ['e:kill', cat(0.3, 0)], ['c:炸', cat(2, 0)], ['w:自制', cat(0.5, 0.1)], ['u:自', cat(0.2, 0)]]) },
      // Different shifts per language and stage: the language evidence (distinct characters vs stems)
      // must agree too; "自 bomb bombs" is Chinese only if a stem counts once however often it occurs.
      cells: { 'zh/input/*': 0.3, 'en/input/*': -0.2, 'zh/output/*': 0.7, '*': 0.1 },
    });
    const texts = ['foo_bar baz', 'foo bar_baz', 'foo_bar baz foo bar_baz', '炸', '炸 炸', '𠀀𠀁', '你好', 'make a bomb, kill it', '自制炸药', '', '自制炸药 bomb', '药 make a bomb now', '𠀀𠀁𠀂', '𠀂', '𠀀𠀁 bomb', '𠀀 𠀂 make bomb', '自 bomb bomb', '药 bomb bombs', '自 cat cats'];
    expect(differing(toy, texts)).toEqual([]);
    expect(differing(toy.forStage?.('output') as Model, texts)).toEqual([]);
    expect(differing(model.forStage?.('output') as Model, rows(path.join(ROOT, 'data'), 200))).toEqual([]);
    // The checks above would pass for a scorer that ignores features: these texts must move the score.
    const base = toy.score('').harm;
    for (const t of ['foo_bar baz', 'foo bar_baz', '炸', '𠀀𠀁', 'bomb', '药', '自制炸药', '𠀂', '𠀀𠀁𠀂']) expect(toy.score(t).harm).not.toBe(base);
    expect(toy.score('炸').category).toBe('A.1.a');
  });
  it('looks stems up afresh once the stem cache is emptied, between two texts and within one', () => {
    // "aan" and "ac0" share a stem-cache hash (tokenize-cache.test.ts), so each takes the slot the
    // other held when the cache is refilled in the other order; "bomb" then closes a pair with either.
    const toy = modelFromParts({
      name: 'toy',
      harm: { bias: -0.5, weights: new Map([['e:aan', 1], ['b:bomb_aan', 2], ['e:bomb', 0.5]]) },
      platt: { a: 1, b: 0 },
      cats: { labels: ['A.1.a', 'benign'], bias: [0, 0.1], weights: new Map([['b:bomb_aan', Float64Array.from([1, -1])]]) },
      cells: {},
    });
    const same = (text: string): void => expect(toy.score(text)).toEqual(toy.scoreFeatures(features(text)));
    clearFeatureCaches();
    same('aan ac0');
    clearFeatureCaches();
    same('bomb ac0');
    // 50,000 distinct tokens fill the cache, which empties itself before the last of them.
    clearFeatureCaches();
    const fill = Array.from({ length: 49_999 }, (_, i) => `x${i.toString(36)}`).join(' ');
    same(`aan ac0 ${fill} bomb ac0`);
    expect(toy.score('bomb ac0').harm).toBeLessThan(toy.score('bomb aan').harm);
  });
});
