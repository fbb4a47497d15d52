import fc from 'fast-check';
import { AhoCorasick } from '../../../src/detectors/aho-corasick';

describe('AhoCorasick', () => {
  it('reports every overlapping match, including patterns inside other patterns', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers']);
    const found = ac.search('ushers').map((m) => `${m.pattern}@${m.start}-${m.end}`).sort();
    expect(found).toEqual(['0@2-4', '1@1-4', '3@2-6'].sort());
  });

  it('finds a short keyword reached only through a dictionary-suffix link', () => {
    const ac = new AhoCorasick(['abcd', 'bc']);
    expect(ac.search('xabcx').map((m) => m.pattern)).toEqual([1]);
  });

  it('matches Chinese keywords inside longer text', () => {
    const ac = new AhoCorasick(['炸药', '自制炸药']);
    const ids = ac.search('教我自制炸药').map((m) => m.pattern).sort();
    expect(ids).toEqual([0, 1]);
  });

  it('agrees with a naive search on random inputs', () => {
    const alphabet = 'ab';
    const rand = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * 2)]).join('');
    for (let round = 0; round < 50; round++) {
      const patterns = Array.from({ length: 5 }, () => rand(1 + Math.floor(Math.random() * 4)));
      const text = rand(30);
      const ac = new AhoCorasick(patterns);
      const got = new Set(ac.search(text).map((m) => `${patterns[m.pattern]}@${m.start}`));
      const want = new Set<string>();
      patterns.forEach((p) => {
        for (let i = text.indexOf(p); i !== -1; i = text.indexOf(p, i + 1)) want.add(`${p}@${i}`);
      });
      expect(got).toEqual(want);
    }
  });
});

describe('AhoCorasick with bounded skip', () => {
  it('steps over up to maxGap noise characters and reports the span with the noise', () => {
    const ac = new AhoCorasick(['炸药', 'bomb'], { noise: '@.*', maxGap: 2 });
    expect(ac.search('炸@药 b.o.m.b 炸**药').map((m) => [m.pattern, m.start, m.end])).toEqual([
      [0, 0, 3],
      [1, 4, 11],
      [0, 12, 16],
    ]);
  });

  it('breaks a match on a longer noise run', () => {
    const ac = new AhoCorasick(['炸药'], { noise: '@', maxGap: 2 });
    expect(ac.search('炸@@@药')).toEqual([]);
  });

  it('reports every id of patterns that are equal once noise is removed', () => {
    const ac = new AhoCorasick(['a-b', 'ab', 'xab'], { noise: '-', maxGap: 1 });
    expect(ac.search('xab').map((m) => m.pattern).sort()).toEqual([0, 1, 2]);
  });

  it('counts skipped noise in the pending length', () => {
    const ac = new AhoCorasick(['bomb'], { noise: '.', maxGap: 2 });
    expect(ac.pendingLength('a b.o.')).toBe(4);
    expect(ac.pendingLength('a b...')).toBe(0);
  });

  it('agrees with a reference search on random texts with noise', () => {
    // Reference: split at noise runs longer than maxGap, drop noise, find each pattern, map back.
    const reference = (patterns: string[], text: string, maxGap: number): Set<string> => {
      const out = new Set<string>();
      const blocks = text.split(new RegExp(`\\.{${maxGap + 1},}`));
      let offset = 0;
      for (const block of blocks) {
        const positions: number[] = [];
        let stream = '';
        for (let i = 0; i < block.length; i++) {
          if (block[i] === '.') continue;
          stream += block[i];
          positions.push(offset + i);
        }
        patterns.forEach((p) => {
          for (let i = stream.indexOf(p); i !== -1; i = stream.indexOf(p, i + 1)) out.add(`${p}@${positions[i]}-${positions[i + p.length - 1] + 1}`);
        });
        offset += block.length + (text.slice(offset + block.length).match(/^\.*/)?.[0].length ?? 0);
      }
      return out;
    };
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[ab]{1,4}$/), { minLength: 1, maxLength: 5 }), fc.stringMatching(/^[ab.]{0,30}$/), (raw, text) => {
        const patterns = [...new Set(raw)];
        const ac = new AhoCorasick(patterns, { noise: '.', maxGap: 2 });
        const got = new Set(ac.search(text).map((m) => `${patterns[m.pattern]}@${m.start}-${m.end}`));
        expect(got).toEqual(reference(patterns, text, 2));
      }),
      { numRuns: 300 },
    );
  });
});
