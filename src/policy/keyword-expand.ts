/**
 * Build-time expansion of keywords into the spellings evaders use, so the matcher stays one exact
 * automaton pass: pinyin (full, initials, mixed hanzi + pinyin, via pinyin-pro) for files that ask
 * for it with `#! expand: pinyin`, single-letter forms of doubled letters ("kill" → "kil"), which
 * the repeat collapse of normalization produces from "killlll", and phrases without their spaces,
 * which spaced-out letters join into.
 */
import { pinyin } from 'pinyin-pro';
import { normalizeText } from './normalize';

const HAN = /\p{Script=Han}/u;

/** Mixed forms replace one character at a time; longer keywords would multiply variants. */
const MAX_MIXED_CHARS = 6;

/** Initials of shorter keywords ("zzy", "ms") are everyday abbreviations. */
const MIN_INITIALS = 4;

/** Up to this many characters, every mix of hanzi and pinyin is generated (2^n - 2 of them). */
const MAX_ALL_MIXES = 4;

/**
 * Which characters a mixed form writes in pinyin (bit j: character j): every mix for short
 * keywords; for longer ones one character at a time, every other character ("自zhi炸yao"), and
 * one half in pinyin — the mixes evaders write, without 2^n variants per keyword.
 */
function mixedMasks(n: number): number[] {
  const all = (1 << n) - 1;
  if (n <= MAX_ALL_MIXES) return Array.from({ length: all - 1 }, (_, i) => i + 1);
  const masks = new Set<number>();
  for (let j = 0; j < n; j++) masks.add(1 << j);
  let odd = 0;
  for (let j = 1; j < n; j += 2) odd |= 1 << j;
  masks.add(odd);
  masks.add(all & ~odd);
  const half = (1 << Math.floor(n / 2)) - 1;
  masks.add(half);
  masks.add(all & ~half);
  return [...masks];
}

/**
 * Pinyin spellings of a Chinese keyword: "zizhizhayao", "zi zhi zha yao", initials "zzzy" (only for
 * four characters or more, and only when no letter repeats three times in a row, which
 * normalization would collapse: two- and three-letter initials are everyday abbreviations) and mixed forms
 * "自制炸yao", "自zhi炸yao" … (see `mixedMasks`). Returned normalized; the keyword itself is not included.
 */
export function pinyinVariants(raw: string): string[] {
  const chars = Array.from(raw);
  const hanCount = chars.filter((c) => HAN.test(c)).length;
  if (hanCount === 0) return [];
  const syllables = pinyin(raw, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  const initials = pinyin(raw, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' });
  const out = new Set<string>();
  out.add(syllables.join(''));
  out.add(syllables.join(' '));
  const abbreviation = initials.join('');
  if (hanCount >= MIN_INITIALS && normalizeText(abbreviation).length >= MIN_INITIALS) out.add(abbreviation);
  if (chars.length === syllables.length && chars.length <= MAX_MIXED_CHARS) {
    for (const mask of mixedMasks(chars.length)) out.add(chars.map((d, j) => ((mask >> j) & 1 && HAN.test(d) ? syllables[j] : d)).join(''));
  }
  const own = normalizeText(raw);
  return [...out].map((v) => normalizeText(v)).filter((v) => v.length >= 2 && v !== own);
}

/** "kill" → ["kil"]: the form a collapsed run ("killlll") takes after normalization. */
export function collapsedVariants(normalized: string): string[] {
  if (!/([a-z])\1/.test(normalized)) return [];
  const single = normalized.replace(/([a-z])\1+/g, '$1');
  return single.length >= 3 && single !== normalized ? [single] : [];
}

/**
 * "how to make a bomb" → ["howtomakeabomb"]: the form a phrase takes when every letter is spaced
 * out ("h o w t o m a k e …" joins into one word during normalization). Normalized again, so that
 * digits in it read as the joined text would (leetspeak inside the joined word).
 */
export function compactVariants(normalized: string): string[] {
  if (!normalized.includes(' ') || !/[a-z]/.test(normalized)) return [];
  const compact = normalizeText(normalized.replace(/ /g, ''));
  return compact.length >= 6 && compact !== normalized ? [compact] : [];
}

/** Every Latin-script spelling variant the loader adds to a normalized keyword. */
export function latinVariants(normalized: string): string[] {
  return [...collapsedVariants(normalized), ...compactVariants(normalized)];
}

/** Reversed spelling ("bmob epip"), kept only when long enough not to be an everyday word. */
export function reversedVariant(normalized: string): string | null {
  let cjk = false;
  let astral = false;
  for (let i = 0; i < normalized.length; i++) {
    const u = normalized.charCodeAt(i);
    if (u >= 0x3400 && u <= 0x9fff) cjk = true;
    else if (u >= 0xd800 && u <= 0xdfff) astral = true;
  }
  // Three Chinese characters read backwards are too often ordinary text (杀人犯 → 犯人杀): four or more.
  if (normalized.length < (cjk ? 4 : 5)) return null;
  let reversed = '';
  if (astral) reversed = Array.from(normalized).reverse().join('');
  else for (let i = normalized.length - 1; i >= 0; i--) reversed += normalized[i];
  return reversed === normalized ? null : reversed;
}
