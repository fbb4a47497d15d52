"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.reportStats = reportStats;
exports.urgentItems = urgentItems;
exports.evidence = evidence;
exports.replaySummary = replaySummary;
/** Aggregates for the authority / management report: all computed in SQLite, bounded result sizes. */
const items_1 = require("./items");
const range = (p) => ({ since: p.since ?? 0, until: p.until ?? Number.MAX_SAFE_INTEGER });
function reportStats(store, p, filter) {
    return store.withDb('reportStats', (db) => {
        const r = range(p);
        const byCategoryStage = db
            .prepare(`
        SELECT c.category, v.stage, COUNT(*) AS count FROM violations v JOIN violation_categories c ON c.violation_id = v.id
        WHERE v.ts >= @since AND v.ts < @until GROUP BY c.category, v.stage ORDER BY c.category, v.stage`)
            .all(r);
        const byDay = db
            .prepare(`
        SELECT strftime('%Y-%m-%d', ts / 1000, 'unixepoch') AS day, COUNT(*) AS count FROM violations
        WHERE ts >= @since AND ts < @until GROUP BY day ORDER BY day`)
            .all(r);
        const violations = db.prepare('SELECT COUNT(*) FROM violations WHERE ts >= @since AND ts < @until').pluck().get(r) ?? 0;
        const { sql, params } = (0, items_1.itemWhere)(filter);
        const itemsByStatus = {};
        for (const row of db.prepare(`SELECT i.status, COUNT(*) AS n FROM remediation_items i ${sql} GROUP BY i.status`).all(params)) {
            itemsByStatus[row.status] = row.n;
        }
        return { violations, byCategoryStage, byDay, itemsByStatus };
    });
}
/** Open and overdue items, most urgent deadline first (bounded: the report lists, the CSV exports all). */
function urgentItems(store, filter, limit) {
    const { sql, params } = (0, items_1.itemWhere)({ ...filter, status: ['open', 'confirmed', 'overdue'] });
    return store.withDb('urgentItems', (db) => db.prepare(`SELECT * FROM remediation_items i ${sql} ORDER BY i.deadline, i.id LIMIT ${Math.floor(limit)}`).all(params).map(items_1.toItem));
}
/** Status changes in the period (reviews, replay results, overdue marks), newest first, bounded. */
function evidence(store, p, limit) {
    return store.withDb('evidence', (db) => db
        .prepare(`
        SELECT r.item_id, i.category, r.ts, r.reviewer, r.from_status, r.to_status, r.note
        FROM remediation_reviews r JOIN remediation_items i ON i.id = r.item_id
        WHERE r.ts >= @since AND r.ts < @until ORDER BY r.id DESC LIMIT ${Math.floor(limit)}`)
        .all(range(p))
        .map((r) => ({ itemId: r.item_id, category: r.category, ts: r.ts, by: r.reviewer, from: r.from_status, to: r.to_status, note: r.note })));
}
/** Per category: items replayed in the period and how many still regenerated violating content. */
function replaySummary(store, p) {
    return store.withDb('replaySummary', (db) => db
        .prepare(`
        SELECT i.category, COUNT(*) AS replayed, SUM(r.still_violates) AS still
        FROM replay_results r JOIN remediation_items i ON i.id = r.item_id
        WHERE r.ts >= @since AND r.ts < @until GROUP BY i.category ORDER BY i.category`)
        .all(range(p))
        .map((r) => ({ category: r.category, replayed: r.replayed, stillViolating: r.still })));
}
