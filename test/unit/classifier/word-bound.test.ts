/**
 * WordBound (src/classifier/word-bound.ts): the known words that occur in a text's runs as
 * substrings, each counted once per text, and the sum of their positive weights: what jieba's words
 * can add at most. Found from the characters of each run and the numbers of its pairs, as the
 * compiled scorer's Han scan looks them up in the vocabulary.
 */
import fc from 'fast-check';
import { NONE } from '../../../src/classifier/int-tables';
import { Vocabulary } from '../../../src/classifier/vocabulary';
import { WordBound } from '../../../src/classifier/word-bound';

function boundOf(words: Map<string, number>): { bound: WordBound; vocab: Vocabulary } {
  const vocab = new Vocabulary([...words.keys()].map((w) => `w:${w}`));
  return { bound: new WordBound(words, (a, b) => vocab.pairs.get(a, b)), vocab };
}

/** The runs' words as the scorer's scan hands them over: code points, and the number of each pair. */
function measure({ bound, vocab }: { bound: WordBound; vocab: Vocabulary }, runs: string[]): { positive: number; count: number } {
  bound.reset();
  for (const run of runs) {
    const cps = Int32Array.from(Array.from(run, (ch) => ch.codePointAt(0) as number));
    // One slot more than the pairs, holding a number: the last character starts no pair.
    const pairs = new Int32Array(cps.length).fill(0);
    for (let i = 0; i + 1 < cps.length; i++) pairs[i] = vocab.pairs.get(cps[i], cps[i + 1]);
    bound.addRun(cps, pairs, cps.length);
  }
  return { positive: bound.positive, count: bound.count };
}

describe('WordBound', () => {
  const words = new Map([
    ['炸药', 2],
    ['自制', 0.5],
    ['你好', -1],
    ['药', 0.25],
    ['炸药包', 1],
    ['制作炸药方法', 4],
  ]);
  const toy = boundOf(words);

  it('finds known words anywhere in a run, overlapping and inside each other, each once per text', () => {
    // 自制 and 炸药 (in two runs), 药 inside 炸药 and alone; 你好 is known with a negative weight.
    expect(measure(toy, ['自制炸药', '炸药', '你好', '药'])).toEqual({ positive: 2.75, count: 4 });
    // Words that share their first pair: 炸药 and 炸药包; a long one beside them.
    expect(measure(toy, ['制作炸药方法', '炸药包'])).toEqual({ positive: 7.25, count: 4 });
  });

  it('adds no negative weight, and counts nothing in runs without known words', () => {
    expect(measure(toy, ['你好你好'])).toEqual({ positive: 0, count: 1 });
    expect(measure(toy, ['世界'])).toEqual({ positive: 0, count: 0 });
    expect(measure(toy, [])).toEqual({ positive: 0, count: 0 });
  });

  it('finds no word across two runs or past the end of one, and forgets the last text on reset', () => {
    expect(measure(toy, ['自', '制'])).toEqual({ positive: 0, count: 0 });
    // 炸药包 begins with 炸药 but does not fit in the run.
    expect(measure(toy, ['制作炸药方'])).toEqual({ positive: 2.25, count: 2 });
    measure(toy, ['炸药']);
    expect(measure(toy, ['炸药'])).toEqual({ positive: 2.25, count: 2 });
  });

  it('finds words of astral characters, and in a long run', () => {
    const astral = boundOf(new Map([['𠀀𠀁', 3], ['𠀂', 1]]));
    expect(measure(astral, ['好𠀀𠀁𠀂'])).toEqual({ positive: 4, count: 2 });
    expect(measure(toy, ['好'.repeat(5000) + '炸药'])).toEqual({ positive: 2.25, count: 2 });
  });

  it('works with no words at all, and refuses a longer word without a pair number', () => {
    expect(measure(boundOf(new Map()), ['炸药'])).toEqual({ positive: 0, count: 0 });
    expect(() => new WordBound(new Map([['炸药', 1]]), () => NONE)).toThrow(/no pair number/);
  });

  it('finds exactly the known words that are substrings of some run (random words and runs)', () => {
    const alphabet = fc.constantFrom(...'炸药自制作你好方法包世界𠀀𠀁');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));
    const weight = fc.double({ min: -3, max: 3, noNaN: true });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(word, weight), { selector: ([w]) => w, maxLength: 25 }), fc.array(fc.array(alphabet, { maxLength: 30 }).map((cs) => cs.join('')), { maxLength: 4 }), (known, runs) => {
        const got = measure(boundOf(new Map(known)), runs);
        const present = known.filter(([w]) => runs.some((r) => r.includes(w)));
        expect(got.count).toBe(present.length);
        expect(got.positive).toBeCloseTo(present.reduce((sum, [, w]) => sum + Math.max(0, w), 0), 9);
      }),
      { numRuns: 300 },
    );
  });
});
