/**
 * Compiles keyword entries into one automaton and turns its raw matches into keyword hits: word
 * boundaries where the entry asks for them, per-entry gap limits, allow-list suppression and
 * co-occurrence ("A && B" within N characters). Works on normalized text; the detector maps hits
 * back to the original.
 */
import type { KeywordEntry } from '../policy/keywords-file';
import { reversedVariant } from '../policy/keyword-expand';
import { AhoCorasick } from './aho-corasick';

/** Default noise: ASCII punctuation and decorative symbols evaders put between characters. */
export const DEFAULT_NOISE = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~·•・★☆♥♡♪※→←↑↓■□◆◇○●◎°¤§¦¨¬¯´¸';
export const DEFAULT_MAX_GAP = 2;

export interface MatcherOptions {
  noise?: string;
  maxGap?: number;
  /** Also match keywords written backwards (long enough ones only). Default true. */
  reversed?: boolean;
}

/** What a pattern of the automaton stands for. */
const enum Role {
  Keyword,
  Variant,
  Reversed,
  Allow,
  PartA,
  PartB,
}

export interface KeywordHit {
  entry: number;
  /** [start, end) in the normalized text. */
  start: number;
  end: number;
  /** The normalized text that matched, without skipped noise. */
  matched: string;
  reversed: boolean;
}

const WORD_CHAR = /[\p{Script=Latin}\p{Nd}]/u;
const NO_SOFT = new Int32Array(0);

/**
 * Per UTF-16 unit: 1 a word character (Latin letter or decimal digit), 0 not, 2 not yet known.
 * Filled on first use of each unit: the regex costs a string and a match per call, and the
 * neighbours of English matches in Chinese text are mostly the same few thousand characters.
 */
const wordUnits = new Uint8Array(0x10000).fill(2);
for (let c = 0; c < 0x80; c++) wordUnits[c] = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ? 1 : 0;

function isWordUnit(code: number): boolean {
  if (code < 0) return false;
  let known = wordUnits[code];
  if (known === 2) {
    known = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 0;
    wordUnits[code] = known;
  }
  return known === 1;
}

export class KeywordMatcher {
  readonly automaton: AhoCorasick;
  /** Per automaton pattern (typed arrays: 100k+ patterns, no objects): entry, role, length without noise. */
  private readonly patternEntry: Int32Array;
  private readonly patternRole: Uint8Array;
  private readonly patternLength: Int32Array;
  private readonly noise = new Uint8Array(0x10000);
  readonly maxGap: number;

  constructor(
    readonly entries: readonly KeywordEntry[],
    options: MatcherOptions = {},
  ) {
    const noise = options.noise ?? DEFAULT_NOISE;
    for (const ch of noise) this.noise[ch.charCodeAt(0)] = 1;
    const texts: string[] = [];
    const entryOf: number[] = [];
    const roleOf: number[] = [];
    const add = (text: string, entry: number, role: Role) => {
      texts.push(text);
      entryOf.push(entry);
      roleOf.push(role);
    };
    entries.forEach((e, i) => {
      if (e.near) {
        add(e.near.parts[0], i, Role.PartA);
        add(e.near.parts[1], i, Role.PartB);
        return;
      }
      if (e.kind === 'allow') return add(e.text, i, Role.Allow);
      add(e.text, i, Role.Keyword);
      for (const v of e.variants ?? []) add(v, i, Role.Variant);
      const rev = options.reversed === false ? null : reversedVariant(e.text);
      if (rev) add(rev, i, Role.Reversed);
    });
    this.patternEntry = Int32Array.from(entryOf);
    this.patternRole = Uint8Array.from(roleOf);
    this.patternLength = new Int32Array(texts.length);
    texts.forEach((t, i) => {
      let length = 0;
      for (let k = 0; k < t.length; k++) if (this.noise[t.charCodeAt(k)] === 0) length++;
      this.patternLength[i] = length;
    });
    let maxGap = options.maxGap ?? DEFAULT_MAX_GAP;
    for (const e of entries) if (e.maxGap !== undefined && e.maxGap > maxGap) maxGap = e.maxGap;
    this.maxGap = maxGap;
    this.automaton = new AhoCorasick(texts, { noise, maxGap: this.maxGap });
  }

