"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.toItem = toItem;
exports.itemWhere = itemWhere;
exports.iterateItems = iterateItems;
exports.getItem = getItem;
exports.reviewsOf = reviewsOf;
exports.recordReplayResult = recordReplayResult;
/**
 * Reading remediation items (for reports, replay and the CLI) and recording replay evidence. Item
 * queries iterate prepared statements, so an export of millions of rows holds one row at a time.
 */
const chain_1 = require("./chain");
const status_1 = require("./status");
const remediation_1 = require("./remediation");
function toItem(r) {
    return {
        id: r.id, category: r.category, stage: r.stage, source: r.source, count: r.count,
        firstViolationId: r.first_violation_id, lastViolationId: r.last_violation_id, firstSeen: r.first_seen,
        lastSeen: r.last_seen, detectedAt: r.detected_at, deadline: r.deadline,
        status: (0, status_1.isItemStatus)(r.status) ? r.status : 'open', statusAt: r.status_at, resolvedAt: r.resolved_at,
    };
}
/** WHERE clause and named parameters for a filter, over remediation_items aliased `i`. */
function itemWhere(f) {
    const where = [];
    const params = {};
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
function* iterateItems(store, f = {}) {
    const { sql, params } = itemWhere(f);
    const rows = store.withDb('iterateItems', (db) => db.prepare(`SELECT * FROM remediation_items i ${sql} ORDER BY i.id`).iterate(params));
    for (const r of rows)
        yield toItem(r);
}
function getItem(store, id) {
    const row = store.withDb('getItem', (db) => db.prepare('SELECT * FROM remediation_items WHERE id = ?').get(id));
    return row ? toItem(row) : null;
}
function reviewsOf(store, itemId) {
    return store.withDb('reviewsOf', (db) => db
        .prepare('SELECT * FROM remediation_reviews WHERE item_id = ? ORDER BY id')
        .all(itemId)
        .map((r) => ({ itemId: r.item_id, ts: r.ts, reviewer: r.reviewer, from: r.from_status, to: r.to_status, note: r.note })));
}
/** Stores the replay evidence; an item that no longer violates becomes remediated. Returns its status. */
function recordReplayResult(store, r) {
    const now = r.now ?? Date.now();
    store.withDb('recordReplayResult', (db) => db
        .prepare(`INSERT INTO replay_results (item_id, ts, upstream, model, still_violates, refused, categories, policy_revision, output_sha256)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(r.itemId, now, r.upstream, r.model, r.stillViolates ? 1 : 0, r.refused ? 1 : 0, JSON.stringify(r.categories), r.policyRevision, (0, chain_1.sha256Hex)(r.output)));
    const item = getItem(store, r.itemId);
    if (!item)
        return 'open';
    if (r.stillViolates || !['open', 'confirmed', 'overdue'].includes(item.status))
        return item.status;
    const note = r.refused ? 'replay: the model now refuses' : 'replay: the output no longer violates the policy';
    return (0, remediation_1.transitionItem)(store, { itemId: r.itemId, to: 'remediated', actor: 'replay', by: 'replay', note: `${note} (policy ${r.policyRevision})`, now });
}
