"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.UNCLASSIFIED = void 0;
exports.recordComplaint = recordComplaint;
exports.respondToComplaint = respondToComplaint;
exports.complaintCounts = complaintCounts;
/**
 * Complaints (Interim Measures Art. 15): a user report of content that got through. Each becomes a
 * violation with source 'user_report' (so it enters the chain and the remediation workflow) plus a
 * complaints row with the response-time deadline and, later, the officer's response.
 */
const crypto_1 = __importDefault(require("crypto"));
const deadline_1 = require("./deadline");
const status_1 = require("./status");
exports.UNCLASSIFIED = 'unclassified';
function recordComplaint(store, c) {
    const requestId = c.requestId ?? `complaint-${crypto_1.default.randomUUID()}`;
    const category = c.category ?? exports.UNCLASSIFIED;
    const finding = { detector: 'user_report', ruleId: 'user_report', category, severity: 'high', score: 1, segment: 0, excerpt: '' };
    const text = c.text ?? null;
    const { id } = store.recordViolation({
        requestId, ts: c.receivedAt, route: '/compliance/v1/complaints', model: null, stage: 'output',
        // A report is not a gateway decision: recorded as a flag that enforced nothing.
        action: 'flag', enforced: 'allow', shadow: false, streamed: false, policyRevision: 'user_report',
        clientKeyFp: null, tenant: null, endUser: null, findings: [finding],
        content: text === null ? null : `complaint: ${text}`,
        maskedContent: c.maskedText === undefined ? null : `complaint: ${c.maskedText}`,
        reasons: [`user report${c.category ? ` of ${c.category}` : ''}${c.requestId ? ` about request ${c.requestId}` : ''}`],
        source: 'user_report',
    });
    const responseDeadline = (0, deadline_1.addDays)(c.receivedAt, c.responseDays);
    const complaintId = store.withDb('recordComplaint', (db) => Number(db
        .prepare('INSERT INTO complaints (violation_id, received_at, response_deadline, request_id, contact) VALUES (?, ?, ?, ?, ?)')
        .run(id, c.receivedAt, responseDeadline, c.requestId ?? null, c.contact ?? null).lastInsertRowid));
    return { complaintId, violationId: id, requestId, responseDeadline };
}
/** The officer's response closes the complaint's response clock (the remediation item runs on). */
function respondToComplaint(store, r) {
    if (r.responder.trim() === '' || r.note.trim() === '')
        throw new status_1.WorkflowError('invalid_input', 'a response needs the responder and a note');
    const changes = store.withDb('respondToComplaint', (db) => db
        .prepare('UPDATE complaints SET responded_at = ?, responder = ?, response_note = ? WHERE id = ? AND responded_at IS NULL')
        .run(r.now, r.responder, r.note, r.complaintId).changes);
    if (changes === 0)
        throw new status_1.WorkflowError('not_found', `no unanswered complaint #${r.complaintId}`);
}
function complaintCounts(store, now, period = {}) {
    return store.withDb('complaintCounts', (db) => {
        const row = db
            .prepare(`
        SELECT COUNT(*) AS total, COALESCE(SUM(responded_at IS NULL), 0) AS open,
               COALESCE(SUM(responded_at IS NULL AND response_deadline < ?), 0) AS late
        FROM complaints WHERE received_at >= ? AND received_at < ?`)
            .get(now, period.since ?? 0, period.until ?? Number.MAX_SAFE_INTEGER);
        return row ?? { total: 0, open: 0, late: 0 };
    });
}
