/**
 * Reading remediation items (for reports, replay and the CLI) and recording replay evidence. Item
 * queries iterate (SQLite: a prepared statement; PostgreSQL: a cursor), so an export of millions of
 * rows holds one page at a time.
 */
import { sha256Hex } from './chain';
import { isItemStatus, type ItemStatus } from './status';
import type { AuditStore } from './store';
import { transitionItem } from './remediation';
import { audited } from './sql/audited';
import { mapRows } from './sql/db';

export interface RemediationItem {
  id: number;
  category: string;
  stage: string;
  source: string;
  count: number;
  firstViolationId: number;
  lastViolationId: number;
  firstSeen: number;
  lastSeen: number;
  detectedAt: number;
  deadline: number;
  status: ItemStatus;
  statusAt: number;
  resolvedAt: number | null;
}

export interface ItemFilter {
  /** Items with a violation at or after this time (epoch ms). */
  since?: number;
  /** Items first seen before this time. */
  until?: number;
  category?: string;
  status?: ItemStatus[];
}

interface ItemDbRow {
  id: number; category: string; stage: string; source: string; count: number; first_violation_id: number;
  last_violation_id: number; first_seen: number; last_seen: number; detected_at: number; deadline: number;
  status: string; status_at: number; resolved_at: number | null;
}

export function toItem(r: ItemDbRow): RemediationItem {
  return {
    id: r.id, category: r.category, stage: r.stage, source: r.source, count: r.count,
    firstViolationId: r.first_violation_id, lastViolationId: r.last_violation_id, firstSeen: r.first_seen,
    lastSeen: r.last_seen, detectedAt: r.detected_at, deadline: r.deadline,
    status: isItemStatus(r.status) ? r.status : 'open', statusAt: r.status_at, resolvedAt: r.resolved_at,
  };
}

/** WHERE clause and named parameters for a filter, over remediation_items aliased `i`. */
export function itemWhere(f: ItemFilter): { sql: string; params: Record<string, string | number> } {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (f.since !== undefined) {
    where.push('i.last_seen >= @since');
    params.since = f.since;
  }
  if (f.until !== undefined) {
    where.push('i.first_seen < @until');
    params.until = f.until;
  }
  if (f.category !== undefined) {
    // A prefix ("A.1") selects the whole group, like the taxonomy's globs.
    where.push("(i.category = @category OR i.category LIKE @categoryPrefix ESCAPE '\\')");
    params.category = f.category;
    params.categoryPrefix = `${f.category.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
  }
  if (f.status && f.status.length > 0) {
    where.push(`i.status IN (${f.status.map((_, k) => `@status${k}`).join(', ')})`);
    f.status.forEach((s, k) => (params[`status${k}`] = s));
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Items in id order, one at a time. The store must stay open while iterating. */
export function iterateItems(store: AuditStore, f: ItemFilter = {}): AsyncIterable<RemediationItem> {
  const { sql, params } = itemWhere(f);
  return mapRows(store.sql.iterate<ItemDbRow>(`SELECT * FROM remediation_items i ${sql} ORDER BY i.id`, params), toItem);
}

export async function getItem(store: AuditStore, id: number): Promise<RemediationItem | null> {
  const row = await audited('getItem', () => store.sql.get<ItemDbRow>('SELECT * FROM remediation_items WHERE id = ?', [id]));
  return row ? toItem(row) : null;
}

export interface ReviewRow {
  itemId: number;
  ts: number;
  reviewer: string;
  from: string;
  to: string;
  note: string;
}

export async function reviewsOf(store: AuditStore, itemId: number): Promise<ReviewRow[]> {
  const rows = await audited('reviewsOf', () =>
    store.sql.all<{ item_id: number; ts: number; reviewer: string; from_status: string; to_status: string; note: string }>(
      'SELECT * FROM remediation_reviews WHERE item_id = ? ORDER BY id', [itemId],
    ));
  return rows.map((r) => ({ itemId: r.item_id, ts: r.ts, reviewer: r.reviewer, from: r.from_status, to: r.to_status, note: r.note }));
}

export interface ReplayOutcome {
  itemId: number;
  upstream: string;
  model: string | null;
  stillViolates: boolean;
  refused: boolean;
  categories: string[];
  policyRevision: string;
  /** The new output; only its hash is stored. */
  output: string;
  now?: number;
}

/** Stores the replay evidence; an item that no longer violates becomes remediated. Returns its status. */
export async function recordReplayResult(store: AuditStore, r: ReplayOutcome): Promise<ItemStatus> {
  const now = r.now ?? Date.now();
  await audited('recordReplayResult', () =>
    store.sql.run(
      `INSERT INTO replay_results (item_id, ts, upstream, model, still_violates, refused, categories, policy_revision, output_sha256)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [r.itemId, now, r.upstream, r.model, r.stillViolates ? 1 : 0, r.refused ? 1 : 0, JSON.stringify(r.categories), r.policyRevision, sha256Hex(r.output)],
    ));
  const item = await getItem(store, r.itemId);
  if (!item) return 'open';
  if (r.stillViolates || !['open', 'confirmed', 'overdue'].includes(item.status)) return item.status;
  const note = r.refused ? 'replay: the model now refuses' : 'replay: the output no longer violates the policy';
  return transitionItem(store, { itemId: r.itemId, to: 'remediated', actor: 'replay', by: 'replay', note: `${note} (policy ${r.policyRevision})`, now });
}
