/**
 * A reviewer's note on a remediation item without a status change (e.g. "asked the model team",
 * "same prompt as #12"). It is logged in remediation_reviews like a transition, with from = to, so
 * the evidence trail and the HTML report show it next to the status changes.
 */
import { WorkflowError } from './status';
import type { AuditStore } from './store';

export function addItemNote(store: AuditStore, n: { itemId: number; reviewer: string; note: string; now?: number }): string {
  if (n.reviewer.trim() === '' || n.note.trim() === '') throw new WorkflowError('invalid_input', 'a note needs the reviewer and the note text');
  return store.withDb('addItemNote', (db) =>
    db.transaction((): string => {
      const status = db.prepare<[number], string>('SELECT status FROM remediation_items WHERE id = ?').pluck().get(n.itemId);
      if (status === undefined) throw new WorkflowError('not_found', `no remediation item #${n.itemId}`);
      db.prepare('INSERT INTO remediation_reviews (item_id, ts, reviewer, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)')
        .run(n.itemId, n.now ?? Date.now(), n.reviewer, status, status, n.note);
      return status;
    }).immediate(),
  );
}
