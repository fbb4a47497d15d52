"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.USER_STATUSES = void 0;
exports.userStatus = userStatus;
exports.recordUserOutcome = recordUserOutcome;
exports.liftUserRestriction = liftUserRestriction;
exports.USER_STATUSES = ['ok', 'warned', 'limited', 'suspended'];
const STATUS_OF = { warn: 'warned', limit: 'limited', suspend: 'suspended' };
const RANK = { ok: 0, warned: 1, limited: 2, suspended: 3 };
const DAY_MS = 86_400_000;
function current(store, endUser) {
    return (store.withDb('user status', (db) => db.prepare('SELECT consecutive, status FROM user_status WHERE end_user = ?').get(endUser)) ?? { consecutive: 0, status: 'ok' });
}
/** The user's restriction, for the request path (one indexed read). */
function userStatus(store, endUser) {
    return current(store, endUser).status;
}
/**
 * Records one request's outcome for a user. A violation adds a strike and may escalate the status;
 * a clean request resets the consecutive count (written only when there is a count to reset).
 */
function recordUserOutcome(store, policy, o) {
    return store.withDb('recordUserOutcome', (db) => db.transaction(() => {
        const before = current(store, o.endUser);
        if (!o.violation) {
            if (before.consecutive > 0)
                db.prepare('UPDATE user_status SET consecutive = 0 WHERE end_user = ?').run(o.endUser);
            return { endUser: o.endUser, status: before.status, consecutive: 0, lastDay: 0 };
        }
        db.prepare('INSERT INTO user_strikes (end_user, ts, request_id, category) VALUES (?, ?, ?, ?)').run(o.endUser, o.ts, o.requestId ?? null, o.category ?? null);
        const consecutive = before.consecutive + 1;
        const lastDay = db
            .prepare('SELECT COUNT(*) FROM user_strikes WHERE end_user = ? AND ts > ? AND ts <= ?')
            .pluck()
            .get(o.endUser, o.ts - DAY_MS, o.ts) ?? 0;
        let status = before.status;
        let reason = null;
        if (consecutive >= policy.consecutive)
            reason = `${consecutive} consecutive violations (threshold ${policy.consecutive})`;
        else if (lastDay >= policy.perDay)
            reason = `${lastDay} violations within 24 hours (threshold ${policy.perDay})`;
        const target = STATUS_OF[policy.action];
        if (reason && RANK[target] > RANK[status])
            status = target;
        db.prepare(`INSERT INTO user_status (end_user, consecutive, status, status_at, reason) VALUES (@u, @c, @s, @t, @r)
        ON CONFLICT (end_user) DO UPDATE SET consecutive = @c, status = @s,
          status_at = CASE WHEN status = @s THEN status_at ELSE @t END, reason = COALESCE(@r, reason)`)
            .run({ u: o.endUser, c: consecutive, s: status, t: o.ts, r: reason });
        if (status !== before.status) {
            db.prepare('INSERT INTO user_actions (end_user, ts, actor, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)')
                .run(o.endUser, o.ts, 'policy', before.status, status, reason ?? '');
        }
        return { endUser: o.endUser, status, consecutive, lastDay };
    }).immediate());
}
/** An officer lifts a warning, limit or suspension; the consecutive count starts over. */
function liftUserRestriction(store, l) {
    return store.withDb('liftUserRestriction', (db) => db.transaction(() => {
        const before = current(store, l.endUser);
        db.prepare(`INSERT INTO user_status (end_user, consecutive, status, status_at, reason) VALUES (?, 0, 'ok', ?, ?)
        ON CONFLICT (end_user) DO UPDATE SET consecutive = 0, status = 'ok', status_at = excluded.status_at, reason = excluded.reason`)
            .run(l.endUser, l.now, `lifted by ${l.officer}`);
        db.prepare('INSERT INTO user_actions (end_user, ts, actor, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?)')
            .run(l.endUser, l.now, l.officer, before.status, 'ok', l.note);
        return before.status;
    }).immediate());
}
