/**
 * Decode-and-rescan: finds runs of encoded text (base64, hex, URL-encoding, HTML entities, \u
 * escapes) in the ORIGINAL text, decodes them, and hands the decoded text back for scanning. A
 * finding inside decoded text carries the span of the whole encoded run, which is what the user
 * wrote and what redaction must cover. Bounded: runs are capped in length and number, decoded text
 * must be readable (binary is ignored), and nesting stops at `maxDepth`.
 */

export interface EncodedRun {
  /** [start, end) of the encoded run in the text it was found in. */
  start: number;
  end: number;
  decoded: string;
  /** Which decoder read it: base64, hex, url, html, unicode_escape. */
  via: string;
  /**
   * For each UTF-16 unit of `decoded`: [start, end) in the run of the characters it came from, when
   * the decoder reads piece by piece (URL, HTML, \u); absent: every unit maps to the whole run.
   */
  starts?: Int32Array;
  ends?: Int32Array;
}

interface Decoded {
  text: string;
  starts?: Int32Array;
  ends?: Int32Array;
}

/**
 * Decodes a run made of escapes and plain characters, keeping where each decoded unit came from.
 * `escape` matches one escape at the start of a string; `read` turns a sequence of adjacent escapes
 * into text (URL escapes are bytes of one UTF-8 sequence, so they are read together).
 */
