/**
 * The dashboard's violations table: filters, text search and pagination over violations joined with
 * their remediation item (status, deadline), on either store.
 * Text search reads what the storage mode kept: the raw text (full), the masked text (masked), or
 * only the request id and excerpts (hash).
 */
import { toItem, type RemediationItem } from './items';
import { toViolationRow, type StoredViolationDbRow } from './schema';
import { audited } from './sql/audited';
import type { SqlDialect } from './sql/db';
import type { AuditStore } from './store';
import type { ViolationRow } from './types';

export interface ViolationSearch {
  since?: number;
  until?: number;
  /** A code or a group prefix (`A.1`). */
  category?: string;
  stage?: string;
  action?: string;
  /** An item status, or `none` for violations that opened no item (flags, redactions). */
  status?: string;
  model?: string;
  tenant?: string;
  /** Violations filed under this remediation item. */
  item?: number;
  /** Substring of the stored content or an excerpt, or an exact request id. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface ViolationListRow {
  id: number;
  requestId: string;
  ts: number;
  route: string;
  model: string | null;
  tenant: string | null;
  stage: string;
  action: string;
  enforced: string;
  shadow: boolean;
  streamed: boolean;
  categories: string[];
  ruleIds: string[];
  source: string;
  /** The first findings' masked excerpts (bounded). */
  excerpts: string[];
  itemId: number | null;
  itemStatus: string | null;
  deadline: number | null;
}

export interface ViolationPage {
  rows: ViolationListRow[];
  total: number;
  page: number;
  pageSize: number;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(f: ViolationSearch, dialect: SqlDialect): { sql: string; params: Record<string, string | number> } {
  const w: string[] = [];
  const params: Record<string, string | number> = {};
  const eq = (col: string, key: keyof ViolationSearch) => {
    const value = f[key];
    if (value === undefined || value === '') return;
    w.push(`${col} = @${key}`);
    params[key] = value;
  };
  if (f.since !== undefined) (w.push('v.ts >= @since'), (params.since = f.since));
  if (f.until !== undefined) (w.push('v.ts < @until'), (params.until = f.until));
  if (f.category) {
    w.push("v.id IN (SELECT violation_id FROM violation_categories WHERE category = @category OR category LIKE @categoryPrefix ESCAPE '\\')");
    params.category = f.category;
    params.categoryPrefix = `${escapeLike(f.category)}.%`;
  }
  eq('v.stage', 'stage');
  eq('v.action', 'action');
  eq('v.model', 'model');
  eq('v.tenant', 'tenant');
  eq('i.id', 'item');
  if (f.status === 'none') w.push('i.id IS NULL');
  else eq('i.status', 'status');
  if (f.q) {
    // SQLite's LIKE ignores ASCII case; PostgreSQL needs ILIKE for the same answer.
    const like = dialect === 'postgres' ? 'ILIKE' : 'LIKE';
    w.push(`(v.request_id = @qExact OR v.content ${like} @q ESCAPE '\\' OR v.findings ${like} @q ESCAPE '\\')`);
    params.qExact = f.q;
    params.q = `%${escapeLike(f.q)}%`;
  }
  return { sql: w.length ? `WHERE ${w.join(' AND ')}` : '', params };
}

const FROM = `FROM violations v LEFT JOIN remediation_members m ON m.violation_id = v.id LEFT JOIN remediation_items i ON i.id = m.item_id`;

type ListDbRow = StoredViolationDbRow & { item_id: number | null; item_status: string | null; item_deadline: number | null };

function toListRow(r: ListDbRow): ViolationListRow {
  const v = toViolationRow(r);
  return {
    id: v.id, requestId: v.requestId, ts: v.ts, route: v.route, model: v.model, tenant: v.tenant, stage: v.stage,
    action: v.action, enforced: v.enforced, shadow: v.shadow, streamed: v.streamed, categories: v.categories,
    ruleIds: v.ruleIds, source: v.source, excerpts: v.findings.slice(0, 3).map((f) => f.excerpt).filter((e) => e !== ''),
    itemId: r.item_id, itemStatus: r.item_status, deadline: r.item_deadline,
  };
}

export async function searchViolations(store: AuditStore, f: ViolationSearch): Promise<ViolationPage> {
  const pageSize = Math.min(200, Math.max(1, Math.floor(f.pageSize ?? 50)));
  const page = Math.max(1, Math.floor(f.page ?? 1));
  const { sql, params } = where(f, store.sql.dialect);
  return audited('searchViolations', async () => {
    const total = (await store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n ${FROM} ${sql}`, params))?.n ?? 0;
    const rows = await store.sql.all<ListDbRow>(`
        SELECT v.*, i.id AS item_id, i.status AS item_status, i.deadline AS item_deadline ${FROM} ${sql}
        ORDER BY v.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params);
    return { rows: rows.map(toListRow), total, page, pageSize };
  });
}

export interface ViolationDetail {
  violation: ViolationRow;
  item: RemediationItem | null;
  /** The prompt behind an output violation, when the gateway recorded it (per storage mode). */
  promptMessages: string | null;
}

export async function violationDetail(store: AuditStore, id: number): Promise<ViolationDetail | null> {
  return audited('violationDetail', async () => {
    const row = await store.sql.get<StoredViolationDbRow>('SELECT * FROM violations WHERE id = ?', [id]);
    if (!row) return null;
    const item = await store.sql.get<Parameters<typeof toItem>[0]>('SELECT i.* FROM remediation_members m JOIN remediation_items i ON i.id = m.item_id WHERE m.violation_id = ?', [id]);
    const prompt = await store.sql.get<{ messages: string | null }>('SELECT messages FROM violation_prompts WHERE violation_id = ?', [id]);
    return { violation: toViolationRow(row), item: item ? toItem(item) : null, promptMessages: prompt?.messages ?? null };
  });
}

/** Item ids of the given violations (after syncRemediation); violations without an item are absent. */
export async function itemsOfViolations(store: AuditStore, violationIds: number[]): Promise<Map<number, number>> {
  return audited('itemsOfViolations', async () => {
    const out = new Map<number, number>();
    for (const id of violationIds) {
      const row = await store.sql.get<{ item_id: number }>('SELECT item_id FROM remediation_members WHERE violation_id = ?', [id]);
      if (row !== undefined) out.set(id, row.item_id);
    }
    return out;
  });
}

/** Distinct values for the filter drop-downs (bounded). */
export async function filterValues(store: AuditStore): Promise<{ models: string[]; tenants: string[]; categories: string[] }> {
  return audited('filterValues', async () => {
    const list = async (sql: string) => (await store.sql.all<{ v: string }>(sql)).map((r) => r.v);
    return {
      models: await list('SELECT DISTINCT model AS v FROM violations WHERE model IS NOT NULL ORDER BY v LIMIT 200'),
      tenants: await list('SELECT DISTINCT tenant AS v FROM violations WHERE tenant IS NOT NULL ORDER BY v LIMIT 200'),
      categories: await list('SELECT DISTINCT category AS v FROM violation_categories ORDER BY v LIMIT 200'),
    };
  });
}
