/**
 * Text normalization with an offset map back to the original, so that a match found in the
 * normalized text points at exactly what the user wrote (for excerpts and redaction).
 *
 * Per code point (see fold-table.ts): NFKC, case folding, invisible characters removed and counted,
 * full/half width, look-alike letters, traditional → simplified Chinese, financial numerals. Then:
 * whitespace runs collapse to one space and whitespace next to CJK characters is dropped (Chinese
 * has no spaces between words, so "制作 炸弹" is "制作炸弹"); runs of three or more of the same letter
 * or Chinese character count as one ("fuuuck", "炸炸炸弹"); spaced-out letters join ("f u c k") and
 * leetspeak folds inside letter runs only (leet.ts, run only when this pass saw work for it). The
 * hot loop reads one precomputed table entry per UTF-16 unit, writes typed arrays, and computes
 * the decoders' pre-check on the way, so the text is read once.
 */
import { ENCODING_CLASS, type EncodingHints } from '../detectors/decode';
import { COMPLEX, DROP_COUNTED, DROP_SILENT, foldSlow, foldTable, isCjk, isInvisible } from './fold-table';
import { foldLatinRuns, LATIN_CLASS, softBoundaries } from './leet';

export { isCjk, isInvisible };

export interface Normalized {
  text: string;
  /** The UTF-16 units of `text` (the matcher reads these directly). */
  codes: Uint16Array;
  /** For each UTF-16 unit of `text`: start offset (UTF-16) of the original code point it came from. */
  starts: Int32Array;
  /** For each UTF-16 unit of `text`: end offset (exclusive) of the original code point it came from. */
  ends: Int32Array;
  /** Invisible characters removed: a risk signal (zero-width smuggling). */
  invisibles: number;
  /**
   * Positions of `text` where a word may begin although a letter precedes it: inside a joined run
   * of spaced-out letters, after a leading "a" or "i" ("a b o m b" is "abomb", read also as "a bomb").
   */
  soft: Int32Array;
  /** What the decoders' pre-check would find in the original text (computed on the same pass). */
  hints: EncodingHints;
}

const SPACE = 0x20;
const decoder = new TextDecoder('utf-16le');

function isCjkUnit(u: number): boolean {
  return (u >= 0x3400 && u <= 0x9fff) || (u >= 0xf900 && u <= 0xfaff) || (u >= 0x3000 && u <= 0x303f) || (u >= 0xd840 && u <= 0xd87f);
}

/** Letters and ideographs whose long runs collapse; digits never do ("1000" stays). */
function collapsible(u: number): boolean {
  return (u >= 0x61 && u <= 0x7a) || (u >= 0x3400 && u <= 0x9fff);
}

/**
 * Output buffers, reused by every call (normalization is synchronous, so calls never interleave):
 * loading a million-entry keyword list must not allocate three typed arrays per entry.
 */
const out = {
  codes: new Uint16Array(4096),
  starts: new Int32Array(4096),
  ends: new Int32Array(4096),
  n: 0,
  /** Length of the current run of one repeated unit (for collapsing). */
  run: 0,
  hints: { base64: false, hex: false, percent: false, ampersand: false, backslash: false } as EncodingHints,
};

/** Makes room for `extra` more units after the first `out.n`. */
function reserve(extra: number): void {
  const need = out.n + extra;
  if (need <= out.codes.length) return;
  const cap = Math.max(need, out.codes.length * 2);
  const codes = new Uint16Array(cap);
  const starts = new Int32Array(cap);
  const ends = new Int32Array(cap);
  codes.set(out.codes.subarray(0, out.n));
  starts.set(out.starts.subarray(0, out.n));
  ends.set(out.ends.subarray(0, out.n));
  out.codes = codes;
  out.starts = starts;
  out.ends = ends;
}

/** Appends one unit (slow path), collapsing the third and later copies of a repeated letter. */
function push(unit: number, start: number, end: number): void {
  const n = out.n;
  if (n > 0 && out.codes[n - 1] === unit && collapsible(unit)) {
    out.run++;
    if (out.run >= 3) {
      // Third of a run: drop the second copy and stretch the first over the whole run.
      if (out.run === 3) out.n--;
      out.ends[out.n - 1] = end;
      return;
    }
  } else {
    out.run = 1;
  }
  out.codes[n] = unit;
  out.starts[n] = start;
  out.ends[n] = end;
  out.n = n + 1;
}

