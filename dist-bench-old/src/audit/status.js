"use strict";
/**
 * The remediation status machine. Who may make which move:
 *
 *   open ──reviewer──▶ confirmed | false_positive      (with the reviewer's name and a note)
 *   open | confirmed | overdue ──replay──▶ remediated   (the model no longer generates it)
 *   open | confirmed ──system──▶ overdue                (the deadline passed)
 *   confirmed | overdue ──reviewer──▶ false_positive
 *   false_positive ──reviewer──▶ open                   (dismissed by mistake)
 *   remediated ──system──▶ open                         (regenerated: a new violation of the same group)
 *
 * An overdue item stays overdue until it is remediated or dismissed: confirming it would not stop the
 * clock, so that move is refused.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.WorkflowError = exports.ITEM_STATUSES = void 0;
exports.isItemStatus = isItemStatus;
exports.canTransition = canTransition;
exports.assertTransition = assertTransition;
exports.isResolved = isResolved;
exports.ITEM_STATUSES = ['open', 'confirmed', 'false_positive', 'remediated', 'overdue'];
const MOVES = {
    open: { confirmed: 'reviewer', false_positive: 'reviewer', remediated: 'replay', overdue: 'system' },
    confirmed: { false_positive: 'reviewer', remediated: 'replay', overdue: 'system' },
    overdue: { false_positive: 'reviewer', remediated: 'replay' },
    false_positive: { open: 'reviewer' },
    remediated: { open: 'system' },
};
/** A refused workflow step; the message says what is allowed instead. */
class WorkflowError extends Error {
    code;
    constructor(code, message) {
        super(message);
        this.code = code;
        this.name = 'WorkflowError';
    }
}
exports.WorkflowError = WorkflowError;
function isItemStatus(value) {
    return typeof value === 'string' && exports.ITEM_STATUSES.includes(value);
}
function canTransition(from, to, actor) {
    return MOVES[from][to] === actor;
}
/** Throws WorkflowError naming the moves that are allowed from `from`. */
function assertTransition(from, to, actor) {
    if (canTransition(from, to, actor))
        return;
    const allowed = Object.entries(MOVES[from]).map(([s, a]) => `${s} (by ${a})`);
    throw new WorkflowError('invalid_transition', `cannot move an item from ${from} to ${to} as ${actor}; from ${from} the allowed moves are ${allowed.join(', ') || 'none'}`);
}
/** Resolved statuses start the retention clock. */
function isResolved(status) {
    return status === 'remediated' || status === 'false_positive';
}
