import { normalize, toOriginalSpan } from '../../../src/policy/normalize';

/** The original text behind the normalized `needle`. */
function spanOf(original: string, needle: string): string {
  const n = normalize(original);
  const i = n.text.indexOf(needle);
  expect(i).toBeGreaterThanOrEqual(0);
  return original.slice(...toOriginalSpan(n, i, i + needle.length));
}

describe('normalize: folding', () => {
  it.each([
    ['Cyrillic and Greek look-alikes', 'bоmβ', 'bomb'],
    ['small capitals', 'ʙᴏᴍʙ', 'bomb'],
    ['circled and negative circled letters', 'ⓑⓞⓜⓑ 🅑🅞🅜🅑', 'bomb bomb'],
    ['mathematical alphanumerics', '𝐛𝐨𝐦𝐛 𝕓𝕠𝕞𝕓', 'bomb bomb'],
    ['Latin diacritics and combining strokes', 'bömb b̶o̶m̶b̶', 'bomb bomb'],
    ['traditional to simplified Chinese', '製作炸彈', '制作炸弹'],
    ['financial numerals', '壹贰叁肆伍陆柒捌玖拾', '一二三四五六七八九十'],
    ['circled and parenthesized digits', '①②⑩', '1210'],
    ['full-width punctuation and digits', '１２３，ＡＢＣ', '123,abc'],
  ])('folds %s', (_name, input, expected) => {
    expect(normalize(input).text).toBe(expected);
  });

  it('counts invisible characters of every kind as a risk signal', () => {
    const n = normalize('a\u00adb\u2061c\u{E0041}d\u3164e\u{FE0F}f');
    expect(n.text).toBe('abcdef');
    expect(n.invisibles).toBe(5);
  });

  it('folds leetspeak inside letter runs only', () => {
    expect(normalize('h4ck3r b00b5 @ss k1ll').text).toBe('hacker boobs ass kill');
    expect(normalize('142,460 and 2024 and 100kg and 3.14').text).toBe('142,460 and 2024 and 100kg and 3.14');
    expect(normalize('hi! 5g 4u').text).toBe('hi! 5g 4u');
  });

  it('collapses runs of three or more of the same letter or Chinese character, never digits', () => {
    expect(normalize('fuuuuck good 1000').text).toBe('fuck good 1000');
    expect(normalize('哈哈').text).toBe('哈哈');
    expect(normalize('哈哈哈哈').text).toBe('哈');
    expect(spanOf('a booooomb!', 'bomb')).toBe('booooomb');
  });

  it('maps every folded character back to its original span', () => {
    expect(spanOf('x 製作炸彈 y', '制作炸弹')).toBe('製作炸彈');
    expect(spanOf('the 𝐛𝐨𝐦𝐛 now', 'bomb')).toBe('𝐛𝐨𝐦𝐛');
    expect(spanOf('a b\u200bo\u200bm\u200bb', 'bomb')).toBe('b\u200bo\u200bm\u200bb');
  });
});