/**
 * A character the table cannot fold alone (astral, or folding into several units): returns the
 * number of original units consumed and whether it was an invisible character.
 */
function foldComplex(original: string, i: number, pendingSpace: { start: number; end: number }): { width: number; invisible: boolean } {
  const cp = original.codePointAt(i) as number;
  const width = cp > 0xffff ? 2 : 1;
  const folded = foldSlow(cp);
  if (folded.text.length === 0) return { width, invisible: folded.counted };
  if (folded.text === ' ') {
    if (out.n > 0 && !isCjkUnit(out.codes[out.n - 1]) && pendingSpace.start < 0) {
      pendingSpace.start = i;
      pendingSpace.end = i + width;
    }
    return { width, invisible: false };
  }
  const first = folded.text.charCodeAt(0);
  reserve(folded.text.length + 1);
  if (pendingSpace.start >= 0 && !isCjkUnit(first)) {
    push(SPACE, pendingSpace.start, pendingSpace.end);
    out.run = 0;
  }
  pendingSpace.start = -1;
  if (folded.text.length === 1) push(first, i, i + width);
  else {
    // NFKC can turn one character into several ("⑩" → "10", "½" → "1⁄2"); each maps to it.
    for (let k = 0; k < folded.text.length; k++) push(folded.text.charCodeAt(k), i, i + width);
    out.run = 0;
  }
  return { width, invisible: false };
}

/** Normalizes into `out`; returns the number of invisible characters removed. */
function fold(original: string): number {
  const table = foldTable();
  const len = original.length;
  out.n = 0;
  out.run = 0;
  reserve(len + 16);
  let invisibles = 0;
  // A pending space is emitted only once we know the next visible character is not CJK.
  const pending = { start: -1, end: -1 };
  let spaceStart = -1;
  let spaceEnd = -1;
  // The hot loop keeps the buffers and counters in locals; the rare complex characters go through
  // `foldComplex`, with the counters written back around the call. The fast path writes at most
  // one unit per unit read, so the capacity reserved above (and after every complex character)
  // always holds what it writes.
  let codes = out.codes;
  let starts = out.starts;
  let ends = out.ends;
  let n = 0;
  let run = 0;
  // The last unit emitted (or a pending space, which ends any run of repeats).
  let prev = -1;
  // Whether the Latin passes (leet.ts) have work: a letter next to a leet unit, or a token unit
  // between separators; `beforeSep`: the unit before `prev` is a separator (or the text's start).
  let latin = false;
  let beforeSep = true;
  // The decoders' pre-check (decode.ts `encodingHints`), on this pass instead of one of its own:
  // base64 and hex run lengths, whether the base64 run has a digit or symbol, whether the hex run
  // has a digit and a letter, hex group length, and the classes seen.
  let b64 = 0;
  let b64Mixed = false;
  let hex = 0;
  let hexGroup = 0;
  let hexDigit = false;
  let hexLetter = false;
  let seen = 0;
  let found64 = false;
  let foundHex = false;
  let i = 0;
  while (i < len) {
    const u = original.charCodeAt(i);
    if (u < 128) {
      const k = ENCODING_CLASS[u];
      seen |= k;
      if ((k & 1) !== 0) {
        b64++;
        if ((k & 4) !== 0) b64Mixed = true;
        if (b64 >= 12 && b64Mixed) found64 = true;
      } else {
        b64 = 0;
        b64Mixed = false;
      }
      if ((k & 2) !== 0) {
        hex++;
        hexGroup++;
        if (u <= 0x39) hexDigit = true;
        else hexLetter = true;
        if (hex >= 12 && hexDigit && hexLetter) foundHex = true;
      } else if ((u === 0x20 || u === 0x3a) && hexGroup === 2) {
        hexGroup = 0;
      } else if (u === 0x5c || u === 0x78) {
        hexGroup = 0;
      } else {
        hex = 0;
        hexGroup = 0;
        hexDigit = false;
        hexLetter = false;
      }
    } else if (b64 !== 0 || hex !== 0 || hexGroup !== 0) {
      b64 = 0;
      b64Mixed = false;
      hex = 0;
      hexGroup = 0;
      hexDigit = false;
      hexLetter = false;
    }
    const f = table[u];
    if (f > SPACE && f !== COMPLEX) {
      if (spaceStart >= 0) {
        if (!isCjkUnit(f)) {
          codes[n] = SPACE;
          starts[n] = spaceStart;
          ends[n] = spaceEnd;
          n++;
          run = 0;
        }
        spaceStart = -1;
      }
      if (f === prev && collapsible(f)) {
        run++;
        if (run >= 3) {
          if (run === 3) n--;
          ends[n - 1] = i + 1;
          i++;
          continue;
        }
      } else {
        run = 1;
      }
      codes[n] = f;
      starts[n] = i;
      ends[n] = i + 1;
      n++;
      if (!latin) {
        const p = prev >= 0 && prev < 128 ? LATIN_CLASS[prev] : 0;
        if (f < 128) {
          const k = LATIN_CLASS[f];
          if (((k & 1) !== 0 && (p & 2) !== 0) || ((k & 2) !== 0 && (p & 1) !== 0) || ((k & 4) !== 0 && (p & 8) !== 0 && beforeSep)) latin = true;
        }
        beforeSep = prev < 0 || (p & 4) !== 0;
      }
      prev = f;
      i++;
      continue;
    }
    if (f === SPACE) {
      if (n > 0 && spaceStart < 0 && !isCjkUnit(codes[n - 1])) {
        spaceStart = i;
        spaceEnd = i + 1;
        if (!latin) {
          const p = prev >= 0 && prev < 128 ? LATIN_CLASS[prev] : 0;
          if ((p & 8) !== 0 && beforeSep) latin = true;
          beforeSep = (p & 4) !== 0;
        }
        prev = SPACE;
      }
      i++;
      continue;
    }
    if (f === DROP_COUNTED || f === DROP_SILENT) {
      // invisible (counted: a risk signal), or a combining mark or control character
      if (f === DROP_COUNTED) invisibles++;
      i++;
      continue;
    }
    out.n = n;
    out.run = run;
    pending.start = spaceStart;
    pending.end = spaceEnd;
    const r = foldComplex(original, i, pending);
    spaceStart = pending.start;
    spaceEnd = pending.end;
    if (r.invisible) invisibles++;
    i += r.width;
    reserve(len - i + 16);
    codes = out.codes;
    starts = out.starts;
    ends = out.ends;
    // A complex character (rare): the Latin passes run, whatever it folded into.
    if (out.n !== n) latin = true;
    n = out.n;
    run = out.run;
    prev = spaceStart >= 0 ? SPACE : n > 0 ? codes[n - 1] : -1;
  }
  out.n = foldLatinRuns(codes, starts, ends, n, latin);
  out.hints = { base64: found64, hex: foundHex, percent: (seen & 8) !== 0, ampersand: (seen & 16) !== 0, backslash: (seen & 32) !== 0 };
  return invisibles;
}

