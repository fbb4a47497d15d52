/**
 * `rules coverage`: keywords per TC260-003 risk against the minimums of §8.1 (keyword library):
 * at least 10,000 keywords in total, at least 200 for each A.1 risk and 100 for each A.2 risk.
 * Allow-list entries do not count; co-occurrence rules count once.
 */
import type { RuleSet } from './rules';

export const MIN_TOTAL = 10_000;
export const MIN_A1 = 200;
export const MIN_A2 = 100;

export interface CoverageRow {
  code: string;
  name: string;
  keywords: number;
  /** Required minimum, or 0 where §8.1 sets none (A.3–A.5). */
  minimum: number;
  gap: number;
}

export interface Coverage {
  total: number;
  minimumTotal: number;
  totalGap: number;
  rows: CoverageRow[];
  meets: boolean;
}

function minimumFor(code: string): number {
  if (code.startsWith('A.1.')) return MIN_A1;
  if (code.startsWith('A.2.')) return MIN_A2;
  return 0;
}

export function coverage(ruleSet: RuleSet): Coverage {
  const counts = new Map<string, number>();
  for (const e of ruleSet.keywords) {
    if (e.kind === 'allow') continue;
    counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
  }
  const rows: CoverageRow[] = [];
  for (const code of ruleSet.taxonomy.keys()) {
    if (!/^A\.\d\.[a-z]$/.test(code)) continue;
    const keywords = counts.get(code) ?? 0;
    const minimum = minimumFor(code);
    rows.push({ code, name: ruleSet.taxonomy.get(code)?.en ?? code, keywords, minimum, gap: Math.max(0, minimum - keywords) });
  }
  const total = [...counts].filter(([code]) => code.startsWith('A.')).reduce((n, [, c]) => n + c, 0);
  const totalGap = Math.max(0, MIN_TOTAL - total);
  return { total, minimumTotal: MIN_TOTAL, totalGap, rows, meets: totalGap === 0 && rows.every((r) => r.gap === 0) };
}

export function coverageText(c: Coverage): string {
  const lines = ['code    keywords  minimum  gap   risk'];
  for (const r of c.rows) {
    lines.push(`${r.code.padEnd(8)}${String(r.keywords).padStart(8)}${String(r.minimum || '-').padStart(9)}${String(r.gap || '').padStart(5)}   ${r.name}`);
  }
  lines.push('');
  lines.push(`total ${c.total} keywords (minimum ${c.minimumTotal}${c.totalGap > 0 ? `, ${c.totalGap} short` : ''})`);
  const gaps = c.rows.filter((r) => r.gap > 0);
  lines.push(c.meets ? 'meets the TC260-003 §8.1 keyword-library minimums' : `gaps: ${gaps.length} risk(s) below their minimum${c.totalGap > 0 ? ' and the total is short' : ''}. Fix: add or import keywords for the codes above (compliance-gateway rules import)`);
  return lines.join('\n');
}
