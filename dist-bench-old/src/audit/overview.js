"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.remediationCountdown = remediationCountdown;
exports.overview = overview;
const TOP = 10;
/** Model-API traffic only: the request log also holds dashboard and health requests. */
const MODEL_ROUTES = "lower(route) LIKE '/v1/%'";
const DAY_MS = 86_400_000;
function remediationCountdown(store, now, soonDays = 14) {
    return store.withDb('remediationCountdown', (db) => {
        const soon = now + soonDays * DAY_MS;
        const row = db
            .prepare(`
        SELECT COALESCE(SUM(status IN ('open', 'confirmed') AND deadline > @soon), 0) AS open,
               COALESCE(SUM(status IN ('open', 'confirmed') AND deadline <= @soon), 0) AS due,
               COALESCE(SUM(status = 'overdue'), 0) AS overdue,
               MIN(CASE WHEN status IN ('open', 'confirmed', 'overdue') THEN deadline END) AS next
        FROM remediation_items`)
            .get({ soon });
        return { open: row?.open ?? 0, dueSoon: row?.due ?? 0, overdue: row?.overdue ?? 0, soonDays, nextDeadline: row?.next ?? null };
    });
}
function overview(store, p, now) {
    return store.withDb('overview', (db) => {
        const counted = (sql) => db.prepare(sql).all(p);
        const one = (sql) => db.prepare(sql).pluck().get(p) ?? 0;
        const inPeriod = 'v.ts >= @since AND v.ts < @until';
        const streamedSplit = (from) => db
            .prepare(`SELECT SUM(streamed = 1) AS s, SUM(streamed = 0) AS n FROM ${from} AND ts >= @since AND ts < @until`)
            .get(p);
        const sv = streamedSplit('violations WHERE 1');
        const sr = streamedSplit(`requests WHERE ${MODEL_ROUTES}`);
        return {
            violations: one(`SELECT COUNT(*) FROM violations v WHERE ${inPeriod}`),
            requests: one(`SELECT COUNT(*) FROM requests WHERE ${MODEL_ROUTES} AND ts >= @since AND ts < @until`),
            byDay: db
                .prepare(`
          SELECT strftime('%Y-%m-%d', v.ts / 1000, 'unixepoch') AS day, v.stage, COUNT(*) AS count FROM violations v
          WHERE ${inPeriod} GROUP BY day, v.stage ORDER BY day, v.stage`)
                .all(p),
            byCategory: counted(`SELECT c.category AS key, COUNT(*) AS count FROM violations v JOIN violation_categories c ON c.violation_id = v.id
        WHERE ${inPeriod} GROUP BY c.category ORDER BY count DESC, key LIMIT 40`),
            byAction: counted(`SELECT v.action AS key, COUNT(*) AS count FROM violations v WHERE ${inPeriod} GROUP BY v.action ORDER BY count DESC`),
            topRules: counted(`SELECT r.value AS key, COUNT(*) AS count FROM violations v, json_each(v.rule_ids) r
        WHERE ${inPeriod} GROUP BY r.value ORDER BY count DESC, key LIMIT ${TOP}`),
            topModels: counted(`SELECT COALESCE(v.model, '') AS key, COUNT(*) AS count FROM violations v WHERE ${inPeriod}
        GROUP BY v.model ORDER BY count DESC, key LIMIT ${TOP}`),
            topTenants: counted(`SELECT COALESCE(v.tenant, '') AS key, COUNT(*) AS count FROM violations v WHERE ${inPeriod}
        GROUP BY v.tenant ORDER BY count DESC, key LIMIT ${TOP}`),
            streamed: {
                violations: { streamed: sv?.s ?? 0, notStreamed: sv?.n ?? 0 },
                requests: { streamed: sr?.s ?? 0, notStreamed: sr?.n ?? 0 },
            },
            shadow: one(`SELECT COUNT(*) FROM violations v WHERE ${inPeriod} AND v.shadow = 1`),
            countdown: remediationCountdown(store, now),
        };
    });
}
