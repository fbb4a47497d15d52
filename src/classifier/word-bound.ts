/**
 * What jieba's words can add to the harm head at most, without cutting any. jieba cuts a Chinese run
 * into pieces of it, so the known words among a text's jieba words are among the known words that
 * occur in its runs as substrings; the sum of their positive weights and their number bound the
 * words' part of the harm head's sum (compiled.ts `bound`). On a 2 KB prompt this costs a fraction
 * of cutting the words (jieba was a quarter of the scoring worker's time under load).
 *
 * The words are found from what the scorer's Han scan has already looked up, not by a pass of their
 * own: a word of one character is its code point, and a longer one begins with a pair of characters
 * that the vocabulary numbers for it (vocabulary.ts), so only the words filed under a pair found at
 * some offset are compared with the characters after it. A second pass over each run (an
 * Aho-Corasick automaton of the words) read every character again through tables of its own.
 */
import { CodePointTable, NONE, StampSet } from './int-tables';
import { codePoints } from './vocabulary';

export class WordBound {
  /** Word index of each one-character word, by code point. */
  private readonly singles = new CodePointTable();
  /** The longer words by the number of their first pair: indexes byPair[pairStart[p] .. pairStart[p + 1]). */
  private readonly pairStart: Int32Array;
  private readonly byPair: Int32Array;
  /** The code points of each longer word after its first two: tails[tailStart[w] .. tailStart[w + 1]). */
  private readonly tailStart: Int32Array;
  private readonly tails: Int32Array;
  private readonly weights: Float64Array;
  private readonly seen: StampSet;
  /** The sum of the positive weights of the distinct known words found since `reset` (0 when none). */
  positive = 0;
  /** How many distinct known words were found since `reset`. */
  count = 0;

  /**
   * `words`: each known word (the body of a "w:" feature) and its weight in the harm head.
   * `pairNumber`: the number of a pair of code points, NONE when it has none; every word of two or
   * more characters must have one for its first two (the numbers the caller passes to `addRun`).
   */
  constructor(words: ReadonlyMap<string, number>, pairNumber: (a: number, b: number) => number) {
    const list = [...words.keys()].map(codePoints);
    this.weights = Float64Array.from(words.values());
    this.seen = new StampSet(list.length);
    const firstPair = list.map((cps) => (cps.length < 2 ? NONE : pairNumber(cps[0], cps[1])));
    if (firstPair.some((p, w) => p === NONE && list[w].length >= 2)) throw new Error('a word of two or more characters has no pair number');
    list.forEach((cps, w) => {
      if (cps.length === 1) this.singles.set(cps[0], w);
    });
    this.pairStart = new Int32Array(firstPair.reduce((max, p) => Math.max(max, p), -1) + 2);
    for (const p of firstPair) if (p !== NONE) this.pairStart[p + 1]++;
    for (let p = 1; p < this.pairStart.length; p++) this.pairStart[p] += this.pairStart[p - 1];
    this.byPair = new Int32Array(this.pairStart[this.pairStart.length - 1]);
    const filled = this.pairStart.slice(0, -1);
    firstPair.forEach((p, w) => {
      if (p !== NONE) this.byPair[filled[p]++] = w;
    });
    this.tailStart = new Int32Array(list.length + 1);
    list.forEach((cps, w) => (this.tailStart[w + 1] = this.tailStart[w] + Math.max(0, cps.length - 2)));
    this.tails = Int32Array.from(list.flatMap((cps) => cps.slice(2)));
  }

  /** Starts a text: no words found yet. */
  reset(): void {
    this.positive = 0;
    this.count = 0;
    this.seen.next();
  }

  /**
   * Adds the known words occurring in a run (each counted once per text), given its code points
   * cps[0 .. n) and the number of each pair of neighbours: pairs[i] for (cps[i], cps[i + 1]), NONE
   * when it has none.
   */
  addRun(cps: Int32Array, pairs: Int32Array, n: number): void {
    const { singles, pairStart, byPair, tailStart, tails } = this;
    for (let i = 0; i < n; i++) {
      const single = singles.get(cps[i]);
      if (single !== NONE) this.found(single);
      const p = i + 1 < n ? pairs[i] : NONE;
      if (p === NONE || p + 1 >= pairStart.length) continue;
      for (let k = pairStart[p]; k < pairStart[p + 1]; k++) {
        const w = byPair[k];
        const from = tailStart[w];
        const length = tailStart[w + 1] - from;
        if (i + 2 + length > n) continue;
        let j = 0;
        while (j < length && tails[from + j] === cps[i + 2 + j]) j++;
        if (j === length) this.found(w);
      }
    }
  }

  private found(w: number): void {
    if (!this.seen.add(w)) return;
    this.count++;
    if (this.weights[w] > 0) this.positive += this.weights[w];
  }
}
