/**
 * hanRuns finds exactly the runs and offsets of HAN_RUN (/\p{Script=Han}+/gu), which features()
 * uses: over every code point, around lone surrogates, and on generated mixes.
 */
import fc from 'fast-check';
import { hanRuns } from '../../../src/classifier/han-runs';
import { HAN_RUN } from '../../../src/classifier/tokenize';

function viaRegex(text: string): [string[], number[]] {
  const runs: string[] = [];
  const starts: number[] = [];
  for (const m of text.matchAll(HAN_RUN)) {
    runs.push(m[0]);
    starts.push(m.index);
  }
  return [runs, starts];
}

function viaScan(text: string): [string[], number[]] {
  const runs: string[] = [];
  const starts: number[] = [];
  hanRuns(text, runs, starts);
  return [runs, starts];
}

describe('hanRuns', () => {
  it('agrees with the regex over every code point of Unicode', () => {
    let differing = 0;
    for (let start = 0; start < 0x110000; start += 0x1000) {
      let s = '';
      for (let cp = start; cp < start + 0x1000; cp++) s += String.fromCodePoint(cp);
      if (JSON.stringify(viaScan(s)) !== JSON.stringify(viaRegex(s))) differing++;
    }
    expect(differing).toBe(0);
  });

  it('finds runs with their offsets, astral characters included', () => {
    expect(viaScan('ab你好, 世界𠀀𠀁!中')).toEqual([['你好', '世界𠀀𠀁', '中'], [2, 6, 13]]);
    expect(viaScan('no chinese')).toEqual([[], []]);
  });

  it('agrees with the regex on generated mixes, lone surrogates included', () => {
    const unit = fc.constantFrom('中', '文', '𠀀', '\ud840', '\udc00', 'a', ' ', '。', '〇', '々', 'ｆ', '\u2e80', '⿰');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        expect(viaScan(text)).toEqual(viaRegex(text));
      }),
      { numRuns: 1000 },
    );
  });
});
