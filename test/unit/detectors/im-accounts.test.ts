/** QQ numbers and WeChat ids are personal information only where the text labels them as such. */
import { createRegexDetector } from '../../../src/detectors/regex';
import { loadRuleSet } from '../../../src/policy/rules';
import type { Finding } from '../../../src/types';
import { RULES_DIR } from '../../helpers/gateway';

const rules = loadRuleSet(RULES_DIR).regexes.filter((r) => r.category === 'pii.im_account');
const detector = createRegexDetector({ rules, stage: 'input' });

function found(text: string): { rule: string; value: string; excerpt: string }[] {
  return (detector.detect([{ path: 't', text }], new AbortController().signal) as Finding[]).map((f) => ({
    rule: f.ruleId,
    value: text.slice(...(f.span as [number, number])),
    excerpt: f.excerpt,
  }));
}

describe('QQ and WeChat ids', () => {
  it.each([
    ['我的QQ号：12345678', 'pii.qq_number', '12345678'],
    ['QQ 987654321 加我', 'pii.qq_number', '987654321'],
    ['扣扣1234567', 'pii.qq_number', '1234567'],
    ['微信号：abc_123456', 'pii.wechat_id', 'abc_123456'],
    ['加vx abcdef1 详聊', 'pii.wechat_id', 'abcdef1'],
    ['WeChat ID: wxid_abc123', 'pii.wechat_id', 'wxid_abc123'],
  ])('finds the labelled id in %p', (text, rule, value) => {
    expect(found(text)).toEqual([expect.objectContaining({ rule, value })]);
  });

  it('masks the middle of the id in excerpts', () => {
    expect(found('QQ号：12345678')[0].excerpt).toContain('12****78');
  });

  it.each(['订单号 12345678', '我在微信上说过这件事', '微信：12345678', 'qqq 123456789', 'the year 2024 and 12345678'])('ignores unlabelled digits and words: %p', (text) => {
    expect(found(text)).toEqual([]);
  });
});
