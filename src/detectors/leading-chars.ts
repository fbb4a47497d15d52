/**
 * The ASCII characters one of which begins every match of a regex, when its source says so plainly:
 * each top-level alternative starts with one character, an escaped sign, `\d` or a bracket class of
 * those, not made optional by its quantifier. A text holding none of them cannot match, and one pass
 * over the text answers that for every such regex at once (prefilter-scan.ts): `\d{4}`, `\+[1-9]`,
 * `<\||<<SYS>>` each cost a regex scan of the whole prompt before.
 *
 * Anything else (groups, anchors, `.`, `\w`, `\p{…}`, negated classes, characters beyond ASCII,
 * an alternative that may match empty) gives null: no claim. Under the `i` flag a letter stands for
 * both its cases; `k` and `s` give null, since the Kelvin sign and the long s match them too.
 */

/** 128 bits, one per ASCII character. */
export type AsciiSet = Uint32Array;

const newSet = (): AsciiSet => new Uint32Array(4);
const put = (set: AsciiSet, c: number): void => {
  set[c >>> 5] |= 1 << (c & 31);
};

/** Characters that stand for themselves after a backslash. */
const ESCAPABLE = /^[\^$\\.*+?()[\]{}|/\-,:;=!<>@#%&'"~`_ ]$/;
/** Characters that cannot begin a plain one-character atom. */
const SPECIAL = '^$.*+?()[]{}|\\';

/** The top-level alternatives of a source, or null when its brackets do not balance. */
function alternatives(source: string): string[] | null {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0 || inClass) return null;
  out.push(source.slice(start));
  return out;
}

/** One escape (`\d` or an escaped sign) into `set`; false for any other escape. */
function addEscape(c: string | undefined, set: AsciiSet): boolean {
  if (c === 'd') {
    for (let d = 0x30; d <= 0x39; d++) put(set, d);
    return true;
  }
  if (c === undefined || !ESCAPABLE.test(c)) return false;
  put(set, c.charCodeAt(0));
  return true;
}

/** The bracket class starting at source[at] (after '['): its end (the ']'), or -1 when it is not plain. */
function addClass(source: string, at: number, set: AsciiSet): number {
  if (source[at] === '^') return -1;
  let i = at;
  while (i < source.length && source[i] !== ']') {
    let lo: number;
    if (source[i] === '\\') {
      const escaped = source[i + 1];
      if (!addEscape(escaped, set)) return -1;
      i += 2;
      if (escaped === 'd') continue;
      lo = escaped.charCodeAt(0);
    } else {
      lo = source.charCodeAt(i++);
    }
    let hi = lo;
    if (source[i] === '-' && i + 1 < source.length && source[i + 1] !== ']') {
      if (source[i + 1] === '\\') return -1;
      hi = source.charCodeAt(i + 1);
      i += 2;
    }
    if (hi >= 0x80 || hi < lo) return -1;
    for (let c = lo; c <= hi; c++) put(set, c);
  }
  return i < source.length ? i : -1;
}

/** Whether the quantifier at source[at] (if any) lets the atom before it match zero times. */
function optional(source: string, at: number): boolean {
  const q = source[at];
  if (q === '?' || q === '*') return true;
  return q === '{' && /^\{0*(?:,|\})/.test(source.slice(at));
}

/** The first atom of one alternative into `set`; false when it makes no plain claim. */
function addFirstAtom(alt: string, set: AsciiSet): boolean {
  if (alt.length === 0) return false;
  let end: number;
  if (alt[0] === '\\') {
    if (!addEscape(alt[1], set)) return false;
    end = 2;
  } else if (alt[0] === '[') {
    const close = addClass(alt, 1, set);
    if (close < 0) return false;
    end = close + 1;
  } else {
    const c = alt.charCodeAt(0);
    if (c >= 0x80 || SPECIAL.includes(alt[0])) return false;
    put(set, c);
    end = 1;
  }
  return !optional(alt, end);
}

/** The leading ASCII characters of every match of `regex`, or null (see above). */
export function leadingChars(regex: RegExp): AsciiSet | null {
  const alts = alternatives(regex.source);
  if (!alts) return null;
  const set = newSet();
  for (const alt of alts) if (!addFirstAtom(alt, set)) return null;
  if (!regex.flags.includes('i')) return set;
  for (let c = 0x41; c <= 0x5a; c++) {
    const lower = c | 0x20;
    const either = ((set[c >>> 5] >>> (c & 31)) & 1) | ((set[lower >>> 5] >>> (lower & 31)) & 1);
    if (!either) continue;
    if (c === 0x4b || c === 0x53) return null; // K, S: U+212A and U+017F match them too
    put(set, c);
    put(set, lower);
  }
  return set;
}

/** The ASCII characters of `text`, into `into` (cleared first). */
export function asciiCharsOf(text: string, into: AsciiSet): void {
  into.fill(0);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) into[c >>> 5] |= 1 << (c & 31);
  }
}

/** Whether two sets share a character. */
export function overlaps(a: AsciiSet, b: AsciiSet): boolean {
  return ((a[0] & b[0]) | (a[1] & b[1]) | (a[2] & b[2]) | (a[3] & b[3])) !== 0;
}
