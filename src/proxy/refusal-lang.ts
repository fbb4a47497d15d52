/**
 * The language a refusal speaks: the user's own, read off the prompt's script. Worked out only when
 * a refusal is sent (most requests pass and never need it), from the segments the input stage kept.
 */
import { isCjk } from '../policy/normalize';
import type { Segment } from '../types';
import type { RequestContext } from './context';

/** Characters sampled to pick the refusal language; the start of a prompt says enough. */
const LANG_SAMPLE = 2000;

/** zh when the user's own text is mostly Chinese, so the refusal speaks the user's language. */
export function refusalLang(segments: Segment[], available: Record<string, string>, fallback: string): string {
  const users = segments.filter((s) => s.role === 'user');
  let cjk = 0;
  let latin = 0;
  let seen = 0;
  for (const s of users.length > 0 ? users : segments) {
    const text = s.text;
    for (let i = 0; i < text.length && seen < LANG_SAMPLE; i++, seen++) {
      const c = text.charCodeAt(i);
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
      else if (c >= 0x3000 && isCjk(c)) cjk++;
    }
    if (seen >= LANG_SAMPLE) break;
  }
  const lang = cjk > 0 && cjk * 3 >= latin ? 'zh' : 'en';
  return available[lang] ? lang : fallback;
}

/** The request's refusal language, chosen once (its policy's default if no input was read). */
export function langOf(ctx: RequestContext): string {
  const { refusal } = ctx.engine.ruleSet.policy;
  ctx.lang ??= ctx.inputSegments.length > 0 ? refusalLang(ctx.inputSegments, refusal.text, refusal.defaultLang) : refusal.defaultLang;
  return ctx.lang;
}
