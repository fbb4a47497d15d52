/**
 * The quality harness behind `compliance-gateway eval`: runs the whole configured policy (rules and
 * classifiers) over labelled rows and reports, per file, language and category, recall on harmful
 * rows and the false-positive rate on benign rows — both counted as "blocked", the refusal the
 * TC260-003 thresholds speak of (≥ 95% / ≤ 5%) — plus what was at least flagged, and latency.
 *
 * Each row is checked at its own stage (prompts at input, model answers at output; see rowStage)
 * unless a stage is forced. Rows with personal information are not harmful prompts: the policy
 * redacts them, so for them "recall" counts redacted-or-blocked, and they are totalled apart from
 * the harmful-prompt recall. Totals are given for all rows and for the shared datasets alone
 * (files named *.train.jsonl), so our own hand-written rows cannot flatter the headline figure.
 */
import type { Engine } from '../policy/engine';
import type { Action, Stage } from '../types';
import type { LabelledRow } from './dataset';
import { PII_CATEGORY } from './source-categories';

export interface Group {
  file: string;
  stage: string;
  lang: string;
  category: string;
  harmful: number;
  benign: number;
  /** Harmful rows blocked / flagged-or-worse. */
  blocked: number;
  flagged: number;
  /** Benign rows blocked / flagged-or-worse. */
  falseBlocked: number;
  falseFlagged: number;
  recall: number | null;
  fpr: number | null;
  p50Ms: number;
  p95Ms: number;
}

export interface Report {
  /** The forced stage, or "per-row". */
  stage: Stage | 'per-row';
  rows: number;
  groups: Group[];
  /** Per stage and language: all files, shared datasets only, and the personal-information rows. */
  languages: Group[];
}

type Key = Pick<Group, 'file' | 'stage' | 'lang' | 'category'>;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface Outcome {
  row: LabelledRow;
  stage: Stage;
  action: Action;
  ms: number;
}

/** Blocked; for personal information, redacted counts too (that is what the policy does with it). */
function caught(o: Outcome): boolean {
  return o.action === 'block' || (o.row.category === PII_CATEGORY && o.action === 'redact');
}

function summarize(key: Key, outs: Outcome[]): Group {
  const harmful = outs.filter((o) => o.row.label === 'harmful');
  const benign = outs.filter((o) => o.row.label === 'benign');
  const blocked = harmful.filter(caught).length;
  const falseBlocked = benign.filter((o) => o.action === 'block').length;
  const ms = outs.map((o) => o.ms).sort((a, b) => a - b);
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    ...key,
    harmful: harmful.length,
    benign: benign.length,
    blocked,
    flagged: harmful.filter((o) => o.action !== 'allow').length,
    falseBlocked,
    falseFlagged: benign.filter((o) => o.action !== 'allow').length,
    recall: harmful.length ? r(blocked / harmful.length) : null,
    fpr: benign.length ? r(falseBlocked / benign.length) : null,
    p50Ms: r(percentile(ms, 50)),
    p95Ms: r(percentile(ms, 95)),
  };
}

function groupBy(outs: Outcome[], key: (o: Outcome) => Key): Group[] {
  const groups = new Map<string, { key: Key; outs: Outcome[] }>();
  for (const o of outs) {
    const k = key(o);
    const id = `${k.file}\0${k.stage}\0${k.lang}\0${k.category}`;
    const g = groups.get(id) ?? { key: k, outs: [] };
    g.outs.push(o);
    groups.set(id, g);
  }
  const order = (g: Group): string => `${g.file}\0${g.stage}\0${g.lang}\0${g.category}`;
  return [...groups.values()].map((g) => summarize(g.key, g.outs)).sort((a, b) => order(a).localeCompare(order(b)));
}

/** The shared datasets are the *.train.jsonl files (../shared/datasets); data/ holds our own rows. */
export const isSharedFile = (file: string): boolean => file.endsWith('.train.jsonl');

/** `stage` forces one stage for every row; without it each row is checked at its own. */
export async function evaluate(engine: Engine, rows: LabelledRow[], stage?: Stage): Promise<Report> {
  const outs: Outcome[] = [];
  for (const row of rows) {
    const at = stage ?? row.stage;
    const t0 = process.hrtime.bigint();
    const verdict = await engine.inspect([{ path: 'text', role: at === 'output' ? 'assistant' : 'user', text: row.text }], at);
    outs.push({ row, stage: at, action: verdict.action, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
  }
  const pii = outs.filter((o) => o.row.category === PII_CATEGORY);
  const prompts = outs.filter((o) => o.row.category !== PII_CATEGORY);
  return {
    stage: stage ?? 'per-row',
    rows: rows.length,
    groups: groupBy(outs, (o) => ({ file: o.row.file, stage: o.stage, lang: o.row.lang, category: o.row.category })),
    languages: [
      ...groupBy(prompts, (o) => ({ file: '(all)', stage: o.stage, lang: o.row.lang, category: '(all but pii)' })),
      ...groupBy(prompts.filter((o) => isSharedFile(o.row.file)), (o) => ({ file: '(shared datasets)', stage: o.stage, lang: o.row.lang, category: '(all but pii)' })),
      ...groupBy(pii, (o) => ({ file: '(all)', stage: o.stage, lang: o.row.lang, category: 'pii (redacted or blocked)' })),
    ],
  };
}

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function formatReport(report: Report): string {
  const header = 'file                                    stage  lang category                  harmful recall  flagged benign  FPR     flagged p50ms  p95ms';
  const line = (g: Group): string =>
    [
      g.file.padEnd(39), g.stage.padEnd(6), g.lang.padEnd(4), g.category.padEnd(25),
      String(g.harmful).padStart(7), pct(g.recall).padStart(7), String(g.flagged).padStart(8),
      String(g.benign).padStart(6), pct(g.fpr).padStart(7), String(g.falseFlagged).padStart(8),
      g.p50Ms.toFixed(2).padStart(6), g.p95Ms.toFixed(2).padStart(6),
    ].join(' ');
  return [`stage ${report.stage}, ${report.rows} rows; recall and FPR count blocked rows (pii: redacted or blocked), "flagged" counts flag or worse`, header, ...report.groups.map(line), '', ...report.languages.map(line)].join('\n');
}
