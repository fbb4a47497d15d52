"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.remediationQueue = remediationQueue;
exports.complaintQueue = complaintQueue;
/**
 * The dashboard's remediation queue and complaint queue: unresolved items by deadline with their
 * latest replay result, and complaints by response deadline. Bounded pages, no content.
 */
const items_1 = require("./items");
function remediationQueue(store, f, page) {
    const { sql, params } = (0, items_1.itemWhere)(f);
    return store.withDb('remediationQueue', (db) => {
        const total = db.prepare(`SELECT COUNT(*) FROM remediation_items i ${sql}`).pluck().get(params) ?? 0;
        const rows = db
            .prepare(`
        SELECT i.*, r.ts AS r_ts, r.model AS r_model, r.still_violates AS r_still, r.refused AS r_refused, r.policy_revision AS r_rev,
               (SELECT COUNT(*) FROM replay_results x WHERE x.item_id = i.id) AS replays
        FROM remediation_items i
        LEFT JOIN replay_results r ON r.id = (SELECT MAX(id) FROM replay_results y WHERE y.item_id = i.id)
        ${sql} ORDER BY CASE i.status WHEN 'overdue' THEN 0 WHEN 'open' THEN 1 WHEN 'confirmed' THEN 1 ELSE 2 END, i.deadline, i.id
        LIMIT ${Math.floor(page.limit)} OFFSET ${Math.floor(page.offset)}`)
            .all(params);
        const items = rows.map((r) => ({
            ...(0, items_1.toItem)(r),
            replays: r.replays,
            replay: r.r_ts === null ? null : { ts: r.r_ts, model: r.r_model, stillViolates: r.r_still === 1, refused: r.r_refused === 1, policyRevision: r.r_rev ?? '' },
        }));
        return { items, total };
    });
}
/** Unanswered first (by response deadline), then answered, newest first. Contact details are not returned. */
function complaintQueue(store, limit) {
    return store.withDb('complaintQueue', (db) => db
        .prepare(`
        SELECT c.id, c.violation_id, c.received_at, c.response_deadline, c.request_id, c.responded_at, c.responder,
               (SELECT MIN(category) FROM violation_categories vc WHERE vc.violation_id = c.violation_id) AS category
        FROM complaints c ORDER BY c.responded_at IS NOT NULL, CASE WHEN c.responded_at IS NULL THEN c.response_deadline ELSE -c.received_at END
        LIMIT ${Math.floor(limit)}`)
        .all()
        .map((r) => ({ id: r.id, violationId: r.violation_id, receivedAt: r.received_at, responseDeadline: r.response_deadline, requestId: r.request_id, respondedAt: r.responded_at, responder: r.responder, category: r.category })));
}
