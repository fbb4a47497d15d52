/**
 * A reviewer's note on a remediation item without a status change (e.g. "asked the model team",
 * "same prompt as #12"). It is logged in remediation_reviews like a transition, with from = to, so
 * the evidence trail and the HTML report show it next to the status changes.
 */
import { WorkflowError } from './status';
import { get, inTransaction, run, type Steps } from './sql/steps';
import type { AuditStore } from './store';

function* noteSteps(n: { itemId: number; reviewer: string; note: string; now?: number }): Steps<string> {
  const row = (yield get('SELECT status FROM remediation_items WHERE id = ?', [n.itemId])) as { status: string } | undefined;
  if (row === undefined) throw new WorkflowError('not_found', `no remediation item #${n.itemId}`);
  yield run('INSERT INTO remediation_reviews (item_id, ts, reviewer, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)',
    [n.itemId, n.now ?? Date.now(), n.reviewer, row.status, row.status, n.note]);
  return row.status;
}

export async function addItemNote(store: AuditStore, n: { itemId: number; reviewer: string; note: string; now?: number }): Promise<string> {
  if (n.reviewer.trim() === '' || n.note.trim() === '') throw new WorkflowError('invalid_input', 'a note needs the reviewer and the note text');
  return inTransaction(store, 'addItemNote', () => noteSteps(n), 'remediation');
}
