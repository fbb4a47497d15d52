/** Aggregates for the authority / management report: all computed in the database, bounded result sizes. */
import { itemWhere, toItem, type ItemFilter, type RemediationItem } from './items';
import { audited, utcDay } from './sql/audited';
import type { AuditStore } from './store';

export interface Period {
  since?: number;
  until?: number;
}

export interface CategoryStageCount {
  category: string;
  stage: string;
  count: number;
}

export interface ReportStats {
  violations: number;
  byCategoryStage: CategoryStageCount[];
  byDay: { day: string; count: number }[];
  itemsByStatus: Record<string, number>;
}

export interface EvidenceRow {
  itemId: number;
  category: string;
  ts: number;
  by: string;
  from: string;
  to: string;
  note: string;
}

const range = (p: Period) => ({ since: p.since ?? 0, until: p.until ?? Number.MAX_SAFE_INTEGER });

export async function reportStats(store: AuditStore, p: Period, filter: ItemFilter): Promise<ReportStats> {
  const db = store.sql;
  const r = range(p);
  return audited('reportStats', async () => {
    const byCategoryStage = await db.all<CategoryStageCount>(`
        SELECT c.category, v.stage, COUNT(*) AS count FROM violations v JOIN violation_categories c ON c.violation_id = v.id
        WHERE v.ts >= @since AND v.ts < @until GROUP BY c.category, v.stage ORDER BY c.category, v.stage`, r);
    const byDay = await db.all<{ day: string; count: number }>(`
        SELECT ${utcDay('ts', db.dialect)} AS day, COUNT(*) AS count FROM violations
        WHERE ts >= @since AND ts < @until GROUP BY day ORDER BY day`, r);
    const violations = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM violations WHERE ts >= @since AND ts < @until', r))?.n ?? 0;
    const { sql, params } = itemWhere(filter);
    const itemsByStatus: Record<string, number> = {};
    for (const row of await db.all<{ status: string; n: number }>(`SELECT i.status, COUNT(*) AS n FROM remediation_items i ${sql} GROUP BY i.status`, params)) {
      itemsByStatus[row.status] = row.n;
    }
    return { violations, byCategoryStage, byDay, itemsByStatus };
  });
}

/** Open and overdue items, most urgent deadline first (bounded: the report lists, the CSV exports all). */
export async function urgentItems(store: AuditStore, filter: ItemFilter, limit: number): Promise<RemediationItem[]> {
  const { sql, params } = itemWhere({ ...filter, status: ['open', 'confirmed', 'overdue'] });
  const rows = await audited('urgentItems', () =>
    store.sql.all<Parameters<typeof toItem>[0]>(`SELECT * FROM remediation_items i ${sql} ORDER BY i.deadline, i.id LIMIT ${Math.floor(limit)}`, params));
  return rows.map(toItem);
}

/** Status changes in the period (reviews, replay results, overdue marks), newest first, bounded. */
export async function evidence(store: AuditStore, p: Period, limit: number): Promise<EvidenceRow[]> {
  const rows = await audited('evidence', () =>
    store.sql.all<{ item_id: number; category: string; ts: number; reviewer: string; from_status: string; to_status: string; note: string }>(`
        SELECT r.item_id, i.category, r.ts, r.reviewer, r.from_status, r.to_status, r.note
        FROM remediation_reviews r JOIN remediation_items i ON i.id = r.item_id
        WHERE r.ts >= @since AND r.ts < @until ORDER BY r.id DESC LIMIT ${Math.floor(limit)}`, range(p)));
  return rows.map((r) => ({ itemId: r.item_id, category: r.category, ts: r.ts, by: r.reviewer, from: r.from_status, to: r.to_status, note: r.note }));
}

export interface ReplaySummary {
  category: string;
  replayed: number;
  stillViolating: number;
}

/** Per category: items replayed in the period and how many still regenerated violating content. */
export async function replaySummary(store: AuditStore, p: Period): Promise<ReplaySummary[]> {
  const rows = await audited('replaySummary', () =>
    store.sql.all<{ category: string; replayed: number; still: number }>(`
        SELECT i.category, COUNT(*) AS replayed, SUM(r.still_violates) AS still
        FROM replay_results r JOIN remediation_items i ON i.id = r.item_id
        WHERE r.ts >= @since AND r.ts < @until GROUP BY i.category ORDER BY i.category`, range(p)));
  return rows.map((r) => ({ category: r.category, replayed: r.replayed, stillViolating: r.still }));
}
