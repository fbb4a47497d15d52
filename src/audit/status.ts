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

export const ITEM_STATUSES = ['open', 'confirmed', 'false_positive', 'remediated', 'overdue'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export type Actor = 'reviewer' | 'replay' | 'system';

const MOVES: Record<ItemStatus, Partial<Record<ItemStatus, Actor>>> = {
  open: { confirmed: 'reviewer', false_positive: 'reviewer', remediated: 'replay', overdue: 'system' },
  confirmed: { false_positive: 'reviewer', remediated: 'replay', overdue: 'system' },
  overdue: { false_positive: 'reviewer', remediated: 'replay' },
  false_positive: { open: 'reviewer' },
  remediated: { open: 'system' },
};

export type WorkflowErrorCode = 'invalid_transition' | 'not_found' | 'invalid_input' | 'not_possible';

/** A refused workflow step; the message says what is allowed instead. */
export class WorkflowError extends Error {
  constructor(readonly code: WorkflowErrorCode, message: string) {
    super(message);
    this.name = 'WorkflowError';
  }
}

export function isItemStatus(value: unknown): value is ItemStatus {
  return typeof value === 'string' && (ITEM_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: ItemStatus, to: ItemStatus, actor: Actor): boolean {
  return MOVES[from][to] === actor;
}

/** Throws WorkflowError naming the moves that are allowed from `from`. */
export function assertTransition(from: ItemStatus, to: ItemStatus, actor: Actor): void {
  if (canTransition(from, to, actor)) return;
  const allowed = Object.entries(MOVES[from]).map(([s, a]) => `${s} (by ${a})`);
  throw new WorkflowError(
    'invalid_transition',
    `cannot move an item from ${from} to ${to} as ${actor}; from ${from} the allowed moves are ${allowed.join(', ') || 'none'}`,
  );
}

/** Resolved statuses start the retention clock. */
export function isResolved(status: ItemStatus): boolean {
  return status === 'remediated' || status === 'false_positive';
}
