"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.prune = prune;
/**
 * Retention (`compliance-gateway audit prune`). Request metadata older than the retention period is
 * deleted. Violations are kept until their remediation item is resolved (remediated or dismissed as a
 * false positive) plus the retention period; a violation that never needed remediation (flag, redact)
 * is kept for the retention period from detection. Only a prefix of the chain is ever pruned — the
 * oldest rows up to the first one that must stay — so the rest still verifies: the prune records a
 * checkpoint with the last pruned row's hash, and `audit verify` starts from it.
 */
const deadline_1 = require("./deadline");
const remediation_1 = require("./remediation");
/** Whether a violation may go: its retention clock started at resolution (or detection without an item). */
function expired(c, cutoff) {
    if (!c.has_item)
        return c.ts < cutoff;
    return (c.item_status === 'remediated' || c.item_status === 'false_positive') && c.resolved_at !== null && c.resolved_at < cutoff;
}
function prune(store, o) {
    (0, remediation_1.syncRemediation)(store, { months: o.months });
    const requestCutoff = (0, deadline_1.addDays)(o.now, -o.requestDays);
    const violationCutoff = (0, deadline_1.addDays)(o.now, -o.violationDays);
    return store.withDb('prune', (db) => {
        const candidates = db.prepare(`
      SELECT v.id, v.ts, v.row_hash, i.status AS item_status, i.resolved_at, (m.item_id IS NOT NULL) AS has_item
      FROM violations v
      LEFT JOIN remediation_members m ON m.violation_id = v.id
      LEFT JOIN remediation_items i ON i.id = m.item_id
      WHERE v.id <= (SELECT last_violation_id FROM remediation_cursor WHERE id = 1)
      ORDER BY v.id`);
        const run = db.transaction(() => {
            let last = null;
            let count = 0;
            for (const c of candidates.iterate()) {
                if (!expired(c, violationCutoff))
                    break;
                last = c;
                count++;
            }
            const requests = o.dryRun
                ? (db.prepare('SELECT COUNT(*) FROM requests WHERE ts < ?').pluck().get(requestCutoff) ?? 0)
                : db.prepare('DELETE FROM requests WHERE ts < ?').run(requestCutoff).changes;
            if (!last || o.dryRun)
                return { requests, violations: count, lastPrunedId: last?.id ?? 0 };
            db.prepare('INSERT INTO prune_permits (max_id) VALUES (?)').run(last.id);
            db.prepare('DELETE FROM violation_categories WHERE violation_id <= ?').run(last.id);
            db.prepare('DELETE FROM violation_prompts WHERE violation_id <= ?').run(last.id);
            const deleted = db.prepare('DELETE FROM violations WHERE id <= ?').run(last.id).changes;
            db.prepare('DELETE FROM prune_permits').run();
            db.prepare('INSERT INTO chain_checkpoints (ts, last_id, last_row_hash, rows_pruned) VALUES (?, ?, ?, ?)').run(o.now, last.id, last.row_hash, deleted);
            return { requests, violations: deleted, lastPrunedId: last.id };
        });
        return run.immediate();
    });
}
