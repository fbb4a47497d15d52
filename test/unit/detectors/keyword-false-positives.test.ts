/** What the keyword engine must NOT flag, and the rule features that keep it precise. */
import { detectorFor, hitsIn } from './keyword-lists';

describe('false positives the engine avoids', () => {
  const detector = detectorFor({
    'A.1.e.test.en.txt': 'ass\ncunt\nlol\n',
    'A.1.f.test.zh.txt': '#! expand: pinyin\n炸药\n杀人\n木马免杀\n',
    'A.1.f.test.en.txt': 'abc\nkill someone\n',
  });

  it.each([
    ['"ass" inside "assassin", "class", "passage"', 'The assassin left class to read a passage.'],
    ['the Scunthorpe problem', 'Scunthorpe United won in Penistone.'],
    ['numbers stay digits (no leetspeak in numbers)', 'We shipped 142,460 units, 101 returns, 1011 parts.'],
    ['everyday Chinese words sharing a keyword character', '今天吃炸鸡，然后去药店买感冒药。'],
    ['a two-character keyword read backwards ("人杀" in "他人杀青")', '听说他人杀青了，电影快上映。'],
    ['pinyin inside longer Latin words', 'the zhayaoxyz token and azhayao'],
    ['noise runs longer than the gap limit', '炸@@@药'],
    ['a spaced-out longer word ("a s s a s s i n")', 'the a s s a s s i n escaped'],
    ['single-letter words and lettered lists', 'I a m sure: options A, B or C, then x y and 1 2 3.'],
    ['short letter-digit words alone ("5g", "4u")', 'hi! 5g 4u and win2000 and 100kg'],
    ['initials that collapse to an abbreviation ("木马免杀" → "mmms" → "ms")', 'Ms. Jones flew to Neupré.'],
    ['a phrase without spaces inside a longer word', 'skillsomeone'],
  ])('%s', (_name, text) => {
    expect(hitsIn(detector, text)).toEqual([]);
  });

  it('still finds the keyword as a whole word next to punctuation', () => {
    expect(hitsIn(detector, 'what an ass!').map((h) => h.original)).toEqual(['ass']);
  });

  it('does not read spread-out letters inside a longer spread-out word', () => {
    expect(hitsIn(detector, 'a.s.s.a.s.s.i.n')).toEqual([]);
  });
});

describe('allow-list entries', () => {
  const detector = detectorFor({
    'A.1.h.test.zh.txt': '冰毒\n',
    'A.1.h.test-allow.zh.txt': '#! kind: allow\n冰毒的危害\n',
    'A.1.f.test.zh.txt': '危害\n',
  });

  it('suppress matches of their category that they cover', () => {
    expect(hitsIn(detector, '讲讲冰毒的危害').map((h) => h.rule)).toEqual(['kw:A.1.f.test.zh:1']);
  });

  it('leave matches they do not cover', () => {
    expect(hitsIn(detector, '哪里买冰毒').map((h) => h.original)).toEqual(['冰毒']);
  });
});

describe('co-occurrence rules', () => {
  const detector = detectorFor({ 'A.1.f.near.zh.txt': '#! near: 6\n制作 && 炸弹\n', 'A.1.f.near.en.txt': '#! near: 12\nbuild && detonator\n' });

  it('fire when both terms are within the distance, covering both', () => {
    expect(hitsIn(detector, '如何制作一个炸弹？')).toEqual([{ rule: 'kw:A.1.f.near.zh:2', original: '制作一个炸弹' }]);
    expect(hitsIn(detector, 'Detonator: how to build it')).toEqual([{ rule: 'kw:A.1.f.near.en:2', original: 'Detonator: how to build' }]);
  });

  it('stay silent when the terms are far apart or one is missing', () => {
    expect(hitsIn(detector, '制作蛋糕需要面粉鸡蛋和糖，这部电影里有炸弹')).toEqual([]);
    expect(hitsIn(detector, 'build a house')).toEqual([]);
  });
});

describe('per-file gap limit', () => {
  it('`#! max_gap: 0` turns off skipping for that file only', () => {
    const detector = detectorFor({ 'A.1.f.strict.zh.txt': '#! max_gap: 0\n炸药\n', 'A.1.f.loose.zh.txt': '雷管\n' });
    expect(hitsIn(detector, '炸@药 雷@管').map((h) => h.original)).toEqual(['雷@管']);
  });
});

describe('lexicon version', () => {
  it('is recorded with every finding', () => {
    const detector = detectorFor({ 'A.1.f.test.zh.txt': '炸药\n' }, { lexicon: { version: 'rev1', updatedAt: '2026-01-01T00:00:00.000Z' } });
    const [finding] = detector.detect([{ path: 't', text: '炸药' }], new AbortController().signal) as { lexicon?: unknown; matched?: string }[];
    expect(finding.lexicon).toEqual({ version: 'rev1', updatedAt: '2026-01-01T00:00:00.000Z' });
    expect(finding.matched).toBe('炸药');
  });
});

describe('reversed keywords', () => {
  it('are not matched for three-character Chinese keywords (犯人杀 is ordinary news text)', () => {
    const detector = detectorFor({ 'A.1.f.test.zh.txt': '杀人犯\n' });
    expect(hitsIn(detector, '犯人杀害了狱警')).toEqual([]);
  });
});
