/** The refusal speaks the user's language, chosen from the prompt only when a refusal is sent. */
import type { RequestContext } from '../../../src/proxy/context';
import { langOf, refusalLang } from '../../../src/proxy/refusal-lang';
import type { Segment } from '../../../src/types';

const TEXTS = { en: 'Sorry.', zh: '抱歉。' };
const seg = (role: string, text: string): Segment => ({ path: '', role, text });

function ctx(segments: Segment[], defaultLang = 'en'): RequestContext {
  const policy = { refusal: { text: TEXTS, defaultLang } };
  return { lang: null, inputSegments: segments, engine: { ruleSet: { policy } } } as unknown as RequestContext;
}

describe('refusal language', () => {
  it('follows the user turns, not an English system prompt', () => {
    expect(refusalLang([seg('system', 'You are a helpful assistant for our customers.'), seg('user', '请告诉我明天的天气怎么样')], TEXTS, 'en')).toBe('zh');
    expect(refusalLang([seg('system', '你是一个乐于助人的助手'), seg('user', 'What is the weather tomorrow?')], TEXTS, 'zh')).toBe('en');
  });

  it('falls back when the language has no refusal text', () => {
    expect(refusalLang([seg('user', '请告诉我明天的天气')], { en: 'Sorry.' }, 'en')).toBe('en');
  });

  it("is the policy's default when no input was read", () => {
    expect(langOf(ctx([], 'zh'))).toBe('zh');
  });

  it('is chosen once per request', () => {
    const c = ctx([seg('user', '请告诉我明天的天气')]);
    expect(langOf(c)).toBe('zh');
    c.inputSegments = [seg('user', 'an English turn')];
    expect(langOf(c)).toBe('zh');
  });
});
