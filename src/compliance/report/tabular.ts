/** Remediation items as CSV (RFC 4180, formula-safe) or JSON Lines-free JSON array rows. */
import type { RemediationItem } from '../../audit/items';

export const CSV_COLUMNS = [
  'item_id', 'category', 'stage', 'source', 'count', 'status', 'first_seen', 'last_seen', 'detected_at', 'deadline',
  'status_at', 'resolved_at', 'first_violation_id', 'last_violation_id',
] as const;

const iso = (ts: number | null): string => (ts === null ? '' : new Date(ts).toISOString());

export function itemRecord(i: RemediationItem): Record<(typeof CSV_COLUMNS)[number], string | number | null> {
  return {
    item_id: i.id, category: i.category, stage: i.stage, source: i.source, count: i.count, status: i.status,
    first_seen: iso(i.firstSeen), last_seen: iso(i.lastSeen), detected_at: iso(i.detectedAt), deadline: iso(i.deadline),
    status_at: iso(i.statusAt), resolved_at: iso(i.resolvedAt) || null,
    first_violation_id: i.firstViolationId, last_violation_id: i.lastViolationId,
  };
}

/**
 * One CSV field. Quoted when it holds a delimiter, quote or line break; a leading = + - @ (or tab/CR)
 * gets a ' prefix so a spreadsheet never evaluates traffic-derived text as a formula.
 */
const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/;

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number' || !NEEDS_CARE.test(value)) return String(value);
  const s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvLine(i: RemediationItem): string {
  const r = itemRecord(i);
  return `${CSV_COLUMNS.map((c) => csvField(r[c])).join(',')}\r\n`;
}
