"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.addItemNote = addItemNote;
/**
 * A reviewer's note on a remediation item without a status change (e.g. "asked the model team",
 * "same prompt as #12"). It is logged in remediation_reviews like a transition, with from = to, so
 * the evidence trail and the HTML report show it next to the status changes.
 */
const status_1 = require("./status");
function addItemNote(store, n) {
    if (n.reviewer.trim() === '' || n.note.trim() === '')
        throw new status_1.WorkflowError('invalid_input', 'a note needs the reviewer and the note text');
    return store.withDb('addItemNote', (db) => db.transaction(() => {
        const status = db.prepare('SELECT status FROM remediation_items WHERE id = ?').pluck().get(n.itemId);
        if (status === undefined)
            throw new status_1.WorkflowError('not_found', `no remediation item #${n.itemId}`);
        db.prepare('INSERT INTO remediation_reviews (item_id, ts, reviewer, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)')
            .run(n.itemId, n.now ?? Date.now(), n.reviewer, status, status, n.note);
        return status;
    }).immediate());
}
