/**
 * What jieba's words can add to the harm head at most, without cutting any. jieba cuts a Chinese run
 * into pieces of it, so the known words among a text's jieba words are among the known words that
 * occur in its runs as substrings: an Aho-Corasick pass over each run finds those, and the sum of
 * their positive weights and their number bound the words' part of the harm head's sum (compiled.ts
 * `bound`). On a 2 KB prompt the passes cost a fraction of cutting the words (jieba was a quarter
 * of the scoring worker's time under load).
 */
import { AhoCorasick } from '../detectors/aho-corasick';
import { StampSet } from './int-tables';

export class WordBound {
  private readonly automaton: AhoCorasick | null;
  private readonly weights: Float64Array;
  private readonly seen: StampSet;
  /** The sum of the positive weights of the distinct known words found since `reset` (0 when none). */
  positive = 0;
  /** How many distinct known words were found since `reset`. */
  count = 0;

  /** `words`: each known word (the body of a "w:" feature) and its weight in the harm head. */
  constructor(words: ReadonlyMap<string, number>) {
    const list = [...words.keys()];
    this.automaton = list.length > 0 ? new AhoCorasick(list) : null;
    this.weights = Float64Array.from(list, (w) => words.get(w) as number);
    this.seen = new StampSet(list.length);
  }

  /** Starts a text: no words found yet. */
  reset(): void {
    this.positive = 0;
    this.count = 0;
    this.seen.next();
  }

  /** Adds the known words occurring in `run` (each counted once per text). */
  addRun(run: string): void {
    // Only which words occur matters, not where: no match objects (a 2 KB prompt has ~100 matches).
    this.automaton?.forEachPattern(run, this.found);
  }

  private readonly found = (word: number): void => {
    if (!this.seen.add(word)) return;
    this.count++;
    if (this.weights[word] > 0) this.positive += this.weights[word];
  };
}
