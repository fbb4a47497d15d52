/**
 * leadingChars claims a character set only when every match of the regex begins with one of its
 * characters; anything it cannot read plainly is null (no claim).
 */
import fc from 'fast-check';
import { asciiCharsOf, leadingChars, overlaps, type AsciiSet } from '../../../src/detectors/leading-chars';

const chars = (set: AsciiSet | null): string | null => {
  if (!set) return null;
  let out = '';
  for (let c = 0; c < 128; c++) if ((set[c >>> 5] >>> (c & 31)) & 1) out += String.fromCharCode(c);
  return out;
};

describe('leadingChars', () => {
  it.each([
    [/\d{4}/u, '0123456789'],
    [/\+[1-9]/u, '+'],
    [/\d{3}[ .-]\d{4}/u, '0123456789'],
    [/\d{13}|\d{4}[ -]\d{4}/u, '0123456789'],
    [/[0-9a-f]:[0-9a-f]|::/iu, '0123456789:ABCDEFabcdef'],
    [/<\||<<SYS>>/u, '<'],
    [/[\d_]x/u, '0123456789_'],
    [/[ -]x/u, ' -'],
    [/x{1,2}/u, 'x'],
    [/ab/iu, 'Aa'],
  ])('%s begins with one of its characters', (regex, expected) => {
    expect(chars(leadingChars(regex))).toBe(expected);
  });

  it.each([
    [/a?b/u, 'an optional first atom'],
    [/x*y/u, 'zero or more'],
    [/x{0,2}y/u, 'a zero minimum'],
    [/a|/u, 'an empty alternative'],
    [/(?:ab)/u, 'a group'],
    [/^ab/u, 'an anchor'],
    [/\bab/u, 'a word boundary'],
    [/.a/u, 'any character'],
    [/\w+/u, 'a class escape other than \\d'],
    [/[^a]/u, 'a negated class'],
    [/中文/u, 'a character beyond ASCII'],
    [/[a中]/u, 'a class reaching beyond ASCII'],
    [/kill/iu, 'k under i (the Kelvin sign matches it)'],
    [/sk-/iu, 's under i (the long s matches it)'],
  ])('%s makes no claim (%s)', (regex) => {
    expect(leadingChars(regex)).toBeNull();
  });

  it('every match of a claimed regex begins with a claimed character', () => {
    const regexes = [/\d{4}/u, /\+[1-9]/u, /[0-9a-f]:[0-9a-f]|::/iu, /<\||<<SYS>>/u, /ab/iu, /[ .-]\d/u];
    const alphabet = fc.constantFrom('1', '9', '+', ':', 'a', 'A', 'b', 'B', 'f', 'F', '<', '|', 'SYS', '>', ' ', '.', '-', '中', 'ſ', '\u212a');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        for (const regex of regexes) {
          const set = leadingChars(regex) as AsciiSet;
          for (const m of text.matchAll(new RegExp(regex.source, `${regex.flags}g`))) {
            const c = m[0].charCodeAt(0);
            expect(c < 128 && ((set[c >>> 5] >>> (c & 31)) & 1) === 1).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('asciiCharsOf and overlaps answer whether a text holds one of the characters', () => {
    const digits = leadingChars(/\d{4}/u) as AsciiSet;
    const seen = new Uint32Array(4);
    asciiCharsOf('no numbers here, 中文也没有', seen);
    expect(overlaps(digits, seen)).toBe(false);
    asciiCharsOf('call 5551234', seen);
    expect(overlaps(digits, seen)).toBe(true);
    asciiCharsOf('', seen);
    expect(overlaps(digits, seen)).toBe(false);
  });
});
