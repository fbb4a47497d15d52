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
