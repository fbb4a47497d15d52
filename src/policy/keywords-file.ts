/**
 * Keyword lists: rules/keywords/<code>[.<topic>].<lang>.txt, one entry per line, `#` comments, and
 * header directives `#! severity: high` and `#! boundary: word|none`. Operators drop in their own
 * licensed libraries in the same format.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Severity } from '../types';
import { normalize } from './normalize';
import type { Taxonomy } from './taxonomy';

export interface KeywordEntry {
  /** Stable rule id: kw:<file stem>:<line>. */
  id: string;
  category: string;
  lang: string;
  severity: Severity;
  /** Normalized form the matcher searches for. */
  text: string;
  /** `word`: must not touch a letter or digit on either side (English); `none`: substring (Chinese). */
  boundary: 'word' | 'none';
}

const SEVERITIES = new Set(['low', 'medium', 'high', 'critical']);

/** Splits "A.1.f.explosives.en.txt" into category A.1.f and lang en, using the longest known code. */
function parseName(file: string, taxonomy: Taxonomy): { stem: string; category: string; lang: string } | null {
  const stem = path.basename(file, '.txt');
  const parts = stem.split('.');
  if (parts.length < 2) return null;
  const lang = parts[parts.length - 1];
  for (let n = parts.length - 1; n > 0; n--) {
    const code = parts.slice(0, n).join('.');
    if (taxonomy.has(code)) return { stem, category: code, lang };
  }
  return null;
}

export function loadKeywordFile(file: string, taxonomy: Taxonomy, problems: string[]): KeywordEntry[] {
  const name = path.basename(file);
  const parsed = parseName(file, taxonomy);
  if (!parsed) {
    problems.push(`keywords/${name}: the file name does not start with a taxonomy code and end in .<lang>.txt. Fix: rename it like A.1.d.terrorism.en.txt`);
    return [];
  }
  const category = taxonomy.get(parsed.category);
  let severity: Severity = category?.severity ?? 'medium';
  // Latin-script lists default to whole-word matching; Chinese (no word boundaries) to substrings.
  let boundary: 'word' | 'none' = /^(zh|ja|ko)/.test(parsed.lang) ? 'none' : 'word';
  const entries: KeywordEntry[] = [];
  const seen = new Set<string>();
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const directive = /^#!\s*(\w+)\s*:\s*(\S+)\s*$/.exec(line);
    if (directive) {
      const [, key, value] = directive;
      if (key === 'severity' && SEVERITIES.has(value)) severity = value as Severity;
      else if (key === 'boundary' && (value === 'word' || value === 'none')) boundary = value;
      else problems.push(`keywords/${name}:${index + 1}: unknown directive "${line}". Fix: use "#! severity: low|medium|high|critical" or "#! boundary: word|none"`);
      return;
    }
    if (line === '' || line.startsWith('#')) return;
    const text = normalize(line).text;
    if (text.length < 2) {
      problems.push(`keywords/${name}:${index + 1}: "${line}" is shorter than 2 characters and would match everyday text. Fix: use a longer phrase`);
      return;
    }
    if (seen.has(text)) return; // duplicates are harmless to matching; `rules check` reports them
    seen.add(text);
    entries.push({ id: `kw:${parsed.stem}:${index + 1}`, category: parsed.category, lang: parsed.lang, severity, text, boundary });
  });
  return entries;
}
