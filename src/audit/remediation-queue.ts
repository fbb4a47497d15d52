/**
 * The dashboard's remediation queue and complaint queue: unresolved items by deadline with their
 * latest replay result, and complaints by response deadline. Bounded pages, no content.
 */
import { itemWhere, toItem, type ItemFilter, type RemediationItem } from './items';
import { audited } from './sql/audited';
import type { AuditStore } from './store';

export interface LatestReplay {
  ts: number;
  model: string | null;
  stillViolates: boolean;
  refused: boolean;
  policyRevision: string;
}

export interface QueueItem extends RemediationItem {
  replay: LatestReplay | null;
  replays: number;
}

type Row = Parameters<typeof toItem>[0] & { r_ts: number | null; r_model: string | null; r_still: number | null; r_refused: number | null; r_rev: string | null; replays: number };

export async function remediationQueue(store: AuditStore, f: ItemFilter, page: { limit: number; offset: number }): Promise<{ items: QueueItem[]; total: number }> {
  const { sql, params } = itemWhere(f);
  const db = store.sql;
  return audited('remediationQueue', async () => {
    const total = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM remediation_items i ${sql}`, params))?.n ?? 0;
    const rows = await db.all<Row>(`
        SELECT i.*, r.ts AS r_ts, r.model AS r_model, r.still_violates AS r_still, r.refused AS r_refused, r.policy_revision AS r_rev,
               (SELECT COUNT(*) FROM replay_results x WHERE x.item_id = i.id) AS replays
        FROM remediation_items i
        LEFT JOIN replay_results r ON r.id = (SELECT MAX(id) FROM replay_results y WHERE y.item_id = i.id)
        ${sql} ORDER BY CASE i.status WHEN 'overdue' THEN 0 WHEN 'open' THEN 1 WHEN 'confirmed' THEN 1 ELSE 2 END, i.deadline, i.id
        LIMIT ${Math.floor(page.limit)} OFFSET ${Math.floor(page.offset)}`, params);
    const items = rows.map((r) => ({
      ...toItem(r),
      replays: r.replays,
      replay: r.r_ts === null ? null : { ts: r.r_ts, model: r.r_model, stillViolates: r.r_still === 1, refused: r.r_refused === 1, policyRevision: r.r_rev ?? '' },
    }));
    return { items, total };
  });
}

export interface ComplaintRow {
  id: number;
  violationId: number;
  receivedAt: number;
  responseDeadline: number;
  requestId: string | null;
  respondedAt: number | null;
  responder: string | null;
  category: string | null;
}

/** Unanswered first (by response deadline), then answered, newest first. Contact details are not returned. */
export async function complaintQueue(store: AuditStore, limit: number): Promise<ComplaintRow[]> {
  const rows = await audited('complaintQueue', () =>
    store.sql.all<{ id: number; violation_id: number; received_at: number; response_deadline: number; request_id: string | null; responded_at: number | null; responder: string | null; category: string | null }>(`
        SELECT c.id, c.violation_id, c.received_at, c.response_deadline, c.request_id, c.responded_at, c.responder,
               (SELECT MIN(category) FROM violation_categories vc WHERE vc.violation_id = c.violation_id) AS category
        FROM complaints c ORDER BY c.responded_at IS NOT NULL, CASE WHEN c.responded_at IS NULL THEN c.response_deadline ELSE -c.received_at END
        LIMIT ${Math.floor(limit)}`));
  return rows.map((r) => ({ id: r.id, violationId: r.violation_id, receivedAt: r.received_at, responseDeadline: r.response_deadline, requestId: r.request_id, respondedAt: r.responded_at, responder: r.responder, category: r.category }));
}
