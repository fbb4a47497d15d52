/**
 * Keyword lists: rules/keywords/<code>[.<topic>].<lang>.txt, one entry per line, `#` comments, and
 * header directives (`#! key: value`, they apply to the lines after them):
 *   severity: low|medium|high|critical   boundary: word|none   kind: block|allow
 *   expand: pinyin   max_gap: 0..8   near: N (distance for "A && B" co-occurrence lines)
 * Operators drop in their own licensed libraries in the same format (or `rules import` them).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Severity } from '../types';
import { latinVariants, pinyinVariants } from './keyword-expand';
import { normalizeText } from './normalize';
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
  /** `allow`: suppresses keyword matches of the same category that it covers (default `block`). */
  kind?: 'block' | 'allow';
  /** Other normalized spellings matched as this entry (pinyin, collapsed doubled letters, phrase without spaces). */
  variants?: string[];
  /** Most noise characters allowed between two characters of a match (default: the detector's). */
  maxGap?: number;
  /** Co-occurrence: both normalized parts within `distance` characters of each other. */
  near?: { parts: [string, string]; distance: number };
}

const SEVERITIES = new Set(['low', 'medium', 'high', 'critical']);
const DIRECTIVE_FIX = 'use "#! severity: low|medium|high|critical", "#! boundary: word|none", "#! kind: block|allow", "#! expand: pinyin", "#! max_gap: 0-8" or "#! near: N"';
const DEFAULT_NEAR = 20;

/** Splits "A.1.f.explosives.en.txt" into category A.1.f and lang en, using the longest known code. */
export function parseKeywordFileName(file: string, taxonomy: Taxonomy): { stem: string; category: string; lang: string } | null {
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

interface FileSettings {
  severity: Severity;
  boundary: 'word' | 'none';
  kind: 'block' | 'allow';
  pinyin: boolean;
  maxGap?: number;
  near: number;
}

/** Applies one directive; returns false when it is not understood. */
function applyDirective(settings: FileSettings, key: string, value: string): boolean {
  if (key === 'severity' && SEVERITIES.has(value)) settings.severity = value as Severity;
  else if (key === 'boundary' && (value === 'word' || value === 'none')) settings.boundary = value;
  else if (key === 'kind' && (value === 'block' || value === 'allow')) settings.kind = value;
  else if (key === 'expand' && value === 'pinyin') settings.pinyin = true;
  else if (key === 'max_gap' && /^[0-8]$/.test(value)) settings.maxGap = Number(value);
  else if (key === 'near' && /^\d{1,4}$/.test(value) && Number(value) > 0) settings.near = Number(value);
  else return false;
  return true;
}

export function loadKeywordFile(file: string, taxonomy: Taxonomy, problems: string[]): KeywordEntry[] {
  const name = path.basename(file);
  const parsed = parseKeywordFileName(file, taxonomy);
  if (!parsed) {
    problems.push(`keywords/${name}: the file name does not start with a taxonomy code and end in .<lang>.txt. Fix: rename it like A.1.d.terrorism.en.txt`);
    return [];
  }
  const category = taxonomy.get(parsed.category);
  // Latin-script lists default to whole-word matching; Chinese (no word boundaries) to substrings.
  const settings: FileSettings = {
    severity: category?.severity ?? 'medium',
    boundary: /^(zh|ja|ko)/.test(parsed.lang) ? 'none' : 'word',
    kind: 'block',
    pinyin: false,
    near: DEFAULT_NEAR,
  };
  const entries: KeywordEntry[] = [];
  const seen = new Set<string>();
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const where = `keywords/${name}:${index + 1}`;
    const directive = /^#!\s*(\w+)\s*:\s*(\S+)\s*$/.exec(line);
    if (directive) {
      if (!applyDirective(settings, directive[1], directive[2])) problems.push(`${where}: unknown directive "${line}". Fix: ${DIRECTIVE_FIX}`);
      return;
    }
    if (line === '' || line.startsWith('#')) return;
    // Plain objects, optional fields only when set: a million entries are built here.
    const entry: KeywordEntry = { id: `kw:${parsed.stem}:${index + 1}`, category: parsed.category, lang: parsed.lang, severity: settings.severity, text: '', boundary: settings.boundary };
    if (settings.kind === 'allow') entry.kind = 'allow';
    if (settings.maxGap !== undefined) entry.maxGap = settings.maxGap;
    if (line.includes('&&')) {
      const parts = line.split('&&').map((p) => normalizeText(p.trim()));
      if (parts.length !== 2 || parts.some((p) => p.length < 1)) {
        problems.push(`${where}: "${line}" is not a co-occurrence rule. Fix: write exactly two terms, like "制作 && 炸弹"`);
        return;
      }
      entry.text = parts.join(' && ');
      entry.near = { parts: [parts[0], parts[1]], distance: settings.near };
      entries.push(entry);
      return;
    }
    const text = normalizeText(line);
    if (text.length < 2) {
      problems.push(`${where}: "${line}" is shorter than 2 characters and would match everyday text. Fix: use a longer phrase`);
      return;
    }
    if (seen.has(text)) return; // duplicates are harmless to matching; `rules check` reports them
    seen.add(text);
    entry.text = text;
    const variants = settings.pinyin ? [...pinyinVariants(line), ...latinVariants(text)] : latinVariants(text);
    if (variants.length > 0) entry.variants = variants;
    entries.push(entry);
  });
  return entries;
}

/**
 * The lexicon's version for findings: the rules revision (a hash of every rule file) and the time
 * the newest keyword file was modified, so an auditor can tell which word list made a decision.
 */
export function lexiconVersion(rulesDir: string, revision: string): { version: string; updatedAt: string } {
  const dir = path.join(rulesDir, 'keywords');
  let newest = 0;
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.txt')) newest = Math.max(newest, fs.statSync(path.join(dir, f)).mtimeMs);
  }
  return { version: revision, updatedAt: new Date(newest || Date.now()).toISOString() };
}
