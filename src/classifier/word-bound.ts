/**
 * What jieba's words can add to the harm head at most, without cutting any. jieba cuts a Chinese run
 * into pieces of it, so the known words among a text's jieba words are among the known words that
 * occur in the text as substrings: one Aho-Corasick pass over the text finds those, and the sum of
 * their positive weights and their number bound the words' part of the harm head's sum (compiled.ts
 * `bound`). On a 2 KB prompt the pass costs a fraction of cutting the words (jieba was a quarter of
 * the scoring worker's time under load).
 */
import { AhoCorasick } from '../detectors/aho-corasick';
import { StampSet } from './int-tables';

export interface WordsPresent {
  /** The sum of the positive weights of the distinct known words found (0 when none). */
  positive: number;
  /** How many distinct known words were found. */
  count: number;
}

export class WordBound {
  private readonly automaton: AhoCorasick | null;
  private readonly weights: Float64Array;
  private readonly seen: StampSet;

  /** `words`: each known word (the body of a "w:" feature) and its weight in the harm head. */
  constructor(words: ReadonlyMap<string, number>) {
    const list = [...words.keys()];
    this.automaton = list.length > 0 ? new AhoCorasick(list) : null;
    this.weights = Float64Array.from(list, (w) => words.get(w) as number);
    this.seen = new StampSet(list.length);
  }

  /** The known words occurring anywhere in `text`, each counted once. */
  measure(text: string): WordsPresent {
    let positive = 0;
    let count = 0;
    if (this.automaton === null) return { positive, count };
    this.seen.next();
    for (const m of this.automaton.search(text)) {
      if (!this.seen.add(m.pattern)) continue;
      count++;
      if (this.weights[m.pattern] > 0) positive += this.weights[m.pattern];
    }
    return { positive, count };
  }
}
