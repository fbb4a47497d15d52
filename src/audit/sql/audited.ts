/** Runs one audit query; any failure surfaces as AuditError naming `what` (never row content). */
import { toAuditError } from '../schema';

export async function audited<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAuditError(what, err);
  }
}

/** `SUM(CASE WHEN cond THEN 1 ELSE 0 END)`: counts matching rows on SQLite and PostgreSQL alike. */
export function countIf(cond: string): string {
  return `COALESCE(SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END), 0)`;
}

/** The UTC day (YYYY-MM-DD) of an epoch-ms column, per dialect. */
export function utcDay(col: string, dialect: 'sqlite' | 'postgres'): string {
  return dialect === 'postgres'
    ? `to_char(to_timestamp(${col} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
    : `strftime('%Y-%m-%d', ${col} / 1000, 'unixepoch')`;
}