function piecewise(run: string, escape: RegExp, read: (escapes: string[]) => string | null): Decoded | null {
  const units: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < run.length) {
    const group: string[] = [];
    const from = i;
    for (;;) {
      escape.lastIndex = i; // sticky (y): matches only at i
      const m = escape.exec(run);
      if (m === null) break;
      group.push(m[0]);
      i += m[0].length;
    }
    if (group.length === 0) {
      units.push(run[i]);
      starts.push(i);
      ends.push(i + 1);
      i++;
      continue;
    }
    const text = read(group);
    if (text === null) return null;
    for (let k = 0; k < text.length; k++) {
      units.push(text[k]);
      starts.push(from);
      ends.push(i);
    }
  }
  return { text: units.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

export interface DecodeLimits {
  /** Longest run considered (characters). */
  maxRunLength: number;
  /** Most runs decoded per text. */
  maxRuns: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxRunLength: 65536, maxRuns: 64 };

const BASE64 = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{12,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX = /(?<![0-9A-Za-z])(?:(?:\\x|0x)?[0-9A-Fa-f]{2}[ :]?){6,}(?![0-9A-Za-z])/g;
const URL_RUN = /(?:[A-Za-z0-9._~+-]{0,32}%[0-9A-Fa-f]{2})+[A-Za-z0-9._~+-]{0,32}/g;
const HTML = /(?:[\p{L}\p{N}]{0,32}&(?:#[xX][0-9A-Fa-f]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});){2,}[\p{L}\p{N}]{0,32}/gu;
const UNICODE_ESCAPE = /(?:[\p{L}\p{N}]{0,32}\\u(?:\{[0-9A-Fa-f]{1,6}\}|[0-9A-Fa-f]{4})){2,}[\p{L}\p{N}]{0,32}/gu;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decoded text worth scanning: valid, and mostly letters, digits, spaces and punctuation. */
function readable(text: string): boolean {
  if (text.length < 2) return false;
  let bad = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if ((c < 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) || c === 0xfffd || (c >= 0x7f && c < 0xa0)) bad++;
  }
  return bad * 10 <= text.length;
}

function bytesToText(bytes: Uint8Array): string | null {
  try {
    const text = utf8.decode(bytes);
    return readable(text) ? text : null;
  } catch {
    return null;
  }
}

function decodeBase64(run: string): string | null {
  const body = run.replace(/=+$/, '');
  if (body.length % 4 === 1) return null;
  // Plain words and identifiers are not base64: real payloads mix cases or digits.
  if (!/[0-9+/_-]/.test(body) && !(/[a-z]/.test(body) && /[A-Z]/.test(body))) return null;
  return bytesToText(Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

function decodeHex(run: string): string | null {
  const digits = run.replace(/\\x|0x|[ :]/g, '');
  if (digits.length % 2 !== 0 || !/[a-fA-F]/.test(digits)) return null;
  return bytesToText(Buffer.from(digits, 'hex'));
}

function decodeUrl(run: string): Decoded | null {
  const decoded = piecewise(run.replace(/\+/g, ' '), /%[0-9A-Fa-f]{2}/y, (escapes) => {
    try {
      return utf8.decode(Uint8Array.from(escapes, (e) => parseInt(e.slice(1), 16)));
    } catch {
      return null;
    }
  });
  return decoded && readable(decoded.text) ? decoded : null;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function fromCodePoint(cp: number): string {
  return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
}

function decodeHtml(run: string): Decoded | null {
  return piecewise(run, /&(?:#[xX][0-9A-Fa-f]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/y, (escapes) =>
    escapes
      .map((e) => {
        const body = e.slice(1, -1);
        if (body[0] !== '#') return NAMED[body.toLowerCase()] ?? e;
        return fromCodePoint(body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10));
      })
      .join(''),
  );
}

function decodeUnicodeEscapes(run: string): Decoded | null {
  // \uD83D\uDE00 pairs recombine naturally: each escape becomes one UTF-16 unit.
  return piecewise(run, /\\u(?:\{[0-9A-Fa-f]{1,6}\}|[0-9A-Fa-f]{4})/y, (escapes) =>
    escapes.map((e) => (e[2] === '{' ? fromCodePoint(parseInt(e.slice(3, -1), 16)) : String.fromCharCode(parseInt(e.slice(2), 16)))).join(''),
  );
}

/** Base64 and hex decode whole runs: every decoded unit maps to the whole run. */
function whole(decode: (run: string) => string | null): (run: string) => Decoded | null {
  return (run) => {
    const text = decode(run);
    return text === null ? null : { text };
  };
}

/**
 * Class of each ASCII unit: 1 base64 alphabet (incl. URL-safe), 2 hex digit, 4 "mixed" (digit, +,
 * /, _, -), 8 "%", 16 "&", 32 "\\".
 */
export const ENCODING_CLASS = new Uint8Array(128);
const CLASS = ENCODING_CLASS;
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9+/_-]/.test(ch)) CLASS[c] |= 1;
  if (/[0-9A-Fa-f]/.test(ch)) CLASS[c] |= 2;
  if (/[0-9+/_-]/.test(ch)) CLASS[c] |= 4;
  if (ch === '%') CLASS[c] |= 8;
  if (ch === '&') CLASS[c] |= 16;
  if (ch === '\\') CLASS[c] |= 32;
}

export interface EncodingHints {
  base64: boolean;
  hex: boolean;
  percent: boolean;
  ampersand: boolean;
  backslash: boolean;
}

/**
 * One pass over the text: is there a run of 12+ base64 units that mixes digits or symbols (or
 * cases), or of 12+ hex digits (with optional separators), and is there a "%", "&" or "\\" at
 * all? Only then do the run regexes run; most prose has none of these, and the regexes with
 * lookbehind cost more than this loop.
 */
export function encodingHints(text: string): EncodingHints {
  let seen = 0;
  let b64 = 0;
  let mixed = false;
  let hex = 0;
  let hexGroup = 0;
  let hexDigit = false;
  let hexLetter = false;
  let found64 = false;
  let foundHex = false;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    const cls = u < 128 ? CLASS[u] : 0;
    seen |= cls;
    if (cls & 1) {
      b64++;
      if (cls & 4) mixed = true;
      if (b64 >= 12 && mixed) found64 = true;
    } else {
      b64 = 0;
      mixed = false;
    }
    if (cls & 2) {
      hex++;
      hexGroup++;
      if (u <= 0x39) hexDigit = true;
      else hexLetter = true;
      if (hex >= 12 && hexDigit && hexLetter) foundHex = true;
    } else if ((u === 0x20 || u === 0x3a) && hexGroup === 2) {
      hexGroup = 0; // "de ad be ef", "de:ad:be:ef": separators between byte pairs
    } else if (u === 0x5c || u === 0x78) {
      hexGroup = 0; // "\xde\xad"
    } else {
      hex = 0;
      hexGroup = 0;
      hexDigit = false;
      hexLetter = false;
    }
  }
  return { base64: found64, hex: foundHex, percent: (seen & 8) !== 0, ampersand: (seen & 16) !== 0, backslash: (seen & 32) !== 0 };
}

const DECODERS: { via: string; pattern: RegExp; decode: (run: string) => Decoded | null; hint: (text: string, hints: EncodingHints) => boolean }[] = [
  { via: 'base64', pattern: BASE64, decode: whole(decodeBase64), hint: (_, h) => h.base64 },
  { via: 'hex', pattern: HEX, decode: whole(decodeHex), hint: (_, h) => h.hex },
  { via: 'url', pattern: URL_RUN, decode: decodeUrl, hint: (_, h) => h.percent },
  { via: 'html', pattern: HTML, decode: decodeHtml, hint: (_, h) => h.ampersand },
  { via: 'unicode_escape', pattern: UNICODE_ESCAPE, decode: decodeUnicodeEscapes, hint: (text, h) => h.backslash && text.includes('\\u') },
];

/**
 * Every decodable run in `text`, in order of the decoders above. `hints`: the text's
 * `encodingHints`, when the caller has them already (normalization computes them on its pass).
 */
export function findEncodedRuns(text: string, limits: DecodeLimits = DEFAULT_DECODE_LIMITS, hints: EncodingHints = encodingHints(text)): EncodedRun[] {
  const runs: EncodedRun[] = [];
  for (const d of DECODERS) {
    if (!d.hint(text, hints)) continue; // cheap pre-check: most text has nothing encoded
    d.pattern.lastIndex = 0;
    for (const m of text.matchAll(d.pattern)) {
      if (runs.length >= limits.maxRuns) return runs;
      if (m[0].length > limits.maxRunLength) continue;
      const decoded = d.decode(m[0]);
      if (decoded === null || decoded.text === m[0]) continue;
      runs.push({ start: m.index, end: m.index + m[0].length, decoded: decoded.text, via: d.via, ...(decoded.starts ? { starts: decoded.starts, ends: decoded.ends } : {}) });
    }
  }
  return runs;
}

const TAIL = /(?:[A-Za-z0-9+/=_%&#;\\{}:x-]|\s(?=[0-9A-Fa-f]{2}))*$/;

/**
 * Streaming: start of a trailing run that could still grow into an encoded run (or be one that a
 * later character completes), so a stream guard holds it back. Bounded by `maxHoldback`.
 */
export function encodedTailStart(text: string, maxHoldback = 256): number {
  const from = Math.max(0, text.length - maxHoldback);
  const m = TAIL.exec(text.slice(from));
  return m ? from + m.index : text.length;
}
