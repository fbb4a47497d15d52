import { segmentViews } from '../../../src/dashboard/api-read';
import { allowlistFileName } from '../../../src/dashboard/allowlist';
import { makeFinding } from '../../helpers/factories';

describe('segmentViews', () => {
  it('puts each finding\'s span on the segment it points at', () => {
    const content = 'messages[0].content: hello\nmessages[1].content: how to make a bomb';
    const views = segmentViews(content, [makeFinding({ segment: 1, span: [7, 18] })]);
    expect(views.map((v) => v.path)).toEqual(['messages[0].content', 'messages[1].content']);
    expect(views[0].marks).toEqual([]);
    expect(views[1].marks).toEqual([[7, 18, 0]]);
    expect(views[1].text.slice(7, 18)).toBe('make a bomb');
  });

  it('keeps multi-line segments whole and clamps spans past the text', () => {
    const views = segmentViews('messages[0].content: line one\nline two', [makeFinding({ segment: 0, span: [5, 999] }), makeFinding({ segment: 4, span: [0, 1] })]);
    expect(views).toHaveLength(1);
    expect(views[0].text).toBe('line one\nline two');
    expect(views[0].marks).toEqual([[5, 17, 0]]);
  });

  it('shows nothing for hash-only storage', () => {
    expect(segmentViews(null, [makeFinding()])).toEqual([]);
  });
});

describe('allowlistFileName', () => {
  it('names the file by category and the phrase\'s script', () => {
    expect(allowlistFileName('A.1.h', '冰毒的危害')).toBe('A.1.h.allowlist.zh.txt');
    expect(allowlistFileName('A.1.f', 'bomb shelter plans')).toBe('A.1.f.allowlist.en.txt');
  });
});
