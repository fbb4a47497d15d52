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
import { DROP_COUNTED, DROP_SILENT, foldSlow, foldTable, isCjk, isInvisible } from './fold-table';
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

/**
 * The decoders' pre-check (decode.ts `encodingHints`) and the test for Latin-pass work, as small
 * state machines the hot loop steps with one table read each instead of a dozen branches.
 *
 * Base64: state = run length (saturating at 12) × 2 + whether the run has a digit or symbol;
 * input 0 not base64, 1 base64 letter, 2 base64 digit or symbol; B64_FOUND once a run of 12+
 * has a digit or symbol. Hex: state = run length (saturating at 12), digits in the current group
 * (saturating at 3), whether the run has a digit, a letter; input 0 other, 1 hex digit 0-9, 2 hex
 * letter, 3 a group separator (space or ":", which keeps the run after a two-digit group), 4 an
 * escape ("\\" or "x", which starts a new group). Latin: state = the previous emitted unit's
 * LATIN_CLASS (the text's start reads as a separator), whether the unit before it was a separator,
 * and whether work was found (absorbing). States are stored pre-shifted, so a step is
 * `state = TABLE[state | input]`.
 */
const B64_FOUND = 26;
const HEX_FOUND = 208;
const LATIN_FOUND = 32;

const B64_STEP = new Uint8Array(27 << 2);
for (let st = 0; st <= B64_FOUND; st++) {
  for (let input = 0; input < 3; input++) {
    let to: number;
    if (st === B64_FOUND) to = B64_FOUND;
    else if (input === 0) to = 0;
    else {
      const count = Math.min((st >> 1) + 1, 12);
      const mixed = (st & 1) === 1 || input === 2;
      to = count >= 12 && mixed ? B64_FOUND : count * 2 + (mixed ? 1 : 0);
    }
    B64_STEP[(st << 2) | input] = to << 2;
  }
}

const HEX_STEP = new Uint16Array(209 << 3);
for (let st = 0; st <= HEX_FOUND; st++) {
  const count = st >> 4;
  const group = (st >> 2) & 3;
  const digit = (st & 2) !== 0;
  const letter = (st & 1) !== 0;
  const pack = (c: number, g: number, d: boolean, l: boolean) => (c << 4) | (g << 2) | (d ? 2 : 0) | (l ? 1 : 0);
  for (let input = 0; input < 5; input++) {
    let to: number;
    if (st === HEX_FOUND) to = HEX_FOUND;
    else if (input === 1 || input === 2) {
      const c = Math.min(count + 1, 12);
      const d = digit || input === 1;
      const l = letter || input === 2;
      to = c >= 12 && d && l ? HEX_FOUND : pack(c, Math.min(group + 1, 3), d, l);
    } else if (input === 3 && group === 2) to = pack(count, 0, digit, letter);
    else if (input === 4) to = pack(count, 0, digit, letter);
    else to = 0;
    HEX_STEP[(st << 3) | input] = to << 3;
  }
}

const LATIN_STEP = new Uint16Array(64 << 4);
for (let st = 0; st < 64; st++) {
  const p = st & 15;
  const beforeSep = (st & 16) !== 0;
  for (let k = 0; k < 16; k++) {
    let to: number;
    if (st >= LATIN_FOUND) to = LATIN_FOUND;
    else if (((k & 1) !== 0 && (p & 2) !== 0) || ((k & 2) !== 0 && (p & 1) !== 0) || ((k & 4) !== 0 && (p & 8) !== 0 && beforeSep)) to = LATIN_FOUND;
    else to = k | ((p & 4) !== 0 ? 16 : 0);
    LATIN_STEP[(st << 4) | k] = to << 4;
  }
}

/** The Latin state at the text's start: as after a separator (LATIN_CLASS 4), itself after one. */
const LATIN_START = (4 | 16) << 4;

/**
 * One 32-bit entry per UTF-16 unit, so the hot loop reads one table for everything it decides:
 * bits 0-15 the folded unit (fold-table.ts values), 16-17 the base64 input, 18-20 the hex input,
 * 21-24 the folded unit's LATIN_CLASS (leet.ts), 25-27 "%", "&", "\\" seen.
 */
let info: Int32Array | null = null;

const INFO_FOLD = 0xffff;
const INFO_B64_SHIFT = 16;
const INFO_HEX_SHIFT = 18;
const INFO_LATIN_SHIFT = 21;
const INFO_PERCENT = 1 << 25;
const INFO_AMPERSAND = 1 << 26;
const INFO_BACKSLASH = 1 << 27;

function infoTable(): Int32Array {
  if (info) return info;
  const table = foldTable();
  const t = new Int32Array(0x10000);
  for (let u = 0; u < 0x10000; u++) {
    const f = table[u];
    let x = f;
    if (u < 128) {
      const k = ENCODING_CLASS[u];
      if ((k & 1) !== 0) x |= ((k & 4) !== 0 ? 2 : 1) << INFO_B64_SHIFT;
      if ((k & 2) !== 0) x |= (u <= 0x39 ? 1 : 2) << INFO_HEX_SHIFT;
      else if (u === 0x20 || u === 0x3a) x |= 3 << INFO_HEX_SHIFT;
      else if (u === 0x5c || u === 0x78) x |= 4 << INFO_HEX_SHIFT;
      if ((k & 8) !== 0) x |= INFO_PERCENT;
      if ((k & 16) !== 0) x |= INFO_AMPERSAND;
      if ((k & 32) !== 0) x |= INFO_BACKSLASH;
    }
    if (f > SPACE && f < 128) x |= LATIN_CLASS[f] << INFO_LATIN_SHIFT;
    t[u] = x;
  }
  info = t;
  return t;
}

