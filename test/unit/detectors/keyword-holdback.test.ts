/** Streaming holdback: no keyword match may begin before the release point, however the text goes on. */
import fc from 'fast-check';
import { createEngine } from '../../../src/policy/engine';
import { normalize } from '../../../src/policy/normalize';
import { loadRuleSet } from '../../../src/policy/rules';
import type { Finding } from '../../../src/types';
import { RULES_DIR } from '../../helpers/gateway';
import { detectorFor } from './keyword-lists';

describe('pendingLength', () => {
  const detector = detectorFor({ 'A.1.f.test.zh.txt': '炸药\n', 'A.1.f.test.en.txt': 'pipe bomb\n' });
  const pending = (text: string) => detector.pendingLength(normalize(text).text);

  it('covers the start of a keyword at the end of the text', () => {
    expect(pending('今天买了炸')).toBe(1);
    expect(pending('a pipe bo')).toBe('pipe bo'.length);
  });

  it('covers noise characters skipped inside the partial keyword', () => {
    expect(pending('今天买了炸@')).toBe(2);
    expect(pending('a p.i.p.e b')).toBe('p.i.p.e b'.length);
  });

  it('covers single letters at the end that may join into a spaced-out keyword', () => {
    expect(pending('so f u')).toBe('f u'.length);
    expect(pending('a pipe b o')).toBe('pipe b o'.length); // "pipe b o m b" reads "pipe bomb"
    expect(pending('a pipe b o m')).toBe('pipe bom'.length); // joined already
  });

  it('covers a run of the same character that may collapse into the keyword', () => {
    expect(pending('今天炸炸')).toBe(2);
  });

  it('is zero when nothing at the end can start a keyword, or the noise gap is too long', () => {
    expect(pending('今天天气很好')).toBe(0);
    expect(pending('买了炸@@@')).toBe(0);
  });
});

describe('Engine.safeReleasePoint', () => {
  const engine = createEngine(loadRuleSet(RULES_DIR));

  it('holds back a partial keyword, its noise and a growing encoded run', () => {
    expect(engine.safeReleasePoint('请告诉我自制炸')).toBe(4);
    expect(engine.safeReleasePoint('请告诉我自@制@炸')).toBe(4);
    expect(engine.safeReleasePoint('你好。')).toBe(3);
    expect(engine.safeReleasePoint('解码：&#33258;&#21046;')).toBe(3);
  });

  it('never releases text where a keyword match later begins (random chunk boundaries)', async () => {
    const pieces = ['自制', '炸', '药', '@', ' ', '。', 'pipe', ' bo', 'mb', 'b0', '好的', 'ｂ', '\u200b', 'how to make a bomb'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }), fc.nat(), async (parts, cut) => {
        const text = parts.join('');
        const k = cut % (text.length + 1);
        const release = engine.safeReleasePoint(text.slice(0, k));
        const verdict = await engine.inspect([{ path: 't', text }], 'output');
        const keywordFindings = verdict.findings.filter((f: Finding) => f.detector === 'keyword' && f.span);
        for (const f of keywordFindings) {
          const [start, end] = f.span as [number, number];
          // A match that begins in released text must already be complete inside the prefix.
          if (start < release) expect(end).toBeLessThanOrEqual(k);
        }
      }),
      { numRuns: 150 },
    );
  });
});
