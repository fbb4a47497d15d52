/**
 * Retention (`compliance-gateway audit prune`). Request metadata older than the retention period is
 * deleted. Violations are kept until their remediation item is resolved (remediated or dismissed as a
 * false positive) plus the retention period; a violation that never needed remediation (flag, redact)
 * is kept for the retention period from detection. Only a prefix of the chain is ever pruned — the
 * oldest rows up to the first one that must stay — so the rest still verifies: the prune records a
 * checkpoint with the last pruned row's hash, and `audit verify` starts from it.
 */
import { addDays } from './deadline';
import { syncRemediation } from './remediation';
import { all, get, inTransaction, run, type Steps } from './sql/steps';
import type { AuditStore } from './store';

export interface PruneOptions {
  now: number;
  requestDays: number;
  violationDays: number;
  /** Remediation months, for the sync that must run first (unfiled violations are never pruned). */
  months: number;
  /** Count only, delete nothing. */
  dryRun?: boolean;
}

export interface PruneReport {
  requests: number;
  violations: number;
  /** The newest pruned violation id (0 when none). */
  lastPrunedId: number;
}

interface Candidate {
  id: number;
  ts: number;
  row_hash: string;
  item_status: string | null;
  resolved_at: number | null;
  has_item: number;
}

/** Whether a violation may go: its retention clock started at resolution (or detection without an item). */
function expired(c: Candidate, cutoff: number): boolean {
  if (!c.has_item) return c.ts < cutoff;
  return (c.item_status === 'remediated' || c.item_status === 'false_positive') && c.resolved_at !== null && c.resolved_at < cutoff;
}

const PRUNE_PAGE = 5000;

function* pruneSteps(o: PruneOptions, requestCutoff: number, violationCutoff: number): Steps<PruneReport> {
  let last: Candidate | null = null;
  let count = 0;
  // Pages in id order, so memory stays bounded: the prefix ends at the first row that must stay.
  for (let stop = false; !stop; ) {
    const page = (yield all(`
      SELECT v.id, v.ts, v.row_hash, i.status AS item_status, i.resolved_at, CASE WHEN m.item_id IS NULL THEN 0 ELSE 1 END AS has_item
      FROM violations v
      LEFT JOIN remediation_members m ON m.violation_id = v.id
      LEFT JOIN remediation_items i ON i.id = m.item_id
      WHERE v.id > ? AND v.id <= (SELECT last_violation_id FROM remediation_cursor WHERE id = 1)
      ORDER BY v.id LIMIT ?`, [last?.id ?? 0, PRUNE_PAGE])) as Candidate[];
    stop = page.length < PRUNE_PAGE;
    for (const c of page) {
      if (!expired(c, violationCutoff)) {
        stop = true;
        break;
      }
      last = c;
      count++;
    }
  }
  const requests = o.dryRun
    ? Number(((yield get('SELECT COUNT(*) AS n FROM requests WHERE ts < ?', [requestCutoff])) as { n: number }).n)
    : ((yield run('DELETE FROM requests WHERE ts < ?', [requestCutoff])) as { changes: number }).changes;
  if (!last || o.dryRun) return { requests, violations: count, lastPrunedId: last?.id ?? 0 };
  yield run('INSERT INTO prune_permits (max_id) VALUES (?)', [last.id]);
  yield run('DELETE FROM violation_categories WHERE violation_id <= ?', [last.id]);
  yield run('DELETE FROM violation_prompts WHERE violation_id <= ?', [last.id]);
  const deleted = ((yield run('DELETE FROM violations WHERE id <= ?', [last.id])) as { changes: number }).changes;
  yield run('DELETE FROM prune_permits');
  yield run('INSERT INTO chain_checkpoints (ts, last_id, last_row_hash, rows_pruned) VALUES (?, ?, ?, ?)', [o.now, last.id, last.row_hash, deleted]);
  return { requests, violations: deleted, lastPrunedId: last.id };
}

export async function prune(store: AuditStore, o: PruneOptions): Promise<PruneReport> {
  await syncRemediation(store, { months: o.months });
  const requestCutoff = addDays(o.now, -o.requestDays);
  const violationCutoff = addDays(o.now, -o.violationDays);
  // The chain lock: no instance appends a violation while its predecessors are being pruned.
  return inTransaction(store, 'prune', () => pruneSteps(o, requestCutoff, violationCutoff), 'chain');
}
