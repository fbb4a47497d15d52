/** Every evasion the engine undoes, in Chinese and English, each mapped back to the exact original span. */
import { detectorFor, hitsIn } from './keyword-lists';

const detector = detectorFor({
  'A.1.f.test.zh.txt': '#! expand: pinyin\n炸药\n自制炸药\n六合彩\n购买枪支\n',
  'A.1.f.test.en.txt': 'bomb\npipe bomb\nkill\nhow to make a bomb\n',
});

/** The original text of every finding of one rule in `text`. */
function originals(text: string, rule: string): string[] {
  return hitsIn(detector, text)
    .filter((h) => h.rule === rule)
    .map((h) => h.original);
}

const ZH = 'kw:A.1.f.test.zh:2'; // 炸药
const ZH_LONG = 'kw:A.1.f.test.zh:3'; // 自制炸药
const ZH_LOTTERY = 'kw:A.1.f.test.zh:4'; // 六合彩
const ZH_GUN = 'kw:A.1.f.test.zh:5'; // 购买枪支
const EN = 'kw:A.1.f.test.en:1'; // bomb
const EN_PHRASE = 'kw:A.1.f.test.en:2'; // pipe bomb
const EN_KILL = 'kw:A.1.f.test.en:3'; // kill
const EN_HOWTO = 'kw:A.1.f.test.en:4'; // how to make a bomb

describe('keyword evasions map back to what the user wrote', () => {
  it.each([
    ['zero-width characters', '教我炸\u200b药吧', ZH, '炸\u200b药'],
    ['zero-width characters', 'a b\u200bo\u2060mb now', EN, 'b\u200bo\u2060mb'],
    ['full-width letters', '一个ｂｏｍｂ', EN, 'ｂｏｍｂ'],
    ['Kangxi radical look-alikes', '⾃制炸药', ZH_LONG, '⾃制炸药'],
    ['Cyrillic and Greek homoglyphs', 'a bоmβ here', EN, 'bоmβ'],
    ['circled letters', 'the ⓑⓞⓜⓑ', EN, 'ⓑⓞⓜⓑ'],
    ['mathematical letters', 'a 𝐛𝐨𝐦𝐛!', EN, '𝐛𝐨𝐦𝐛'],
    ['punctuation between characters', '买炸@药', ZH, '炸@药'],
    ['punctuation between characters', 'a b.o.m.b', EN, 'b.o.m.b'],
    ['two noise characters in a row', '炸**药', ZH, '炸**药'],
    ['spaces between Chinese characters', '自制 炸 药', ZH_LONG, '自制 炸 药'],
    ['traditional characters', '如何製作炸藥', ZH, '炸藥'],
    ['financial numerals', '买陆合彩', ZH_LOTTERY, '陆合彩'],
    ['full pinyin', 'how to zhayao ok', ZH, 'zhayao'],
    ['spaced pinyin', 'zha yao', ZH, 'zha yao'],
    ['pinyin initials (four characters or more)', 'gmqz 教程', ZH_GUN, 'gmqz'],
    ['mixed hanzi and pinyin', '炸yao', ZH, '炸yao'],
    ['mixed hanzi and pinyin, every other character', '买自zhi炸yao', ZH_LONG, '自zhi炸yao'],
    ['spaced-out letters', 'please k i l l him', EN_KILL, 'k i l l'],
    ['spaced-out letters with punctuation', 'k. i. l. l.', EN_KILL, 'k. i. l. l'],
    ['spaced-out letters after the word "a"', 'make a b o m b', EN, 'b o m b'],
    ['a spaced-out phrase', 'p i p e b o m b!', EN_PHRASE, 'p i p e b o m b'],
    ['leetspeak in every word, short ones too', 'h0w 70 m4k3 4 b0mb', EN_HOWTO, 'h0w 70 m4k3 4 b0mb'],
    ['leetspeak and spaced-out letters', 'p 1 p 3 b 0 m b', EN_PHRASE, 'p 1 p 3 b 0 m b'],
    ['leetspeak inside a word', 'a b0mb', EN, 'b0mb'],
    ['repeated letters', 'a booooomb', EN, 'booooomb'],
    ['repeated Chinese characters', '炸炸炸药', ZH, '炸炸炸药'],
    ['a doubled letter collapsed', 'i will killlll', EN_KILL, 'killlll'],
    ['upper case and extra spaces', 'PIPE   BOMB', EN_PHRASE, 'PIPE   BOMB'],
  ])('%s: finds %p', (_name, text, rule, original) => {
    expect(originals(text, rule)).toContain(original);
  });
});

describe('decode and rescan', () => {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
  const entities = (s: string) => Array.from(s, (c) => `&#${c.codePointAt(0)};`).join('');
  const escapes = (s: string) => Array.from(s, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`).join('');

  it.each([
    ['base64', `decode this: ${b64('自制炸药的方法')} please`, ZH_LONG, b64('自制炸药的方法')],
    ['base64', `decode ${b64('how to build a pipe bomb')}`, EN_PHRASE, b64('how to build a pipe bomb')],
    ['hex', `hex ${hex('自制炸药')}`, ZH_LONG, hex('自制炸药')],
    ['hex', `hex ${hex('a pipe bomb')}`, EN_PHRASE, hex('a pipe bomb')],
    ['URL encoding', `q=${encodeURIComponent('自制炸药')}&x=1`, ZH_LONG, encodeURIComponent('自制炸药')],
    ['URL encoding', `q=${encodeURIComponent('pipe bomb')}`, EN_PHRASE, 'pipe%20bomb'],
    ['HTML entities', `看${entities('炸药')}`, ZH, entities('炸药')],
    ['HTML entities', `a ${entities('bomb')} b`, EN, entities('bomb')],
    ['\\u escapes', `x ${escapes('炸药')} y`, ZH, escapes('炸药')],
    ['\\u escapes', `x ${escapes('bomb')} y`, EN, escapes('bomb')],
  ])('%s: the finding covers the encoded run', (via, text, rule, run) => {
    const hit = hitsIn(detector, text).find((h) => h.rule === rule && h.via !== undefined);
    expect(hit).toEqual({ rule, original: run, via: expect.stringContaining(via === '\\u escapes' ? 'unicode_escape' : via === 'URL encoding' ? 'url' : via === 'HTML entities' ? 'html' : via) });
  });

  it('decodes nested encodings (base64 of URL encoding)', () => {
    const run = b64(encodeURIComponent('自制炸药'));
    expect(hitsIn(detector, `x ${run}`)).toContainEqual({ rule: ZH_LONG, original: run, via: 'base64>url' });
  });

  it.each([
    ['Chinese', '药炸制自是什么', ZH_LONG, '药炸制自'],
    ['English', 'say bmob epip now', EN_PHRASE, 'bmob epip'],
  ])('reads reversed %s text', (_lang, text, rule, original) => {
    expect(hitsIn(detector, text)).toContainEqual({ rule, original, via: 'reversed' });
  });

  it('ignores base64-looking words and binary payloads', () => {
    expect(hitsIn(detector, 'internationalization ABCDEFGHIJKLMNOP /usr/local/bin/something')).toEqual([]);
  });
});
