/**
 * User strikes (Interim Measures Art. 14(2), TC260-003 §7): each violation by an end user is a
 * strike. After `consecutive` violations with no clean request between them, or `perDay` within any
 * 24 hours (a rolling window: stricter than a calendar day and independent of time zones), the user
 * is warned, limited or suspended, as configured. Every change is logged in user_actions; an officer
 * lifts it with liftUserRestriction.
 *
 * The count lives in the database, so instances sharing a PostgreSQL store see one count per user:
 * strikes recorded on instance A suspend the user on instance B. On SQLite each step is one
 * synchronous IMMEDIATE transaction; on PostgreSQL one transaction under a per-user advisory lock,
 * so two instances recording the same user's strikes at once cannot lose one.
 */
import { get, inTransaction, run, type Steps } from './sql/steps';
import { toAuditError } from './schema';
import type { AuditStore } from './store';

export const USER_STATUSES = ['ok', 'warned', 'limited', 'suspended'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface StrikePolicy {
  consecutive: number;
  perDay: number;
  action: 'warn' | 'limit' | 'suspend';
}

const STATUS_OF: Record<StrikePolicy['action'], UserStatus> = { warn: 'warned', limit: 'limited', suspend: 'suspended' };
const RANK: Record<UserStatus, number> = { ok: 0, warned: 1, limited: 2, suspended: 3 };
const DAY_MS = 86_400_000;

interface StatusRow {
  consecutive: number;
  status: UserStatus;
}

export interface UserState {
  endUser: string;
  status: UserStatus;
  consecutive: number;
  /** Strikes in the last 24 hours. */
  lastDay: number;
}

export interface Outcome {
  endUser: string;
  violation: boolean;
  ts: number;
  requestId?: string;
  category?: string;
}

/** The status a new strike leads to, and why (null when no threshold is reached). Pure. */
export function escalate(before: StatusRow, consecutive: number, lastDay: number, policy: StrikePolicy): { status: UserStatus; reason: string | null } {
  let reason: string | null = null;
  if (consecutive >= policy.consecutive) reason = `${consecutive} consecutive violations (threshold ${policy.consecutive})`;
  else if (lastDay >= policy.perDay) reason = `${lastDay} violations within 24 hours (threshold ${policy.perDay})`;
  const target = STATUS_OF[policy.action];
  return { status: reason && RANK[target] > RANK[before.status] ? target : before.status, reason };
}

const SELECT_STATUS = 'SELECT consecutive, status FROM user_status WHERE end_user = ?';
const INSERT_STRIKE = 'INSERT INTO user_strikes (end_user, ts, request_id, category) VALUES (?, ?, ?, ?)';
const COUNT_DAY = 'SELECT COUNT(*) AS n FROM user_strikes WHERE end_user = ? AND ts > ? AND ts <= ?';
const UPSERT_STATUS = `INSERT INTO user_status (end_user, consecutive, status, status_at, reason) VALUES (@u, @c, @s, @t, @r)
  ON CONFLICT (end_user) DO UPDATE SET consecutive = excluded.consecutive, status = excluded.status,
    status_at = CASE WHEN user_status.status = excluded.status THEN user_status.status_at ELSE excluded.status_at END,
    reason = COALESCE(excluded.reason, user_status.reason)`;
const INSERT_ACTION = 'INSERT INTO user_actions (end_user, ts, actor, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)';
const RESET_CONSECUTIVE = 'UPDATE user_status SET consecutive = 0 WHERE end_user = ?';
const LIFT_STATUS = `INSERT INTO user_status (end_user, consecutive, status, status_at, reason) VALUES (?, 0, 'ok', ?, ?)
  ON CONFLICT (end_user) DO UPDATE SET consecutive = 0, status = 'ok', status_at = excluded.status_at, reason = excluded.reason`;

/** Each step is one transaction, written once for both stores (see sql/steps.ts). */
function* outcomeSteps(policy: StrikePolicy, o: Outcome): Steps<UserState> {
  const before = ((yield get(SELECT_STATUS, [o.endUser])) as StatusRow | undefined) ?? { consecutive: 0, status: 'ok' };
  if (!o.violation) {
    if (before.consecutive > 0) yield run(RESET_CONSECUTIVE, [o.endUser]);
    return { endUser: o.endUser, status: before.status, consecutive: 0, lastDay: 0 };
  }
  yield run(INSERT_STRIKE, [o.endUser, o.ts, o.requestId ?? null, o.category ?? null]);
  const consecutive = before.consecutive + 1;
  const lastDay = Number(((yield get(COUNT_DAY, [o.endUser, o.ts - DAY_MS, o.ts])) as { n: number } | undefined)?.n ?? 0);
  const { status, reason } = escalate(before, consecutive, lastDay, policy);
  yield run(UPSERT_STATUS, { u: o.endUser, c: consecutive, s: status, t: o.ts, r: reason });
  if (status !== before.status) yield run(INSERT_ACTION, [o.endUser, o.ts, 'policy', before.status, status, reason ?? '']);
  return { endUser: o.endUser, status, consecutive, lastDay };
}

function* liftSteps(l: { endUser: string; officer: string; note: string; now: number }): Steps<UserStatus> {
  const before = ((yield get(SELECT_STATUS, [l.endUser])) as StatusRow | undefined) ?? { consecutive: 0, status: 'ok' };
  yield run(LIFT_STATUS, [l.endUser, l.now, `lifted by ${l.officer}`]);
  yield run(INSERT_ACTION, [l.endUser, l.now, l.officer, before.status, 'ok', l.note]);
  return before.status;
}

/**
 * On PostgreSQL the request path's status check is cached per instance for STATUS_CACHE_MS: a
 * suspension decided on another instance takes effect here within that time (strikes themselves are
 * always counted in the database, exactly). This instance's own outcomes update the cache at once.
 * SQLite reads are local and cheap: no cache.
 */
export const STATUS_CACHE_MS = 1000;
const statusCache = new WeakMap<AuditStore, Map<string, { status: UserStatus; at: number }>>();

function cacheOf(store: AuditStore): Map<string, { status: UserStatus; at: number }> | null {
  if (store.kind !== 'postgres') return null;
  let cache = statusCache.get(store);
  if (!cache) statusCache.set(store, (cache = new Map()));
  return cache;
}

function remember(store: AuditStore, endUser: string, status: UserStatus): void {
  const cache = cacheOf(store);
  if (!cache) return;
  if (cache.size >= 10_000) cache.clear(); // bounded: an id flood costs re-reads, not memory
  cache.set(endUser, { status, at: Date.now() });
}

/** The user's restriction, for the request path (one indexed read, or the short cache). */
export async function userStatus(store: AuditStore, endUser: string): Promise<UserStatus> {
  const hit = cacheOf(store)?.get(endUser);
  if (hit && Date.now() - hit.at < STATUS_CACHE_MS) return hit.status;
  try {
    const row = await store.sql.get<StatusRow>(SELECT_STATUS, [endUser]);
    const status = row?.status ?? 'ok';
    remember(store, endUser, status);
    return status;
  } catch (err) {
    throw toAuditError('user status', err);
  }
}

/**
 * Records one request's outcome for a user. A violation adds a strike and may escalate the status;
 * a clean request resets the consecutive count (written only when there is a count to reset).
 */
export async function recordUserOutcome(store: AuditStore, policy: StrikePolicy, o: Outcome): Promise<UserState> {
  // The per-user lock: two instances recording the same user at once cannot lose a strike.
  const state = await inTransaction(store, 'recordUserOutcome', () => outcomeSteps(policy, o), `user:${o.endUser}`);
  remember(store, o.endUser, state.status);
  return state;
}

/** An officer lifts a warning, limit or suspension; the consecutive count starts over. */
export async function liftUserRestriction(store: AuditStore, l: { endUser: string; officer: string; note: string; now: number }): Promise<UserStatus> {
  const before = await inTransaction(store, 'liftUserRestriction', () => liftSteps(l), `user:${l.endUser}`);
  remember(store, l.endUser, 'ok');
  return before;
}