/**
 * The original text's UTF-16 units, copied once per call into a reused buffer: `charCodeAt` on the
 * sliced strings request bodies and benchmark prompts are made of costs ~4 ns a character, a native
 * copy plus typed-array reads ~1 ns.
 */
let unitBuffer = Buffer.alloc(8192);
let unitView = new Uint16Array(unitBuffer.buffer, unitBuffer.byteOffset, unitBuffer.length >> 1);

function unitsOf(original: string): Uint16Array {
  if (unitView.length < original.length) {
    unitBuffer = Buffer.alloc(original.length * 4);
    unitView = new Uint16Array(unitBuffer.buffer, unitBuffer.byteOffset, unitBuffer.length >> 1);
  }
  unitBuffer.write(original, 0, 'utf16le');
  return unitView;
}

const LATIN_SPACE = LATIN_CLASS[SPACE];

/** Normalizes into `out`; returns the number of invisible characters removed. */
function fold(original: string): number {
  const table = infoTable();
  const units = unitsOf(original);
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
  // `foldComplex` (in the outer loop), with the counters written back around the call. The fast
  // path writes at most one unit per unit read, so the capacity reserved above (and after every
  // complex character) always holds what it writes.
  let n = 0;
  let run = 0;
  // The last unit emitted (or a pending space, which ends any run of repeats).
  let prev = -1;
  // Whether the Latin passes (leet.ts) have work: a letter next to a leet unit, or a token unit
  // between separators (LATIN_STEP, stepped on every unit emitted and every space kept).
  let latin = LATIN_START;
  // The decoders' pre-check, on this pass instead of one of its own (B64_STEP, HEX_STEP), and
  // the "%", "&", "\\" seen.
  let b64 = 0;
  let hex = 0;
  let seen = 0;
  let i = 0;
  while (i < len) {
    // The buffers are constant in the inner loop (only a complex character may grow them), so
    // the compiler keeps their bounds in registers.
    const codes = out.codes;
    const starts = out.starts;
    const ends = out.ends;
    while (i < len) {
      const x = table[units[i]];
      seen |= x;
      b64 = B64_STEP[b64 | ((x >>> INFO_B64_SHIFT) & 3)];
      hex = HEX_STEP[hex | ((x >>> INFO_HEX_SHIFT) & 7)];
      const f = x & INFO_FOLD;
      if (f > SPACE && f !== 0xffff) {
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
        latin = LATIN_STEP[latin | ((x >>> INFO_LATIN_SHIFT) & 15)];
        prev = f;
        i++;
        continue;
      }
      if (f === SPACE) {
        if (n > 0 && spaceStart < 0 && !isCjkUnit(codes[n - 1])) {
          spaceStart = i;
          spaceEnd = i + 1;
          latin = LATIN_STEP[latin | LATIN_SPACE];
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
      break; // a complex character
    }
    if (i >= len) break;
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
    // A complex character (rare): the Latin passes run, whatever it folded into.
    if (out.n !== n) latin = LATIN_FOUND << 4;
    n = out.n;
    run = out.run;
    prev = spaceStart >= 0 ? SPACE : n > 0 ? out.codes[n - 1] : -1;
    if (latin !== LATIN_FOUND << 4) {
      // Restart the Latin state after `prev`, as the Latin test saw it: the start reads as a separator.
      const p = prev >= 0 && prev < 128 ? LATIN_CLASS[prev] : prev < 0 ? 4 : 0;
      latin = (p | (latin & (16 << 4) ? 16 : 0)) << 4;
    }
  }
  out.n = foldLatinRuns(out.codes, out.starts, out.ends, n, latin === LATIN_FOUND << 4);
  out.hints = { base64: b64 === B64_FOUND << 2, hex: hex === HEX_FOUND << 3, percent: (seen & INFO_PERCENT) !== 0, ampersand: (seen & INFO_AMPERSAND) !== 0, backslash: (seen & INFO_BACKSLASH) !== 0 };
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
  return new TransientNormalized(out.n, invisibles);
}

/**
 * The transient result, a class rather than an object literal with a getter: one is made per
 * text scanned, and a literal's accessor costs a closure and a slower object shape each time.
 */
class TransientNormalized implements Normalized {
  readonly codes: Uint16Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly soft: Int32Array;
  readonly hints: EncodingHints;
  private decoded: string | null = null;

  constructor(
    n: number,
    readonly invisibles: number,
  ) {
    this.codes = out.codes.subarray(0, n);
    this.starts = out.starts.subarray(0, n);
    this.ends = out.ends.subarray(0, n);
    this.soft = softBoundaries();
    this.hints = out.hints;
  }

  /** Decoded only when read: the keyword detector works on `codes` alone. */
  get text(): string {
    this.decoded ??= decoder.decode(this.codes);
    return this.decoded;
  }
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