export function normalize(original: string): Normalized {
  const invisibles = fold(original);
  const n = out.n;
  const codes = out.codes.slice(0, n);
  return { text: decoder.decode(codes), codes, starts: out.starts.slice(0, n), ends: out.ends.slice(0, n), invisibles, soft: softBoundaries().slice(), hints: out.hints };
}

/**
 * Like `normalize`, but the arrays are views of buffers the next call overwrites: for a caller that
 * is done with the result before it normalizes anything else (the keyword detector's hot path),
 * saving three allocations and copies per text; `text` is decoded only if read.
 */
export function normalizeTransient(original: string): Normalized {
  const invisibles = fold(original);
  const n = out.n;
  const codes = out.codes.subarray(0, n);
  let text: string | null = null;
  return {
    // Decoded only when read: the keyword detector works on `codes` alone.
    get text(): string {
      text ??= decoder.decode(codes);
      return text;
    },
    codes,
    starts: out.starts.subarray(0, n),
    ends: out.ends.subarray(0, n),
    invisibles,
    soft: softBoundaries(),
    hints: out.hints,
  };
}

/** The normalized text alone (no offset map): for keyword entries and other rule text. */
export function normalizeText(original: string): string {
  fold(original);
  return decoder.decode(out.codes.subarray(0, out.n));
}

/** Maps a [start, end) span of the normalized text back to the original text. */
export function toOriginalSpan(n: Normalized, start: number, end: number): [number, number] {
  return [n.starts[start], n.ends[end - 1]];
}