  /** The neighbour of a match edge, looking past noise when the match itself skipped noise. */
  private neighbour(codes: Uint16Array, from: number, step: -1 | 1, spread: boolean): number {
    let i = from;
    for (let skipped = 0; spread && i >= 0 && i < codes.length && this.noise[codes[i]] === 1 && skipped < this.maxGap; skipped++) i += step;
    return i >= 0 && i < codes.length ? codes[i] : -1;
  }

  /** The normalized text of a match, without the noise it skipped ("b.o.m.b" reads "bomb"). */
  private readable(codes: Uint16Array, start: number, end: number, spread: boolean): string {
    let out = '';
    for (let i = start; i < end; i++) if (!spread || this.noise[codes[i]] === 0) out += String.fromCharCode(codes[i]);
    return out;
  }

  private longestNoiseRun(codes: Uint16Array, start: number, end: number): number {
    let longest = 0;
    let run = 0;
    for (let i = start; i < end; i++) {
      run = this.noise[codes[i]] === 1 ? run + 1 : 0;
      if (run > longest) longest = run;
    }
    return longest;
  }

  /**
   * Word boundary on each side whose edge is a Latin letter or digit (Chinese edges never need
   * one); a soft boundary of normalization (see `Normalized.soft`) counts as one.
   */
  private boundaryOk(codes: Uint16Array, start: number, end: number, spread: boolean, soft: Int32Array): boolean {
    if (isWordUnit(codes[start]) && isWordUnit(this.neighbour(codes, start - 1, -1, spread)) && !soft.includes(start)) return false;
    if (isWordUnit(codes[end - 1]) && isWordUnit(this.neighbour(codes, end, 1, spread)) && !soft.includes(end)) return false;
    return true;
  }

  /** Keyword hits in normalized text, given as its units; `soft`: its soft word boundaries. */
  scan(codes: Uint16Array, soft: Int32Array = NO_SOFT): KeywordHit[] {
    const hits: KeywordHit[] = [];
    const allows: { category: string; start: number; end: number }[] = [];
    // Co-occurrence parts by entry; made only when a part matches (most texts have none).
    let parts: Map<number, { a: [number, number][]; b: [number, number][] }> | null = null;
    for (const m of this.automaton.search(codes)) {
      const index = this.patternEntry[m.pattern];
      const role = this.patternRole[m.pattern] as Role;
      const entry = this.entries[index];
      const spread = m.end - m.start > this.patternLength[m.pattern];
      if (spread && entry.maxGap !== undefined && entry.maxGap < this.maxGap && this.longestNoiseRun(codes, m.start, m.end) > entry.maxGap) continue;
      if (role === Role.Allow) {
        allows.push({ category: entry.category, start: m.start, end: m.end });
        continue;
      }
      const needsBoundary = entry.boundary === 'word' || role === Role.Variant || role === Role.Reversed;
      if (needsBoundary && !this.boundaryOk(codes, m.start, m.end, spread, soft)) continue;
      if (role === Role.PartA || role === Role.PartB) {
        parts ??= new Map();
        const p = parts.get(index) ?? { a: [], b: [] };
        (role === Role.PartA ? p.a : p.b).push([m.start, m.end]);
        parts.set(index, p);
        continue;
      }
      hits.push({ entry: index, start: m.start, end: m.end, matched: this.readable(codes, m.start, m.end, spread), reversed: role === Role.Reversed });
    }
    for (const [entry, p] of parts ?? []) {
      const near = this.entries[entry].near;
      const pair = near ? closestPair(p.a, p.b, near.distance) : null;
      if (pair) hits.push({ entry, start: pair[0], end: pair[1], matched: this.readable(codes, pair[0], pair[1], false), reversed: false });
    }
    if (allows.length === 0) return hits;
    const category = (h: KeywordHit) => this.entries[h.entry].category;
    return hits.filter((h) => !allows.some((a) => a.category === category(h) && a.start <= h.start && h.end <= a.end));
  }
}

/** The first pair of spans, one from each list, at most `distance` characters apart; its cover. */
function closestPair(a: [number, number][], b: [number, number][], distance: number): [number, number] | null {
  for (const x of a) {
    for (const y of b) {
      const gap = Math.max(y[0] - x[1], x[0] - y[1], 0);
      if (gap <= distance) return [Math.min(x[0], y[0]), Math.max(x[1], y[1])];
    }
  }
  return null;
}
