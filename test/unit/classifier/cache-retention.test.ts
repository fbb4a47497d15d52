/**
 * The classifier's caches (Chinese runs, Latin tokens, pieces) must keep their keys, not the prompts
 * the keys were cut from: V8 makes a substring of 13 or more units a view into its parent string, and
 * a cache of views kept every prompt alive (util/own-copy.ts). Each case feeds 200 prompts with a
 * 200 KB tail that no cache keeps and checks how much of them survives a full collection.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { clearFeatureCaches, cutHanRuns, features, forEachStem, HAN_RUN } from '../../../src/classifier/tokenize';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const PROMPTS = 200;
/** 100,000 two-byte units: 200 KB per prompt, 40 MB for all of them if the caches kept them. */
const tail = (i: number) => `。${String.fromCharCode(0x3000 + (i % 2))}${'、'.repeat(100_000)}`;
/** A distinct run of 16 ideographs for prompt i. */
const hanRun = (i: number) => Array.from({ length: 16 }, (_, k) => String.fromCodePoint(0x4e00 + ((i * 16 + k) % 20_000))).join('');
/** A distinct Latin token of 16 letters for prompt i. */
const longToken = (i: number) => `zz${i.toString(26).replace(/[0-9]/g, (d) => String.fromCharCode(0x61 + Number(d))).padStart(14, 'q')}`;

function heapGrowthMB(feed: (i: number) => void): number {
  clearFeatureCaches();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < PROMPTS; i++) feed(i);
  gc();
  const grown = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  clearFeatureCaches();
  return grown;
}

describe('classifier caches keep their keys, not the prompts', () => {
  test('Chinese runs cut by jieba', () => {
    const grown = heapGrowthMB((i) => {
      const prompt = `${hanRun(i)}${tail(i)}`;
      // Twice: a run is remembered from its second sighting on.
      for (let k = 0; k < 2; k++) cutHanRuns([...prompt.matchAll(HAN_RUN)].map((m) => m[0]));
    });
    expect(grown).toBeLessThan(8);
  });

  test('Latin tokens and their stems', () => {
    const grown = heapGrowthMB((i) => forEachStem(`${longToken(i)} ${tail(i)}`, () => {}));
    expect(grown).toBeLessThan(8);
  });

  test('pieces between Chinese runs', () => {
    const grown = heapGrowthMB((i) => features(`a piece before the run ${longToken(i)} ${hanRun(i)}${tail(i)}`));
    expect(grown).toBeLessThan(8);
  });
});
