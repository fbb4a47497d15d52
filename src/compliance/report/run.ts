/**
 * `compliance-gateway report`: one function per format over the same item filter. Items are synced
 * (new violations grouped) and deadlines checked first, so every format shows the same state.
 */
import { verifyChain } from '../../audit/chain';
import { complaintCounts } from '../../audit/complaints';
import { countItems, iterateExamples, storageModes } from '../../audit/examples';
import { iterateItems, type ItemFilter } from '../../audit/items';
import { listPolicyRevisions } from '../../audit/policy-revisions';
import { markOverdue, syncRemediation } from '../../audit/remediation';
import { evidence, replaySummary, reportStats, urgentItems } from '../../audit/stats';
import { WorkflowError } from '../../audit/status';
import type { AuditStore } from '../../audit/store';
import { renderHtml } from './html';
import { progress, type Sink } from './sink';
import { csvHeader, csvLine, itemRecord } from './tabular';
import { preferenceRow, sftRow, type Refusal, type SkipReason } from './training';

export const REPORT_FORMATS = ['sft', 'preference', 'csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  store: AuditStore;
  format: ReportFormat;
  filter: ItemFilter;
  sink: Sink;
  /** The policy's refusal texts (sft / preference). */
  refusal?: Refusal;
  months: number;
  now?: number;
}

export interface ReportSummary {
  rows: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** A note for the operator (printed on stderr by the command), e.g. masked content. */
  notes: string[];
}

const URGENT_LIMIT = 500;
const EVIDENCE_LIMIT = 500;

export async function runReport(o: ReportOptions): Promise<ReportSummary> {
  const now = o.now ?? Date.now();
  await syncRemediation(o.store, { months: o.months });
  await markOverdue(o.store, now);
  if (o.format === 'sft' || o.format === 'preference') return training(o);
  if (o.format === 'html') return html(o, now);
  return tabular(o, now);
}

async function training(o: ReportOptions): Promise<ReportSummary> {
  if (!o.refusal) throw new WorkflowError('invalid_input', 'sft and preference exports need the policy refusal text: pass --rules DIR');
  const modes = await storageModes(o.store);
  if (modes.length > 0 && modes.every((m) => m === 'hash')) {
    throw new WorkflowError('not_possible', `${o.format} export is not possible: the audit trail stores content as SHA-256 only (audit.storage_mode: hash). Use full or masked storage to collect retraining data.`);
  }
  const notes: string[] = [];
  if (modes.includes('masked')) notes.push('content is stored masked: prompts and outputs in this export carry masked text (e.g. 110***********1234), not the raw text');
  if (modes.includes('hash')) notes.push('rows recorded in hash mode have no content and were skipped');
  const build = o.format === 'sft' ? sftRow : preferenceRow;
  const skipped: Partial<Record<SkipReason, number>> = {};
  const bar = progress(o.format, await countItems(o.store, o.filter));
  let rows = 0;
  for await (const example of iterateExamples(o.store, o.filter)) {
    bar.tick();
    const row = build(example, o.refusal);
    if (typeof row === 'string') {
      skipped[row] = (skipped[row] ?? 0) + 1;
      continue;
    }
    const wait = o.sink.write(`${JSON.stringify(row)}\n`);
    if (wait) await wait;
    rows++;
  }
  await o.sink.end();
  bar.done();
  return { rows, skipped, notes };
}

async function tabular(o: ReportOptions, now: number): Promise<ReportSummary> {
  const bar = progress(o.format, await countItems(o.store, o.filter));
  let rows = 0;
  if (o.format === 'csv') await o.sink.write(csvHeader());
  else await o.sink.write(`{"generated_at":${JSON.stringify(new Date(now).toISOString())},"remediation_months":${o.months},"items":[`);
  for await (const item of iterateItems(o.store, o.filter)) {
    bar.tick();
    const wait = o.sink.write(o.format === 'csv' ? csvLine(item) : `${rows === 0 ? '\n' : ',\n'}${JSON.stringify(itemRecord(item))}`);
    if (wait) await wait;
    rows++;
  }
  if (o.format === 'json') await o.sink.write('\n]}\n');
  await o.sink.end();
  bar.done();
  return { rows, skipped: {}, notes: [] };
}

async function html(o: ReportOptions, now: number): Promise<ReportSummary> {
  const period = { since: o.filter.since, until: o.filter.until };
  let chain;
  try {
    chain = await verifyChain(o.store);
  } catch (err) {
    chain = { error: (err as Error).message };
  }
  const filters = [o.filter.category && `category ${o.filter.category}`, o.filter.status?.length && `status ${o.filter.status.join('|')}`].filter((x): x is string => typeof x === 'string');
  const urgent = await urgentItems(o.store, o.filter, URGENT_LIMIT);
  await o.sink.write(
    renderHtml({
      generatedAt: now, period, filters, storageModes: await storageModes(o.store), stats: await reportStats(o.store, period, o.filter),
      urgent, urgentLimit: URGENT_LIMIT, evidence: await evidence(o.store, period, EVIDENCE_LIMIT), replays: await replaySummary(o.store, period),
      revisions: await listPolicyRevisions(o.store), chain, complaints: await complaintCounts(o.store, now, period), months: o.months,
    }),
  );
  await o.sink.end();
  return { rows: urgent.length, skipped: {}, notes: [] };
}
