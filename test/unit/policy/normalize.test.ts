import { normalize, toOriginalSpan } from '../../../src/policy/normalize';

function spanOf(original: string, needle: string): string {
  const n = normalize(original);
  const i = n.text.indexOf(needle);
  expect(i).toBeGreaterThanOrEqual(0);
  const [s, e] = toOriginalSpan(n, i, i + needle.length);
  return original.slice(s, e);
}

describe('normalize', () => {
  it('folds full-width letters and case, mapping back to what the user wrote', () => {
    expect(normalize('ＢＯＭＢ').text).toBe('bomb');
    expect(spanOf('a ＰＩＰＥ Bomb!', 'pipe bomb')).toBe('ＰＩＰＥ Bomb');
  });

  it('strips zero-width and bidi characters and counts them', () => {
    const n = normalize('b\u200bo\u200dm\u202eb\ufe0f');
    expect(n.text).toBe('bomb');
    expect(n.invisibles).toBe(4);
    expect(spanOf('x b\u200bomb y', 'bomb')).toBe('b\u200bomb');
  });

  it('collapses whitespace runs and drops spaces next to Chinese characters', () => {
    expect(normalize('how   to\n make').text).toBe('how to make');
    expect(normalize('自制 炸 药').text).toBe('自制炸药');
    expect(spanOf('请问自制 炸药怎么做', '自制炸药')).toBe('自制 炸药');
  });

  it('keeps astral characters whole', () => {
    const n = normalize('😀 Bomb');
    expect(n.text).toBe('😀 bomb');
    expect(spanOf('😀 Bomb', 'bomb')).toBe('Bomb');
  });
});
