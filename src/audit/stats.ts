/** Aggregates for the authority / management report: all computed in SQLite, bounded result sizes. */
import { itemWhere, toItem, type ItemFilter, type RemediationItem } from './items';
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

export function reportStats(store: AuditStore, p: Period, filter: ItemFilter): ReportStats {
  return store.withDb('reportStats', (db) => {
    const r = range(p);
    const byCategoryStage = db
      .prepare<[{ since: number; until: number }], CategoryStageCount>(`
        SELECT c.category, v.stage, COUNT(*) AS count FROM violations v JOIN violation_categories c ON c.violation_id = v.id
        WHERE v.ts >= @since AND v.ts < @until GROUP BY c.category, v.stage ORDER BY c.category, v.stage`)
      .all(r);
    const byDay = db
      .prepare<[{ since: number; until: number }], { day: string; count: number }>(`
        SELECT strftime('%Y-%m-%d', ts / 1000, 'unixepoch') AS day, COUNT(*) AS count FROM violations
        WHERE ts >= @since AND ts < @until GROUP BY day ORDER BY day`)
      .all(r);
    const violations = db.prepare<[{ since: number; until: number }], number>('SELECT COUNT(*) FROM violations WHERE ts >= @since AND ts < @until').pluck().get(r) ?? 0;
    const { sql, params } = itemWhere(filter);
    const itemsByStatus: Record<string, number> = {};
    for (const row of db.prepare<[Record<string, string | number>], { status: string; n: number }>(`SELECT i.status, COUNT(*) AS n FROM remediation_items i ${sql} GROUP BY i.status`).all(params)) {
      itemsByStatus[row.status] = row.n;
    }
    return { violations, byCategoryStage, byDay, itemsByStatus };
  });
}

/** Open and overdue items, most urgent deadline first (bounded: the report lists, the CSV exports all). */
export function urgentItems(store: AuditStore, filter: ItemFilter, limit: number): RemediationItem[] {
  const { sql, params } = itemWhere({ ...filter, status: ['open', 'confirmed', 'overdue'] });
  return store.withDb('urgentItems', (db) =>
    db.prepare<[Record<string, string | number>], Parameters<typeof toItem>[0]>(`SELECT * FROM remediation_items i ${sql} ORDER BY i.deadline, i.id LIMIT ${Math.floor(limit)}`).all(params).map(toItem),
  );
}

/** Status changes in the period (reviews, replay results, overdue marks), newest first, bounded. */
export function evidence(store: AuditStore, p: Period, limit: number): EvidenceRow[] {
  return store.withDb('evidence', (db) =>
    db
      .prepare<[{ since: number; until: number }], { item_id: number; category: string; ts: number; reviewer: string; from_status: string; to_status: string; note: string }>(`
        SELECT r.item_id, i.category, r.ts, r.reviewer, r.from_status, r.to_status, r.note
        FROM remediation_reviews r JOIN remediation_items i ON i.id = r.item_id
        WHERE r.ts >= @since AND r.ts < @until ORDER BY r.id DESC LIMIT ${Math.floor(limit)}`)
      .all(range(p))
      .map((r) => ({ itemId: r.item_id, category: r.category, ts: r.ts, by: r.reviewer, from: r.from_status, to: r.to_status, note: r.note })),
  );
}

export interface ReplaySummary {
  category: string;
  replayed: number;
  stillViolating: number;
}

/** Per category: items replayed in the period and how many still regenerated violating content. */
export function replaySummary(store: AuditStore, p: Period): ReplaySummary[] {
  return store.withDb('replaySummary', (db) =>
    db
      .prepare<[{ since: number; until: number }], { category: string; replayed: number; still: number }>(`
        SELECT i.category, COUNT(*) AS replayed, SUM(r.still_violates) AS still
        FROM replay_results r JOIN remediation_items i ON i.id = r.item_id
        WHERE r.ts >= @since AND r.ts < @until GROUP BY i.category ORDER BY i.category`)
      .all(range(p))
      .map((r) => ({ category: r.category, replayed: r.replayed, stillViolating: r.still })),
  );
}
