/**
 * Text normalization with an offset map back to the original, so that a match found in the
 * normalized text points at exactly what the user wrote (for excerpts and redaction).
 *
 * This is the baseline the gateway core needs: NFKC (full-width → half-width, compatibility forms),
 * case folding, removal of invisible characters, whitespace collapsing, and removal of whitespace
 * next to CJK characters (Chinese has no spaces between words, so "制作 炸弹" is "制作炸弹").
 * Iterates by code point so astral characters are never split.
 */

export interface Normalized {
  text: string;
  /** For each UTF-16 unit of `text`: start offset (UTF-16) of the original code point it came from. */
  starts: Int32Array;
  /** For each UTF-16 unit of `text`: end offset (exclusive) of the original code point it came from. */
  ends: Int32Array;
  /** Invisible characters removed: a risk signal (zero-width smuggling). */
  invisibles: number;
}

/** Default-ignorable and invisible code points that carry no visible text. */
export function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad || // soft hyphen
    cp === 0x034f || // combining grapheme joiner
    cp === 0x061c || // Arabic letter mark
    cp === 0x115f || cp === 0x1160 || cp === 0x3164 || cp === 0xffa0 || // Hangul fillers
    cp === 0x180e || // Mongolian vowel separator
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space/joiners, LRM/RLM
    (cp >= 0x202a && cp <= 0x202e) || // bidi embeddings and overrides
    (cp >= 0x2060 && cp <= 0x2064) || // word joiner, invisible operators
    (cp >= 0x2066 && cp <= 0x206f) || // bidi isolates, deprecated format chars
    cp === 0xfeff || // BOM / zero-width no-break space
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    (cp >= 0xe0000 && cp <= 0xe007f) || // tag characters
    (cp >= 0xe0100 && cp <= 0xe01ef) // variation selectors supplement
  );
}

export function isCjk(cp: number): boolean {
  return (
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3134f) ||
    (cp >= 0x3000 && cp <= 0x303f) // CJK punctuation
  );
}

const WHITESPACE = /\s/u;

export function normalize(original: string): Normalized {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let invisibles = 0;
  // A pending space is emitted only once we know the next visible character is not CJK.
  let pendingSpace: { start: number; end: number } | null = null;
  let lastWasCjk = false;

  let i = 0;
  while (i < original.length) {
    const cp = original.codePointAt(i) as number;
    const len = cp > 0xffff ? 2 : 1;
    const ch = original.slice(i, i + len);
    if (isInvisible(cp)) {
      invisibles++;
    } else if (WHITESPACE.test(ch)) {
      if (out.length > 0 && !lastWasCjk && pendingSpace === null) pendingSpace = { start: i, end: i + len };
    } else {
      const mapped = ch.normalize('NFKC').toLowerCase();
      const firstCp = mapped.codePointAt(0) ?? cp;
      const cjk = isCjk(firstCp);
      if (pendingSpace !== null && !cjk) {
        out.push(' ');
        starts.push(pendingSpace.start);
        ends.push(pendingSpace.end);
      }
      pendingSpace = null;
      for (let k = 0; k < mapped.length; k++) {
        // NFKC can turn one character into a space-containing sequence (e.g. "½" → "1⁄2"); keep it.
        out.push(mapped[k]);
        starts.push(i);
        ends.push(i + len);
      }
      lastWasCjk = cjk;
    }
    i += len;
  }
  return { text: out.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends), invisibles };
}

/** Maps a [start, end) span of the normalized text back to the original text. */
export function toOriginalSpan(n: Normalized, start: number, end: number): [number, number] {
  return [n.starts[start], n.ends[end - 1]];
}
