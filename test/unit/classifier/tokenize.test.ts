import { features } from '../../../src/classifier/tokenize';

describe('features', () => {
  it('segments Chinese with jieba and adds characters, character bigrams and trigrams', () => {
    const f = features('自制炸药');
    expect(f).toEqual(expect.arrayContaining(['u:自', 'u:药', 'c:自制', 'c:制炸', 'c:炸药', 't:自制炸', 't:制炸药']));
    expect(f.some((x) => x.startsWith('w:'))).toBe(true);
  });

  it('stems English words with the Porter stemmer and adds stem bigrams', () => {
    const f = features('Making bombs');
    expect(f).toEqual(expect.arrayContaining(['e:make', 'e:bomb', 'b:make_bomb']));
  });

  it('handles mixed Chinese and English in one text', () => {
    const f = features('用Python写爬虫');
    expect(f).toContain('e:python');
    expect(f).toContain('c:爬虫');
  });

  it('folds full-width letters and case so they share features with plain text', () => {
    expect(features('ＢＯＭＢ')).toEqual(features('bomb'));
  });

  it('returns each feature once and nothing for punctuation only', () => {
    const f = features('bomb bomb bomb');
    expect(f.filter((x) => x === 'e:bomb')).toHaveLength(1);
    expect(features('?!。，')).toEqual([]);
  });
});
