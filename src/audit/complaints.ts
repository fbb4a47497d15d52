/**
 * Complaints (Interim Measures Art. 15): a user report of content that got through. Each becomes a
 * violation with source 'user_report' (so it enters the chain and the remediation workflow) plus a
 * complaints row with the response-time deadline and, later, the officer's response.
 */
import crypto from 'crypto';
import type { Finding } from '../types';
import { addDays } from './deadline';
import { toAuditError } from './schema';
import { audited, countIf } from './sql/audited';
import { WorkflowError } from './status';
import type { AuditStore } from './store';

export interface ComplaintInput {
  requestId?: string;
  text?: string;
  /** The text with personal data masked, for `masked` storage (without it only the hash is kept). */
  maskedText?: string;
  category?: string;
  contact?: string;
  receivedAt: number;
  responseDays: number;
}

export interface ComplaintReceipt {
  complaintId: number;
  violationId: number;
  /** The request id the complaint is filed under (the reported one, or a new `complaint-…` id). */
  requestId: string;
  responseDeadline: number;
}

export const UNCLASSIFIED = 'unclassified';

export async function recordComplaint(store: AuditStore, c: ComplaintInput): Promise<ComplaintReceipt> {
  const requestId = c.requestId ?? `complaint-${crypto.randomUUID()}`;
  const category = c.category ?? UNCLASSIFIED;
  const finding: Finding = { detector: 'user_report', ruleId: 'user_report', category, severity: 'high', score: 1, segment: 0, excerpt: '' };
  const text = c.text ?? null;
  const { id } = await store.recordViolation({
    requestId, ts: c.receivedAt, route: '/compliance/v1/complaints', model: null, stage: 'output',
    // A report is not a gateway decision: recorded as a flag that enforced nothing.
    action: 'flag', enforced: 'allow', shadow: false, streamed: false, policyRevision: 'user_report',
    clientKeyFp: null, tenant: null, endUser: null, findings: [finding],
    content: text === null ? null : `complaint: ${text}`,
    maskedContent: c.maskedText === undefined ? null : `complaint: ${c.maskedText}`,
    reasons: [`user report${c.category ? ` of ${c.category}` : ''}${c.requestId ? ` about request ${c.requestId}` : ''}`],
    source: 'user_report',
  });
  const responseDeadline = addDays(c.receivedAt, c.responseDays);
  let complaintId: number;
  try {
    const row = await store.sql.get<{ id: number }>(
      'INSERT INTO complaints (violation_id, received_at, response_deadline, request_id, contact) VALUES (?, ?, ?, ?, ?) RETURNING id',
      [id, c.receivedAt, responseDeadline, c.requestId ?? null, c.contact ?? null],
    );
    complaintId = Number(row?.id);
  } catch (err) {
    throw toAuditError('recordComplaint', err);
  }
  return { complaintId, violationId: id, requestId, responseDeadline };
}

/** The officer's response closes the complaint's response clock (the remediation item runs on). */
export async function respondToComplaint(store: AuditStore, r: { complaintId: number; responder: string; note: string; now: number }): Promise<void> {
  if (r.responder.trim() === '' || r.note.trim() === '') throw new WorkflowError('invalid_input', 'a response needs the responder and a note');
  const { changes } = await audited('respondToComplaint', () =>
    store.sql.run('UPDATE complaints SET responded_at = ?, responder = ?, response_note = ? WHERE id = ? AND responded_at IS NULL',
      [r.now, r.responder, r.note, r.complaintId]));
  if (changes === 0) throw new WorkflowError('not_found', `no unanswered complaint #${r.complaintId}`);
}

export interface ComplaintCounts {
  total: number;
  open: number;
  /** Unanswered past their response deadline. */
  late: number;
}

export async function complaintCounts(store: AuditStore, now: number, period: { since?: number; until?: number } = {}): Promise<ComplaintCounts> {
  const row = await audited('complaintCounts', () =>
    store.sql.get<ComplaintCounts>(`
        SELECT COUNT(*) AS total, ${countIf('responded_at IS NULL')} AS open,
               ${countIf('responded_at IS NULL AND response_deadline < ?')} AS late
        FROM complaints WHERE received_at >= ? AND received_at < ?`, [now, period.since ?? 0, period.until ?? Number.MAX_SAFE_INTEGER]));
  return row ?? { total: 0, open: 0, late: 0 };
}
