/**
 * WordBound (src/classifier/word-bound.ts): the known words that occur in a text as substrings, each
 * counted once, and the sum of their positive weights: what jieba's words can add at most.
 */
import { WordBound } from '../../../src/classifier/word-bound';

describe('WordBound', () => {
  const bound = new WordBound(
    new Map([
      ['炸药', 2],
      ['自制', 0.5],
      ['你好', -1],
      ['药', 0.25],
    ]),
  );

  it('finds known words anywhere, overlapping and inside each other, each once', () => {
    // 自制 and 炸药 (twice), 药 inside 炸药 and alone; 你好 is known with a negative weight.
    expect(bound.measure('自制炸药，炸药 你好 药')).toEqual({ positive: 2.75, count: 4 });
  });

  it('adds no negative weight, and counts nothing in a text without known words', () => {
    expect(bound.measure('你好你好')).toEqual({ positive: 0, count: 1 });
    expect(bound.measure('hello 世界')).toEqual({ positive: 0, count: 0 });
    expect(bound.measure('')).toEqual({ positive: 0, count: 0 });
  });

  it('forgets the last text between calls', () => {
    bound.measure('炸药');
    expect(bound.measure('炸药')).toEqual({ positive: 2.25, count: 2 });
  });

  it('works with no words at all', () => {
    expect(new WordBound(new Map()).measure('炸药')).toEqual({ positive: 0, count: 0 });
  });
});
