/**
 * WordBound (src/classifier/word-bound.ts): the known words that occur in a text's runs as
 * substrings, each counted once per text, and the sum of their positive weights: what jieba's words
 * can add at most.
 */
import { WordBound } from '../../../src/classifier/word-bound';

function measure(bound: WordBound, runs: string[]): { positive: number; count: number } {
  bound.reset();
  for (const run of runs) bound.addRun(run);
  return { positive: bound.positive, count: bound.count };
}

describe('WordBound', () => {
  const bound = new WordBound(
    new Map([
      ['炸药', 2],
      ['自制', 0.5],
      ['你好', -1],
      ['药', 0.25],
    ]),
  );

  it('finds known words anywhere in a run, overlapping and inside each other, each once per text', () => {
    // 自制 and 炸药 (in two runs), 药 inside 炸药 and alone; 你好 is known with a negative weight.
    expect(measure(bound, ['自制炸药', '炸药', '你好', '药'])).toEqual({ positive: 2.75, count: 4 });
  });

  it('adds no negative weight, and counts nothing in runs without known words', () => {
    expect(measure(bound, ['你好你好'])).toEqual({ positive: 0, count: 1 });
    expect(measure(bound, ['世界'])).toEqual({ positive: 0, count: 0 });
    expect(measure(bound, [])).toEqual({ positive: 0, count: 0 });
  });

  it('finds no word across two runs, and forgets the last text on reset', () => {
    expect(measure(bound, ['自', '制'])).toEqual({ positive: 0, count: 0 });
    measure(bound, ['炸药']);
    expect(measure(bound, ['炸药'])).toEqual({ positive: 2.25, count: 2 });
  });

  it('grows its buffer for a long run', () => {
    expect(measure(bound, ['好'.repeat(5000) + '炸药'])).toEqual({ positive: 2.25, count: 2 });
  });

  it('works with no words at all', () => {
    expect(measure(new WordBound(new Map()), ['炸药'])).toEqual({ positive: 0, count: 0 });
  });
});
