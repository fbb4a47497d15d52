/**
 * The pattern rules' prefilters in one pass. Most prefilters are alternations of literals
 * ("ignore|disregard|forget", "微信|vx|wechat", "sk-"); tested one by one they read a 2 KB prompt
 * some 50 times, and a case-insensitive alternation is slow in V8's regex engine (~160 µs per 2 KB
 * prompt for all of them, measured). Here every literal of every such prefilter goes into one
 * Aho-Corasick automaton, run once over the lower-cased text; a prefilter none of whose literals
 * occurs there cannot match (lower-casing keeps every match of a literal, case-insensitive or not,
 * see `folded`), and one whose literal occurs is still confirmed by its own regex, so the answers
 * are exactly the regexes' answers. Prefilters that are not plain literals are left to their regex,
 * asked once per text when a rule needs the answer, unless the text holds none of the characters
 * one of which begins every match (`\d{4}`: a digit; leading-chars.ts): one pass over the text
 * answers those for all of them (on a 2 KB prompt without digits, ~1 µs instead of ~8 µs of scans).
 */
import { AhoCorasick } from './aho-corasick';
import { asciiCharsOf, leadingChars, overlaps, type AsciiSet } from './leading-chars';

/** Regex syntax: a source without any of these is a literal (or an alternation of literals). */
const SYNTAX = /[\\^$.?*+()[\]{}]/;

/**
 * A superset of what a case-insensitive literal can match, as text to search for the lower-cased
 * literal: lower case, and the one character whose case-insensitive (simple case folding) match
 * toLowerCase does not map into ASCII, LATIN SMALL LETTER LONG S (matches "s"). KELVIN SIGN
 * lower-cases to "k" already. A lower-cased text contains every case-sensitive match too.
 */
function folded(text: string): string {
  const lower = text.toLowerCase();
  return lower.includes('\u017f') ? lower.replaceAll('\u017f', 's') : lower;
}

export class PrefilterScan {
  /** The distinct prefilters given, by number. */
  readonly prefilters: RegExp[];
  private readonly numbers = new Map<RegExp, number>();
  private readonly literal: Uint8Array;
  private readonly automaton: AhoCorasick | null;
  /** Pattern id of the automaton → the numbers of the literal prefilters it may satisfy. */
  private readonly owners: number[][] = [];
  /** For each prefilter that is not a literal: the characters every match begins with, or null. */
  private readonly leading: Array<AsciiSet | null>;
  /** The ASCII characters of the text being checked (computed when some prefilter has leading characters). */
  private readonly textChars: AsciiSet = new Uint32Array(4);
  private readonly anyLeading: boolean;
  // Each prefilter's answer for the text being checked: valid while its stamp is the text's. No
  // per-text Map or Set (growing one was a tenth of the gateway's allocation per request).
  private readonly stamps: Int32Array;
  private readonly answers: Uint8Array;
  private stamp = 0;

  constructor(prefilters: Iterable<RegExp>) {
    this.prefilters = [...new Set(prefilters)];
    this.literal = new Uint8Array(this.prefilters.length);
    this.stamps = new Int32Array(this.prefilters.length);
    this.answers = new Uint8Array(this.prefilters.length);
    const ids = new Map<string, number>();
    this.prefilters.forEach((p, n) => {
      this.numbers.set(p, n);
      if (SYNTAX.test(p.source)) return;
      const alternatives = p.source.split('|');
      if (alternatives.some((a) => a.length === 0)) return;
      this.literal[n] = 1;
      for (const a of alternatives) {
        const key = a.toLowerCase();
        let id = ids.get(key);
        if (id === undefined) {
          id = this.owners.length;
          ids.set(key, id);
          this.owners.push([]);
        }
        if (!this.owners[id].includes(n)) this.owners[id].push(n);
      }
    });
    this.automaton = this.owners.length > 0 ? new AhoCorasick([...ids.keys()]) : null;
    this.leading = this.prefilters.map((p, n) => (this.literal[n] === 1 ? null : leadingChars(p)));
    this.anyLeading = this.leading.some((set) => set !== null);
  }

  /** The number of a prefilter given to the constructor. */
  numberOf(p: RegExp): number {
    const n = this.numbers.get(p);
    if (n === undefined) throw new Error(`prefilter /${p.source}/ was not given to this scan`);
    return n;
  }

  /** Whether the prefilter is answered by the one pass (an alternation of literals). */
  isLiteral(n: number): boolean {
    return this.literal[n] === 1;
  }

  /**
   * Starts checking `text`: forgets the last text's answers and answers every literal prefilter in
   * one pass, true only when its regex matches.
   */
  scan(text: string): void {
    if (++this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    if (this.anyLeading) asciiCharsOf(text, this.textChars);
    if (!this.automaton) return;
    for (const m of this.automaton.search(folded(text))) {
      for (const n of this.owners[m.pattern]) {
        // The regex answers for the whole text: once per prefilter is enough.
        if (this.stamps[n] !== this.stamp) this.answer(n, text);
      }
    }
  }

  /** Whether every numbered prefilter matches the text last scanned (the others by their regex, once per text). */
  allMatch(numbers: readonly number[], text: string): boolean {
    for (const n of numbers) {
      const known = this.stamps[n] === this.stamp;
      if (known ? this.answers[n] === 0 : this.literal[n] === 1 || !this.answer(n, text)) return false;
    }
    return true;
  }

  private answer(n: number, text: string): boolean {
    const p = this.prefilters[n];
    const leading = this.leading[n];
    p.lastIndex = 0;
    const hit = (leading === null || overlaps(leading, this.textChars)) && p.test(text);
    this.stamps[n] = this.stamp;
    this.answers[n] = hit ? 1 : 0;
    return hit;
  }
}
