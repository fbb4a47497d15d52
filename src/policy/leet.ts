/**
 * The Latin-script passes of normalization, run on the folded units (offsets travel with them):
 *
 * 1. Spaced-out letters join up: "f u c k", "k. i. l. l", "h 0 w t 0" read as one word. Only runs
 *    of three or more single characters (letters, digits, @ and $), each standing alone between
 *    separators of one or two spaces or punctuation marks, with at least two letters among them;
 *    so ordinary single-letter words ("I", "a") never join, and "1 2 3" stays a list of digits.
 * 2. Leetspeak folds inside letter runs only: "h4ck", "b0mb", "@ss", "k1ll" and "5h007" read as
 *    letters, while numbers ("142,460", "2024") and numbers with units ("100kg") keep their digits.
 *    A run is a maximal sequence of ASCII letters, digits and the symbols below; it folds when it
 *    holds a letter and a leet unit, is at least three long and is not a number with a letter
 *    suffix or prefix (three or more digits in one block at an end). A short run ("t0", "70", "4")
 *    folds only next to a run that folded, one space apart: "h0w 70 m4k3 4 b0mb" is "how to make a
 *    bomb", while "5g" and "4u" alone stay.
 */
const LEET: Record<number, number> = {
  0x30: 0x6f, // 0 → o
  0x31: 0x69, // 1 → i
  0x33: 0x65, // 3 → e
  0x34: 0x61, // 4 → a
  0x35: 0x73, // 5 → s
  0x37: 0x74, // 7 → t
  0x38: 0x62, // 8 → b
  0x40: 0x61, // @ → a
  0x24: 0x73, // $ → s
  0x21: 0x69, // ! → i
  0x7c: 0x6c, // | → l
};

const SPACE = 0x20;

/** ASCII classes: bit 1 letter, 2 digit, 4 leet unit, 8 in a leet run, 16 spaced-token unit, 32 separator. */
const CLS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = c >= 0x61 && c <= 0x7a;
  const digit = c >= 0x30 && c <= 0x39;
  const leet = LEET[c] !== undefined;
  let cls = 0;
  if (letter) cls |= 1;
  if (digit) cls |= 2;
  if (leet) cls |= 4;
  if (letter || digit || leet) cls |= 8;
  if (letter || digit || c === 0x40 || c === 0x24) cls |= 16;
  else if (c === SPACE || (c > SPACE && c < 0x7f && !(c >= 0x41 && c <= 0x5a))) cls |= 32;
  CLS[c] = cls;
}

/**
 * For the normalizer's pass: bit 1 letter, 2 leet unit (digit, @ $ ! |), 4 separator, 8 spaced-token
 * unit. A letter next to a leet unit, or a token between separators, means the Latin passes have
 * work to do; text with neither (most Chinese text, plain prose) skips them.
 */
export const LATIN_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  LATIN_CLASS[c] = (CLS[c] & 1) | (CLS[c] & 4 ? 2 : 0) | (CLS[c] & 32 ? 4 : 0) | (CLS[c] & 16 ? 8 : 0);
}

function cls(c: number): number {
  return c < 128 ? CLS[c] : 0;
}

