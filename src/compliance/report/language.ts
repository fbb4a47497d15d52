/** The language of a prompt, for choosing the policy's refusal text (zh when Chinese dominates). */
import { isCjk } from '../../policy/normalize';

export function promptLang(text: string, available: Record<string, string>, fallback: string): string {
  let cjk = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const lower = c | 0x20;
    if (lower >= 0x61 && lower <= 0x7a) latin++;
    else if (c >= 0x2e80 && isCjk(text.codePointAt(i) ?? c)) cjk++;
  }
  const lang = cjk > 0 && cjk * 3 >= latin ? 'zh' : 'en';
  return available[lang] ? lang : fallback;
}

export function refusalFor(text: string, refusal: { defaultLang: string; text: Record<string, string> }): string {
  return refusal.text[promptLang(text, refusal.text, refusal.defaultLang)] ?? Object.values(refusal.text)[0] ?? '';
}
