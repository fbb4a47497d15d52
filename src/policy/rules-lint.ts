/**
 * `rules check`: lints a loaded rules folder. Errors refuse the folder (catastrophic-backtracking
 * regexes); warnings are for a person to review (duplicate keywords, keywords that fire on benign
 * everyday text from the labelled datasets).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createKeywordDetector } from '../detectors/keyword';
import type { Finding } from '../types';
import { nestedQuantifier, slowRegexes } from './regex-safety';
import type { RuleSet } from './rules';

export interface LintIssue {
  level: 'error' | 'warning';
  kind: 'regex' | 'duplicate' | 'everyday';
  rule: string;
  message: string;
}

/** Same normalized text listed twice: within a file, or in two files of one category. */
export function duplicateKeywords(ruleSet: RuleSet): LintIssue[] {
  const issues: LintIssue[] = [];
  const first = new Map<string, string>();
  for (const e of ruleSet.keywords) {
    const key = `${e.category}\u0000${e.kind ?? 'block'}\u0000${e.text}`;
    const earlier = first.get(key);
    if (earlier) issues.push({ level: 'warning', kind: 'duplicate', rule: e.id, message: `"${e.text}" duplicates ${earlier} in category ${e.category}. Fix: delete one of the two lines` });
    else first.set(key, e.id);
  }
  return issues;
}

/** Within-file duplicates are dropped by the loader, so they are found from the files themselves. */
export function duplicateLines(rulesDir: string): LintIssue[] {
  const dir = path.join(rulesDir, 'keywords');
  if (!fs.existsSync(dir)) return [];
  const issues: LintIssue[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const seen = new Map<string, number>();
    fs.readFileSync(path.join(dir, name), 'utf8')
      .split(/\r?\n/)
      .forEach((raw, i) => {
        const line = raw.trim().toLowerCase();
        if (line === '' || line.startsWith('#')) return;
        const at = seen.get(line);
        if (at !== undefined) issues.push({ level: 'warning', kind: 'duplicate', rule: `kw:${name.replace(/\.txt$/, '')}:${i + 1}`, message: `repeats line ${at}. Fix: delete the line` });
        else seen.set(line, i + 1);
      });
  }
  return issues;
}

/** Benign rows (label "benign") of the JSONL files given. */
export function benignTexts(files: string[]): { source: string; text: string }[] {
  const rows: { source: string; text: string }[] = [];
  for (const file of files) {
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.startsWith('{')) return;
        try {
          const row = JSON.parse(line) as { text?: unknown; label?: unknown };
          if (typeof row.text === 'string' && (row.label === undefined || row.label === 'benign')) rows.push({ source: `${path.basename(file)}:${i + 1}`, text: row.text });
        } catch {
          // not a JSON row: skip
        }
      });
  }
  return rows;
}

/** Keywords that fire on benign text: probably everyday words. One warning per keyword. */
export function everydayMatches(ruleSet: RuleSet, benign: { source: string; text: string }[]): LintIssue[] {
  const detector = createKeywordDetector({ entries: ruleSet.keywords, decodeDepth: 0 });
  const signal = new AbortController().signal;
  const hits = new Map<string, { count: number; example: string }>();
  for (const row of benign) {
    for (const f of detector.detect([{ path: row.source, text: row.text }], signal) as Finding[]) {
      const h = hits.get(f.ruleId) ?? { count: 0, example: `${row.source} ${f.excerpt}` };
      h.count++;
      hits.set(f.ruleId, h);
    }
  }
  return [...hits].map(([rule, h]) => ({
    level: 'warning' as const,
    kind: 'everyday' as const,
    rule,
    message: `matches ${h.count} benign row(s), e.g. ${h.example}. Fix: make the entry more specific, or add an allow-list entry (#! kind: allow) that covers the benign use`,
  }));
}

/** Refuses regexes with nested unbounded quantifiers or that run long on adversarial input. */
export async function regexIssues(ruleSet: RuleSet, budgetMs?: number): Promise<LintIssue[]> {
  const issues: LintIssue[] = [];
  for (const r of ruleSet.regexes) {
    const nested = nestedQuantifier(r.regex.source);
    if (nested) issues.push({ level: 'error', kind: 'regex', rule: r.id, message: `${nested} can backtrack catastrophically. Fix: bound the repetition ({1,64}) or remove the inner quantifier` });
  }
  const slow = await slowRegexes(
    ruleSet.regexes.map((r) => ({ id: r.id, source: r.regex.source, flags: r.regex.flags })),
    budgetMs,
  );
  for (const s of slow) issues.push({ level: 'error', kind: 'regex', rule: s.id, message: s.message });
  return issues;
}