function isLetter(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** A token unit at `i` with no letter, digit or other non-separator unit touching it. */
function singleToken(codes: Uint16Array, i: number, n: number): boolean {
  if ((cls(codes[i]) & 16) === 0) return false;
  if (i > 0 && (cls(codes[i - 1]) & 32) === 0) return false;
  return i + 1 >= n || (cls(codes[i + 1]) & 32) !== 0;
}

/**
 * The separator after the token at `i` (one or two units) as a number (u1 << 16 | u2, u2 = 0 for
 * one unit), and the index of the single token after it; `next` is -1 when there is none.
 */
function separatorAfter(codes: Uint16Array, i: number, n: number): { sep: number; next: number } {
  let sep = 0;
  for (let j = i + 1; j <= i + 3 && j < n; j++) {
    if ((cls(codes[j]) & 32) !== 0) {
      sep = j === i + 1 ? codes[j] << 16 : sep | codes[j];
      continue;
    }
    return { sep, next: j > i + 1 && singleToken(codes, j, n) ? j : -1 };
  }
  return { sep, next: -1 };
}

/** Whether a single token stands one or two separator units before `i`. */
function singleBefore(codes: Uint16Array, i: number): boolean {
  for (let j = i - 1; j >= i - 3 && j >= 0; j--) {
    if ((cls(codes[j]) & 32) !== 0) continue;
    return j < i - 1 && singleToken(codes, j, codes.length);
  }
  return false;
}

/**
 * Normalized positions where a word may begin inside a joined run: after a leading "a" or "i",
 * which are words of their own as often as spaced-out letters ("a b o m b" reads "a bomb" too).
 * Filled by `joinSpaced`, read through `softBoundaries()`; empty for almost every text.
 */
let soft = new Int32Array(16);
let softCount = 0;

/** The soft word boundaries of the last normalization (a view the next one overwrites). */
export function softBoundaries(): Int32Array {
  return soft.subarray(0, softCount);
}

function addSoft(at: number): void {
  if (softCount === soft.length) {
    const grown = new Int32Array(soft.length * 2);
    grown.set(soft);
    soft = grown;
  }
  soft[softCount++] = at;
}

/**
 * Joins runs of spaced-out single characters in place; returns the new length. Every separator
 * of a run must be the same ("f u c k", "k.i.l.l"): "a b.o.m.b" is the word "a" and a spaced-out
 * "bomb", and alternating marks ("b*o.m*b") are left to the matcher's noise skip.
 */
function joinSpaced(codes: Uint16Array, starts: Int32Array, ends: Int32Array, n: number): number {
  let w = 0;
  let r = 0;
  let changed = false;
  while (r < n) {
    const c = codes[r];
    if (c < 128 && (CLS[c] & 16) !== 0 && singleToken(codes, r, n)) {
      // Measure the run of single tokens starting here.
      let count = 1;
      let letters = isLetter(c) ? 1 : 0;
      let last = r;
      const first = separatorAfter(codes, r, n);
      for (let at = first; at.next !== -1 && at.sep === first.sep; at = separatorAfter(codes, at.next, n)) {
        count++;
        if (isLetter(codes[at.next])) letters++;
        last = at.next;
      }
      // A single token just before or after the run, behind another separator: the whole stretch
      // is punctuated letter by letter ("m*e. a. j.i"), which the matcher's noise skip reads.
      const isolated = !singleBefore(codes, r) && separatorAfter(codes, last, n).next === -1;
      if (count >= 3 && letters >= 2 && isolated) {
        const runStart = w;
        for (let k = r; k <= last; k++) {
          if ((cls(codes[k]) & 32) !== 0) continue;
          codes[w] = codes[k];
          starts[w] = starts[k];
          ends[w] = ends[k];
          w++;
        }
        if (c === 0x61 || c === 0x69) addSoft(runStart + 1);
        changed = true;
        r = last + 1;
        continue;
      }
      // Not a run: skip the token (the next candidate starts after its separator).
    }
    if (changed) {
      codes[w] = c;
      starts[w] = starts[r];
      ends[w] = ends[r];
    }
    w++;
    r++;
  }
  return w;
}

/** Long runs: fold when they mix letters and leet units and are not a number with a unit. */
function runQualifies(codes: Uint16Array, start: number, end: number): boolean {
  let letters = 0;
  let leet = 0;
  let digits = 0;
  let firstDigit = -1;
  let lastDigit = -1;
  for (let i = start; i < end; i++) {
    const c = codes[i];
    if (isLetter(c)) letters++;
    else if (LEET[c] !== undefined) leet++;
    if (isDigit(c)) {
      digits++;
      if (firstDigit < 0) firstDigit = i;
      lastDigit = i;
    }
  }
  if (letters === 0 || leet === 0 || end - start < 3) return false;
  // "100kg", "win2000": one block of three or more digits at an end is a number, not leetspeak.
  const oneBlock = digits === lastDigit - firstDigit + 1;
  return !(digits >= 3 && oneBlock && (firstDigit === start || lastDigit === end - 1));
}

/** Short runs ("t0", "70", "4") that would fold if a folded neighbour vouches for them. */
function shortCandidate(codes: Uint16Array, start: number, end: number): boolean {
  if (end - start > 2) return false;
  for (let i = start; i < end; i++) if (LEET[codes[i]] !== undefined) return true;
  return false;
}

/** Symbols read as letters only between letters (or, for @ and $, before one): "hi!" keeps its "!". */
function symbolAllowed(codes: Uint16Array, i: number, start: number, end: number): boolean {
  const c = codes[i];
  const before = i > start && isLetter(codes[i - 1]);
  const after = i + 1 < end && isLetter(codes[i + 1]);
  if (c === 0x40 || c === 0x24) return after;
  return before && after;
}

/** Folds one run; returns how many units changed (a trailing "!" alone changes nothing). */
function foldRun(codes: Uint16Array, start: number, end: number): number {
  let changed = 0;
  // Digits first, so a symbol next to a folded digit ("@55") sees the letter it became.
  for (let k = start; k < end; k++) {
    if (isDigit(codes[k]) && LEET[codes[k]] !== undefined) {
      codes[k] = LEET[codes[k]];
      changed++;
    }
  }
  for (let k = start; k < end; k++) {
    const to = LEET[codes[k]];
    if (to !== undefined && !isDigit(codes[k]) && symbolAllowed(codes, k, start, end)) {
      codes[k] = to;
      changed++;
    }
  }
  return changed;
}

/**
 * Folds leetspeak in place in the first `n` units of `codes`; offsets are unchanged (1:1). Returns
 * whether it passed three or more one-unit runs in a row, one or two separators apart: spaced-out
 * letters that `joinSpaced` may join (noticed here, so most texts need no pass of their own).
 * "!" and "|" belong to leet runs, so letters spread out with them alone ("f!u!c!k") are not
 * noticed; they read as leetspeak instead.
 */
export function foldLeet(codes: Uint16Array, n: number): boolean {
  let prevEnd = -2; // end of the previous run, and whether it folded
  let prevFolded = false;
  let shortStart = -1; // a short run waiting for the next run to vouch for it
  let shortEnd = -1;
  let singles = 0; // one-unit runs in a row, separators apart
  let spaced = false;
  let i = 0;
  while (i < n) {
    const c = codes[i];
    if (c >= 128 || (CLS[c] & 8) === 0) {
      i++;
      continue;
    }
    if (i + 1 === n || codes[i + 1] >= 128 || (CLS[codes[i + 1]] & 8) === 0) {
      const apart = i - prevEnd;
      const separated = (apart === 1 || apart === 2) && (cls(codes[i - 1]) & 32) !== 0 && (apart === 1 || (cls(codes[i - 2]) & 32) !== 0);
      singles = separated && singles > 0 ? singles + 1 : 1;
      if (singles >= 3) spaced = true;
    } else {
      singles = 0;
    }
    let end = i + 1;
    let mixed = (CLS[c] & 6) !== 0;
    while (end < n && codes[end] < 128 && (CLS[codes[end]] & 8) !== 0) {
      if ((CLS[codes[end]] & 6) !== 0) mixed = true;
      end++;
    }
    // One space apart from the previous run: neighbours for the short-run rule.
    const adjacent = prevEnd + 1 === i && codes[prevEnd] === SPACE;
    let folded = false;
    // Most runs are plain words or plain numbers: only runs with a digit or symbol are looked at.
    if (mixed && runQualifies(codes, i, end) && foldRun(codes, i, end) > 0) {
      folded = true;
      if (shortStart >= 0 && shortEnd + 1 === i && codes[shortEnd] === SPACE) foldShort(codes, shortStart, shortEnd);
    } else if (mixed && adjacent && prevFolded && shortCandidate(codes, i, end)) {
      foldShort(codes, i, end);
      folded = true;
    }
    shortStart = !folded && mixed && shortCandidate(codes, i, end) ? i : -1;
    shortEnd = end;
    prevEnd = end;
    prevFolded = folded;
    i = end;
  }
  return spaced;
}

/** A short run vouched for by a neighbour: every leet digit folds (a lone "4" is "a"). */
function foldShort(codes: Uint16Array, start: number, end: number): void {
  for (let k = start; k < end; k++) if (isDigit(codes[k]) && LEET[codes[k]] !== undefined) codes[k] = LEET[codes[k]];
}

/**
 * Both Latin passes over the first `n` normalized units (the offset arrays move with the units
 * when spaced letters join); returns the new length. `needed`: false when the caller saw no unit
 * pair that would give them work (see LATIN_CLASS).
 */
export function foldLatinRuns(codes: Uint16Array, starts: Int32Array, ends: Int32Array, n: number, needed = true): number {
  softCount = 0;
  if (!needed || !foldLeet(codes, n)) return n;
  // Spaced-out letters: join them, then fold leetspeak again inside the joined words ("h 0 w").
  const joined = joinSpaced(codes, starts, ends, n);
  if (joined !== n) foldLeet(codes, joined);
  return joined;
}

/**
 * Streaming: start of a trailing chain of single characters with one separator (a spaced-out word
 * that more text may extend, "f u"), so the caller can hold it back; `n` when there is none.
 */
export function spacedTailStart(codes: Uint16Array, n: number): number {
  let i = n;
  while (i > 0 && n - i < 2 && (cls(codes[i - 1]) & 32) !== 0) i--;
  if (i === 0 || !singleToken(codes, i - 1, n)) return n;
  let start = i - 1;
  let sep = -1;
  for (;;) {
    // The separator before `start`, then the token before it.
    let j = start;
    let here = 0;
    while (j > 0 && start - j < 2 && (cls(codes[j - 1]) & 32) !== 0) {
      here = j === start ? codes[j - 1] : (codes[j - 1] << 16) | here;
      j--;
    }
    if (j === start || j === 0 || !singleToken(codes, j - 1, n) || (sep !== -1 && here !== sep)) return start;
    sep = here;
    start = j - 1;
  }
}
