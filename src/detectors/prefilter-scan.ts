/**
 * The pattern rules' prefilters in one pass. Most prefilters are alternations of literals
 * ("ignore|disregard|forget", "微信|vx|wechat", "sk-"); tested one by one they read a 2 KB prompt
 * some 50 times, and a case-insensitive alternation is slow in V8's regex engine (~160 µs per 2 KB
 * prompt for all of them, measured). Here every literal of every such prefilter goes into one
 * Aho-Corasick automaton, run once over the lower-cased text; a prefilter none of whose literals
 * occurs there cannot match (lower-casing keeps every match of a literal, case-insensitive or not,
 * see `folded`), and one whose literal occurs is still confirmed by its own regex, so the answers
 * are exactly the regexes' answers. Prefilters that are not plain literals are left to their regex.
 */
import { AhoCorasick } from './aho-corasick';

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
  private readonly automaton: AhoCorasick | null;
  /** Pattern id of the automaton → the literal prefilters it may satisfy. */
  private readonly owners: RegExp[][] = [];
  /** The prefilters answered through the automaton. */
  readonly literal = new Set<RegExp>();

  constructor(prefilters: Iterable<RegExp>) {
    const ids = new Map<string, number>();
    for (const p of new Set(prefilters)) {
      if (SYNTAX.test(p.source)) continue;
      const alternatives = p.source.split('|');
      if (alternatives.some((a) => a.length === 0)) continue;
      this.literal.add(p);
      for (const a of alternatives) {
        const key = a.toLowerCase();
        let id = ids.get(key);
        if (id === undefined) {
          id = this.owners.length;
          ids.set(key, id);
          this.owners.push([]);
        }
        if (!this.owners[id].includes(p)) this.owners[id].push(p);
      }
    }
    this.automaton = this.owners.length > 0 ? new AhoCorasick([...ids.keys()]) : null;
  }

  /**
   * Records in `seen` the answer of every literal prefilter for this text: true only when its
   * regex matches. Prefilters that are not literals are not touched.
   */
  scan(text: string, seen: Map<RegExp, boolean>): void {
    if (!this.automaton) return;
    const confirmed = new Set<RegExp>();
    for (const p of this.literal) seen.set(p, false);
    for (const m of this.automaton.search(folded(text))) {
      for (const p of this.owners[m.pattern]) {
        // The regex answers for the whole text: once per prefilter is enough.
        if (confirmed.has(p)) continue;
        confirmed.add(p);
        p.lastIndex = 0;
        seen.set(p, p.test(text));
      }
    }
  }
}
