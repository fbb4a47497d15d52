/**
 * Aggregates for the dashboard's overview, all computed in the database with bounded results: violations
 * per day and stage, per category, top rules / models / tenants, actions, streamed vs not, and the
 * remediation countdown. Content is never read here.
 */
import { audited, countIf, utcDay } from './sql/audited';
import type { AuditStore } from './store';

export interface OverviewPeriod {
  since: number;
  until: number;
}

export interface Counted {
  key: string;
  count: number;
}

export interface Overview {
  violations: number;
  requests: number;
  byDay: { day: string; stage: string; count: number }[];
  byCategory: Counted[];
  byAction: Counted[];
  topRules: Counted[];
  topModels: Counted[];
  topTenants: Counted[];
  /** Violations whose response was streamed vs not, and the same for all traffic. */
  streamed: { violations: { streamed: number; notStreamed: number }; requests: { streamed: number; notStreamed: number } };
  shadow: number;
  countdown: RemediationCountdown;
}

export interface RemediationCountdown {
  /** open or confirmed, deadline more than `soonDays` away. */
  open: number;
  /** open or confirmed, deadline within `soonDays`. */
  dueSoon: number;
  overdue: number;
  soonDays: number;
  /** The nearest deadline among unresolved items. */
  nextDeadline: number | null;
}

const TOP = 10;
/** Model-API traffic only: the request log also holds dashboard and health requests. */
const MODEL_ROUTES = "lower(route) LIKE '/v1/%'";
const DAY_MS = 86_400_000;

export async function remediationCountdown(store: AuditStore, now: number, soonDays = 14): Promise<RemediationCountdown> {
  const soon = now + soonDays * DAY_MS;
  const row = await audited('remediationCountdown', () =>
    store.sql.get<{ open: number; due: number; overdue: number; next: number | null }>(`
        SELECT ${countIf("status IN ('open', 'confirmed') AND deadline > @soon")} AS open,
               ${countIf("status IN ('open', 'confirmed') AND deadline <= @soon")} AS due,
               ${countIf("status = 'overdue'")} AS overdue,
               MIN(CASE WHEN status IN ('open', 'confirmed', 'overdue') THEN deadline END) AS next
        FROM remediation_items`, { soon }));
  return { open: row?.open ?? 0, dueSoon: row?.due ?? 0, overdue: row?.overdue ?? 0, soonDays, nextDeadline: row?.next ?? null };
}

export async function overview(store: AuditStore, p: OverviewPeriod, now: number): Promise<Overview> {
  const db = store.sql;
  return audited('overview', async () => {
    const counted = (sql: string): Promise<Counted[]> => db.all<Counted>(sql, p);
    const one = async (sql: string): Promise<number> => (await db.get<{ n: number }>(sql, p))?.n ?? 0;
    const inPeriod = 'v.ts >= @since AND v.ts < @until';
    const streamedSplit = (from: string) =>
      db.get<{ s: number; n: number }>(`SELECT ${countIf('streamed = 1')} AS s, ${countIf('streamed = 0')} AS n FROM ${from} AND ts >= @since AND ts < @until`, p);
    const sv = await streamedSplit('violations WHERE 1 = 1');
    const sr = await streamedSplit(`requests WHERE ${MODEL_ROUTES}`);
    // Rule ids are a JSON array column: each dialect has its own way to unnest it.
    const rules = db.dialect === 'postgres' ? 'json_array_elements_text(v.rule_ids::json) AS r(value)' : 'json_each(v.rule_ids) r';
    return {
      violations: await one(`SELECT COUNT(*) AS n FROM violations v WHERE ${inPeriod}`),
      requests: await one(`SELECT COUNT(*) AS n FROM requests WHERE ${MODEL_ROUTES} AND ts >= @since AND ts < @until`),
      byDay: await db.all<{ day: string; stage: string; count: number }>(`
          SELECT ${utcDay('v.ts', db.dialect)} AS day, v.stage, COUNT(*) AS count FROM violations v
          WHERE ${inPeriod} GROUP BY day, v.stage ORDER BY day, v.stage`, p),
      byCategory: await counted(`SELECT c.category AS key, COUNT(*) AS count FROM violations v JOIN violation_categories c ON c.violation_id = v.id
        WHERE ${inPeriod} GROUP BY c.category ORDER BY count DESC, key LIMIT 40`),
      byAction: await counted(`SELECT v.action AS key, COUNT(*) AS count FROM violations v WHERE ${inPeriod} GROUP BY v.action ORDER BY count DESC`),
      topRules: await counted(`SELECT r.value AS key, COUNT(*) AS count FROM violations v, ${rules}
        WHERE ${inPeriod} GROUP BY r.value ORDER BY count DESC, key LIMIT ${TOP}`),
      topModels: await counted(`SELECT COALESCE(v.model, '') AS key, COUNT(*) AS count FROM violations v WHERE ${inPeriod}
        GROUP BY v.model ORDER BY count DESC, key LIMIT ${TOP}`),
      topTenants: await counted(`SELECT COALESCE(v.tenant, '') AS key, COUNT(*) AS count FROM violations v WHERE ${inPeriod}
        GROUP BY v.tenant ORDER BY count DESC, key LIMIT ${TOP}`),
      streamed: {
        violations: { streamed: sv?.s ?? 0, notStreamed: sv?.n ?? 0 },
        requests: { streamed: sr?.s ?? 0, notStreamed: sr?.n ?? 0 },
      },
      shadow: await one(`SELECT COUNT(*) AS n FROM violations v WHERE ${inPeriod} AND v.shadow = 1`),
      countdown: await remediationCountdown(store, now),
    };
  });
}
