/**
 * Scoring a text must leave nothing behind for the old generation. The compiled scorer lives as long
 * as its model, and so do its scratch tables; a long-lived Set cleared per text got its new hash
 * tables in the old generation on every clear and growth, ~6 KB per 2 KB prompt in the classifier
 * worker: its old generation grew ~4 MB/s under load, with a full collection (10-15 ms pauses,
 * incremental steps up to 15 ms) every 10-30 s. The distinct-stems and astral-character sets are
 * made anew per text now (README "Detection hot path").
 */
import path from 'node:path';
import { loadModel } from '../../../src/classifier/model';
import { mulberry32 } from '../../../src/util/prng';
import { oldGenerationKb } from '../../helpers/promoted';

const ROOT = path.resolve(__dirname, '../../..');
const TEXTS = 2000;

/** Made-up words, which the model does not know; few enough that the stem cache keeps them all. */
function madeUpWords(rand: () => number): string[] {
  return Array.from({ length: 400 }, () => Array.from({ length: 4 + Math.floor(rand() * 6) }, () => String.fromCharCode(0x61 + Math.floor(rand() * 26))).join(''));
}

/** ~2 KB of those words in a new order each time, a few Chinese runs and astral ideographs. */
function text(rand: () => number, words: string[]): string {
  const parts: string[] = [];
  let length = 0;
  while (length < 2000) {
    const r = rand();
    const part = r < 0.8
      ? words[Math.floor(rand() * words.length)]
      : r < 0.95 ? '今天天气很好我们去公园' : String.fromCodePoint(0x20000 + Math.floor(rand() * 50));
    parts.push(part);
    length += part.length + 1;
  }
  return parts.join(' ');
}

test('scoring 2,000 distinct prompts leaves under 0.5 KB each in the old generation', async () => {
  const problems: string[] = [];
  const model = loadModel(path.join(ROOT, 'rules/models/risk.json'), problems);
  if (!model) throw new Error(problems.join('; '));
  const input = model.forStage?.('input') ?? model;
  const rand = mulberry32(7);
  const words = madeUpWords(rand);
  // Warm: the stem cache and the scorer's tables fill, and the code is compiled.
  for (let i = 0; i < 500; i++) input.score(text(rand, words));
  let flagged = 0;
  const kb = await oldGenerationKb(async () => {
    for (let i = 0; i < TEXTS; i++) {
      // scoreAbove with the default floor: the path the gateway takes (bound, then scan if needed).
      if (input.scoreAbove(text(rand, words), 0.63)) flagged++;
      if (i % 32 === 0) await new Promise((r) => setImmediate(r));
    }
  });
  expect(flagged).toBeLessThan(TEXTS / 100);
  expect(kb / TEXTS).toBeLessThan(0.5);
}, 60_000);
