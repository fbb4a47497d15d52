"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.toExample = toExample;
exports.iterateExamples = iterateExamples;
exports.exampleForItem = exampleForItem;
exports.itemIds = itemIds;
exports.storageModes = storageModes;
exports.countItems = countItems;
/**
 * Retraining examples: each remediation item with its first (or, once that is pruned, its latest)
 * violation, and the prompt the audit trail kept for it. Iterated one row at a time.
 */
const items_1 = require("./items");
const prompt_1 = require("./prompt");
function toExample(r) {
    const item = (0, items_1.toItem)(r);
    const mode = r.v_mode;
    let prompt = (0, prompt_1.parseMessages)(r.prompt_messages);
    let output = null;
    if (r.v_content !== null && r.v_source !== 'user_report') {
        if (r.v_stage === 'input')
            prompt ??= [{ role: 'user', content: (0, prompt_1.promptFromSegments)(r.v_content) }];
        else
            output = (0, prompt_1.outputFromSegments)(r.v_content);
    }
    return { item, violationId: r.v_id, storageMode: mode, prompt, output, model: r.v_model };
}
const EXAMPLE_SELECT = `
  SELECT i.*, v.id AS v_id, v.stage AS v_stage, v.storage_mode AS v_mode, v.content AS v_content, v.source AS v_source,
         v.model AS v_model, p.messages AS prompt_messages
  FROM remediation_items i
  JOIN violations v ON v.id = COALESCE((SELECT id FROM violations WHERE id = i.first_violation_id), i.last_violation_id)
  LEFT JOIN violation_prompts p ON p.violation_id = v.id`;
function* iterateExamples(store, f = {}) {
    const { sql, params } = (0, items_1.itemWhere)(f);
    const rows = store.withDb('iterateExamples', (db) => db.prepare(`${EXAMPLE_SELECT} ${sql} ORDER BY i.id`).iterate(params));
    for (const r of rows)
        yield toExample(r);
}
function exampleForItem(store, itemId) {
    const row = store.withDb('exampleForItem', (db) => db.prepare(`${EXAMPLE_SELECT} WHERE i.id = ?`).get(itemId));
    return row ? toExample(row) : null;
}
function itemIds(store, f = {}) {
    const { sql, params } = (0, items_1.itemWhere)(f);
    return store.withDb('itemIds', (db) => db.prepare(`SELECT i.id FROM remediation_items i ${sql} ORDER BY i.id`).pluck().all(params));
}
/** Storage modes present among the violations (for "hash mode cannot export content" errors). */
function storageModes(store) {
    return store.withDb('storageModes', (db) => db.prepare('SELECT DISTINCT storage_mode FROM violations').pluck().all());
}
function countItems(store, f = {}) {
    const { sql, params } = (0, items_1.itemWhere)(f);
    return store.withDb('countItems', (db) => db.prepare(`SELECT COUNT(*) FROM remediation_items i ${sql}`).pluck().get(params) ?? 0);
}
