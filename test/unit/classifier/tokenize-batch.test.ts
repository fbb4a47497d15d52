/**
 * cutHanRuns (src/classifier/tokenize.ts) cuts all the Chinese runs it does not remember in one call
 * into jieba, joined by a separator: each run's words must equal jieba's words of the run cut alone,
 * for every character of Unicode's Han script (jieba's own blocks leave some out, U+3007 〇 or
 * U+30000 among them), astral ones too, for runs of dictionary words as well as random characters,
 * and for the runs of the datasets, whether a run is new, remembered, or repeated in one call.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { clearFeatureCaches, cutHanRuns, HAN_RUN, prepareText, segmenter } from '../../../src/classifier/tokenize';

const jieba = Jieba.withDict(dict);
const alone = (runs: readonly string[]): string[][] => runs.map((run) => jieba.cut(run, false));

function rows(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter((l) => l.trim()))
    .map((l) => (JSON.parse(l) as { text?: unknown }).text)
    .filter((t): t is string => typeof t === 'string');
}

const runsOf = (text: string): string[] => Array.from(prepareText(text).matchAll(HAN_RUN), (m) => m[0]);

const ROOT = path.resolve(__dirname, '../../..');
const datasetTexts = [...rows('/work/shared/datasets'), ...rows(path.join(ROOT, 'data')), ...rows(path.join(ROOT, 'test/fixtures'))];

/** Code points of the Han script: the blocks jieba knows, radicals, 々 〇 〡, compatibility ideographs, astral planes 2 and 3. */
const HAN_RANGES: Array<[number, number]> = [
  [0x2e80, 0x2fd5],
  [0x3005, 0x303b],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfad9],
  [0x16fe2, 0x16ff1],
  [0x20000, 0x2fa1d],
  [0x30000, 0x323af],
];
const hanChar = fc
  .oneof(...HAN_RANGES.map(([min, max]) => fc.integer({ min, max })))
  .map((cp) => String.fromCodePoint(cp))
  .filter((c) => /^\p{Script=Han}$/u.test(c));

describe('cutHanRuns', () => {
  const datasetRuns = datasetTexts.flatMap(runsOf);
  /** Dictionary words and longer runs, so that jieba has words to find across the joins. */
  const words = [...new Set(datasetRuns.flatMap((run) => jieba.cut(run, false)))];

  it('cuts each run of a dataset text exactly as jieba cuts it alone', () => {
    expect(datasetTexts.length).toBeGreaterThan(1000);
    clearFeatureCaches();
    const differing = datasetTexts.filter((text) => {
      const runs = runsOf(text);
      return JSON.stringify(cutHanRuns(runs)) !== JSON.stringify(alone(runs));
    });
    expect(differing).toEqual([]);
  });

  it('cuts generated runs of Han characters and words exactly as jieba cuts each alone', () => {
    expect(words.length).toBeGreaterThan(1000);
    const piece = fc.oneof(hanChar, fc.constantFrom(...words), fc.constantFrom(...datasetRuns));
    const run = fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(run, { maxLength: 12 }), fc.nat(), (runs, seen) => {
        clearFeatureCaches();
        // Some runs remembered from an earlier call, so the batch skips them.
        cutHanRuns(runs.filter((_, i) => (seen >> i) & 1));
        expect(cutHanRuns(runs)).toEqual(alone(runs));
      }),
      { numRuns: 1000 },
    );
  });

  it('cuts runs that jieba does not count as Chinese and astral runs at the joins', () => {
    clearFeatureCaches();
    const runs = ['〇', '〇〇', '自制炸药', '𠀀𠀁', '𰀀', '々', '自制', '炸药', '⺀⺁', '〇', '𠀀', '你好', '𠀂𠀃自制'];
    expect(runs.every((r) => new RegExp(`^${HAN_RUN.source}$`, 'u').test(r))).toBe(true);
    expect(cutHanRuns(runs)).toEqual(alone(runs));
    expect(cutHanRuns(runs)).toEqual(alone(runs));
  });
});

describe('remembered runs', () => {
  test('a run is remembered from its second sighting on: cut twice, then never again', () => {
    clearFeatureCaches();
    const cut = jest.spyOn(segmenter(), 'cut');
    const run = '园艺俱乐部周二开会确定了新的浇水安排';
    const words = [cutHanRuns([run]), cutHanRuns([run]), cutHanRuns([run]), cutHanRuns([run])];
    expect(cut).toHaveBeenCalledTimes(2);
    expect(new Set(words.map((w) => w[0].join('|'))).size).toBe(1);
    cut.mockRestore();
    clearFeatureCaches();
  });

  test('a remembered list cannot be changed by the caller it is handed to', () => {
    clearFeatureCaches();
    const run = '新来的实习生周五晚上翻译博物馆时间表';
    cutHanRuns([run]);
    const first = cutHanRuns([run])[0];
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => (first as string[]).push('x')).toThrow(TypeError);
    expect(cutHanRuns([run])[0]).toEqual(first);
    clearFeatureCaches();
  });

  test('emptying the caches forgets sightings too', () => {
    clearFeatureCaches();
    const cut = jest.spyOn(segmenter(), 'cut');
    const run = '我们比较了番茄品种和浇水计划';
    cutHanRuns([run]);
    clearFeatureCaches();
    cutHanRuns([run]);
    cutHanRuns([run]);
    expect(cut).toHaveBeenCalledTimes(3);
    cut.mockRestore();
    clearFeatureCaches();
  });
});
