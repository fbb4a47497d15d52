"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.primaryCategory = primaryCategory;
exports.subjectOf = subjectOf;
exports.needsRemediation = needsRemediation;
exports.syncRemediation = syncRemediation;
exports.markOverdue = markOverdue;
exports.transitionItem = transitionItem;
exports.reviewItem = reviewItem;
const types_1 = require("../types");
const deadline_1 = require("./deadline");
const prompt_1 = require("./prompt");
const schema_1 = require("./schema");
const status_1 = require("./status");
const SYNC_BATCH = 5000;
/** The category an item is filed under: the most severe finding's (ties: the smallest code). */
function primaryCategory(findingsJson, categoriesJson) {
    let best = null;
    for (const f of (0, schema_1.parseJsonArray)(findingsJson)) {
        if (typeof f !== 'object' || f === null)
            continue;
        const { category, severity } = f;
        if (typeof category !== 'string')
            continue;
        const rank = types_1.SEVERITIES.indexOf(severity);
        if (!best || rank > best.rank || (rank === best.rank && category < best.category))
            best = { category, rank };
    }
    return best?.category ?? (0, schema_1.parseStringArray)(categoriesJson)[0] ?? 'unclassified';
}
/** What identifies "the same prompt": the prompt text when kept, else a hash of what is kept. */
function subjectOf(r) {
    const messages = (0, prompt_1.parseMessages)(r.prompt_messages);
    if (messages)
        return messages.filter((m) => m.role !== 'assistant').map((m) => m.content).join('\n');
    if (r.prompt_sha)
        return `sha256:${r.prompt_sha}`;
    if (r.content !== null)
        return r.stage === 'input' || r.source === 'user_report' ? (0, prompt_1.promptFromSegments)(r.content) : (0, prompt_1.outputFromSegments)(r.content);
    return `sha256:${r.content_sha256 ?? `violation-${r.id}`}`;
}
function needsRemediation(r) {
    return r.action === 'block' || r.source === 'user_report';
}
function logReview(db, item, ts, who, from, to, note) {
    db.prepare('INSERT INTO remediation_reviews (item_id, ts, reviewer, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)').run(item, ts, who, from, to, note);
}
/** Groups violations recorded since the last sync into items. Returns how many violations it filed. */
function syncRemediation(store, opts) {
    return store.withDb('syncRemediation', (db) => {
        const cursor = db.prepare('SELECT last_violation_id FROM remediation_cursor WHERE id = 1').pluck();
        const next = db.prepare(`
      SELECT v.id, v.ts, v.stage, v.action, v.source, v.categories, v.findings, v.content, v.content_sha256,
             p.messages AS prompt_messages, p.content_sha256 AS prompt_sha
      FROM violations v LEFT JOIN violation_prompts p ON p.violation_id = v.id
      WHERE v.id > ? ORDER BY v.id LIMIT ?`);
        const findItem = db.prepare('SELECT id, status FROM remediation_items WHERE group_key = ?');
        const insertItem = db.prepare(`INSERT INTO remediation_items (group_key, category, stage, source, first_violation_id,
      last_violation_id, first_seen, last_seen, count, detected_at, deadline, status, status_at)
      VALUES (@key, @category, @stage, @source, @id, @id, @ts, @ts, 1, @ts, @deadline, 'open', @ts)`);
        const bump = db.prepare('UPDATE remediation_items SET count = count + 1, last_violation_id = ?, last_seen = MAX(last_seen, ?) WHERE id = ?');
        const reopen = db.prepare(`UPDATE remediation_items SET status = 'open', status_at = @ts, detected_at = @ts, deadline = @deadline,
      resolved_at = NULL WHERE id = @id`);
        const member = db.prepare('INSERT OR IGNORE INTO remediation_members (violation_id, item_id) VALUES (?, ?)');
        const setCursor = db.prepare('UPDATE remediation_cursor SET last_violation_id = ? WHERE id = 1');
        const batch = db.transaction(() => {
            const rows = next.all(cursor.get() ?? 0, SYNC_BATCH);
            for (const r of rows) {
                if (!needsRemediation(r))
                    continue;
                const category = primaryCategory(r.findings, r.categories);
                const key = (0, prompt_1.groupKey)(category, subjectOf(r));
                const deadline = (0, deadline_1.addCalendarMonths)(r.ts, opts.months);
                const item = findItem.get(key);
                let itemId;
                if (!item) {
                    itemId = Number(insertItem.run({ key, category, stage: r.stage, source: r.source, id: r.id, ts: r.ts, deadline }).lastInsertRowid);
                }
                else {
                    itemId = item.id;
                    bump.run(r.id, r.ts, itemId);
                    if (item.status === 'remediated') {
                        // The model generated it again after remediation: the clock starts over.
                        reopen.run({ id: itemId, ts: r.ts, deadline });
                        logReview(db, itemId, r.ts, 'system', 'remediated', 'open', `regenerated after remediation (violation #${r.id})`);
                    }
                }
                member.run(r.id, itemId);
            }
            if (rows.length > 0)
                setCursor.run(rows[rows.length - 1].id);
            return rows.length;
        });
        let filed = 0;
        for (let n = batch.immediate(); n > 0; n = batch.immediate())
            filed += n;
        return filed;
    });
}
/** open/confirmed items whose deadline has passed become overdue. Returns how many. */
function markOverdue(store, now) {
    return store.withDb('markOverdue', (db) => db.transaction(() => {
        const due = db
            .prepare("SELECT id, status FROM remediation_items WHERE status IN ('open', 'confirmed') AND deadline < ?")
            .all(now);
        const set = db.prepare("UPDATE remediation_items SET status = 'overdue', status_at = ? WHERE id = ?");
        for (const item of due) {
            set.run(now, item.id);
            logReview(db, item.id, now, 'system', item.status, 'overdue', 'remediation deadline passed');
        }
        return due.length;
    }).immediate());
}
/** Moves an item along the status machine (status.ts) and logs who did it, when and why. */
function transitionItem(store, t) {
    if (t.actor === 'reviewer' && (t.by.trim() === '' || t.note.trim() === '')) {
        throw new status_1.WorkflowError('invalid_input', 'a review needs the reviewer and a note: pass --reviewer NAME --note "why"');
    }
    return store.withDb('transitionItem', (db) => db.transaction(() => {
        const item = db.prepare('SELECT id, status FROM remediation_items WHERE id = ?').get(t.itemId);
        if (!item || !(0, status_1.isItemStatus)(item.status))
            throw new status_1.WorkflowError('not_found', `no remediation item #${t.itemId}; list them with \`compliance-gateway audit items\``);
        (0, status_1.assertTransition)(item.status, t.to, t.actor);
        const resolved = t.to === 'remediated' || t.to === 'false_positive' ? t.now : null;
        db.prepare('UPDATE remediation_items SET status = ?, status_at = ?, resolved_at = ? WHERE id = ?').run(t.to, t.now, resolved, t.itemId);
        logReview(db, t.itemId, t.now, t.by, item.status, t.to, t.note);
        return t.to;
    }).immediate());
}
/** A reviewer's decision on an item: confirmed, false_positive, or open again. */
function reviewItem(store, r) {
    return transitionItem(store, { itemId: r.itemId, to: r.to, actor: 'reviewer', by: r.reviewer, note: r.note, now: r.now ?? Date.now() });
}
