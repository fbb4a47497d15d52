/**
 * Low-level pieces of the audit store: the error class, the migration runner and where the
 * migrations live. Migrations are plain SQL files in `audit/migrations/NNNN_name.sql`; each runs
 * once, in version order, inside its own transaction, and is recorded in `schema_migrations`.
 */
import fs from 'fs';
import path from 'path';
import type Database from 'better-sqlite3';
import type { Action, Finding, Stage } from '../types';
import type { RequestMetaInput, RequestMetaRow, StorageMode, ViolationRow } from './types';

export type AuditErrorCode = 'audit_unavailable';

/** Every failure of the audit store surfaces as this one class with a stable code. */
export class AuditError extends Error {
  readonly code: AuditErrorCode = 'audit_unavailable';
  /** SQLite's extended result code (e.g. SQLITE_BUSY, SQLITE_READONLY) when there is one. */
  readonly sqliteCode: string | null;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditError';
    this.sqliteCode = sqliteCodeOf(options?.cause);
  }
}

export function sqliteCodeOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/**
 * PostgreSQL's SQLSTATE (e.g. 57P01 admin shutdown) or the socket error (ECONNREFUSED); the
 * server's message is not used, since it can quote row values.
 */
export function pgCodeOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null || !('code' in err)) return null;
  const code = (err as { code: unknown }).code;
  if (typeof code !== 'string') return null;
  return /^[0-9A-Z]{5}$/.test(code) ? `PG ${code}` : /^E[A-Z]+$/.test(code) ? code : null;
}

/** Wraps any failure; the message names the operation and SQLite's code, never row content. */
export function toAuditError(what: string, err: unknown): AuditError {
  if (err instanceof AuditError) return err;
  const code = sqliteCodeOf(err) ?? pgCodeOf(err);
  const detail = code ?? (err instanceof Error ? err.name : 'unknown error');
  return new AuditError(`audit store: ${what} failed (${detail})`, { cause: err });
}

/**
 * `<package root>/audit/migrations`, found by walking up to the nearest package.json, so it resolves
 * the same from src/audit (ts-jest), dist/audit (tsconfig.build.json) and dist/src/audit (tsconfig.json).
 */
export function defaultMigrationsDir(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'audit', 'migrations');
    if (path.dirname(dir) === dir) return path.resolve(from, '../../audit/migrations');
  }
}

export interface Migration {
  version: number;
  name: string;
  file: string;
}

const MIGRATION_FILE = /^(\d+)_([A-Za-z0-9_-]+)\.sql$/;

export function listMigrations(dir: string): Migration[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    throw new AuditError(
      `audit store: migrations directory ${dir} is not readable; pass migrationsDir pointing at audit/migrations`,
      { cause: err },
    );
  }
  const migrations: Migration[] = [];
  for (const name of names) {
    const m = MIGRATION_FILE.exec(name);
    if (m) migrations.push({ version: Number(m[1]), name, file: path.join(dir, name) });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version === migrations[i - 1].version) {
      throw new AuditError(
        `audit store: migrations ${migrations[i - 1].name} and ${migrations[i].name} share version ` +
          `${migrations[i].version}; renumber one of them`,
      );
    }
  }
  if (migrations.length === 0) {
    throw new AuditError(`audit store: no NNNN_name.sql files in ${dir}; pass migrationsDir pointing at audit/migrations`);
  }
  return migrations;
}

/** Applies pending migrations; returns the versions applied now. Safe with concurrent openers. */
export function runMigrations(db: Database.Database, dir: string): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const isApplied = db.prepare<[number], number>('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare<[number, string, number]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const applied: number[] = [];
  for (const m of listMigrations(dir)) {
    if (isApplied.get(m.version)) continue;
    const sql = fs.readFileSync(m.file, 'utf8');
    // IMMEDIATE takes the write lock before the re-check, so two processes opening the same file
    // cannot both apply a migration.
    const apply = db.transaction(() => {
      if (isApplied.get(m.version)) return false;
      db.exec(sql);
      record.run(m.version, m.name, Date.now());
      return true;
    });
    try {
      if (apply.immediate()) applied.push(m.version);
    } catch (err) {
      // Migration SQL is schema, not user content, so SQLite's message is safe and tells the fix.
      const reason = err instanceof Error ? err.message : String(err);
      throw new AuditError(`audit store: migration ${m.name} failed and was rolled back: ${reason}`, { cause: err });
    }
  }
  return applied;
}

export function appliedMigrations(db: Database.Database): { version: number; name: string; appliedAt: number }[] {
  return db
    .prepare<[], { version: number; name: string; applied_at: number }>(
      'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
    )
    .all()
    .map((r) => ({ version: r.version, name: r.name, appliedAt: r.applied_at }));
}

// ---------------------------------------------------------------------------------------------
// Row codecs: JS input ⇄ the values bound to / read from SQLite.

/** A violations row as bound to the insert (everything but id, prev_hash and row_hash). */
export type ViolationDbRow = {
  request_id: string;
  ts: number;
  route: string;
  model: string | null;
  stage: string;
  action: string;
  enforced: string;
  shadow: number;
  streamed: number;
  categories: string;
  rule_ids: string;
  policy_revision: string;
  client_key_fp: string | null;
  tenant: string | null;
  end_user: string | null;
  storage_mode: string;
  content: string | null;
  content_sha256: string | null;
  findings: string;
  reasons: string;
  source: string;
  hash_version: number;
};
export type StoredViolationDbRow = ViolationDbRow & { id: number; prev_hash: string; row_hash: string };

export type RequestDbRow = {
  request_id: string;
  ts: number;
  route: string;
  method: string;
  model: string | null;
  status: number;
  action: string;
  duration_ms: number;
  streamed: number;
  client_key_fp: string | null;
  tenant: string | null;
  upstream_status: number | null;
};
export type StoredRequestDbRow = RequestDbRow & { id: number };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * SQLite stores UTF-8, so a lone surrogate (possible in any JSON body: "\ud800") would be written as
 * U+FFFD and read back different from what was hashed, making an honest row look altered. Every
 * string is made well-formed before it is hashed or bound.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
export function wellFormedOrNull(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : wellFormed(text);
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

export function parseJsonArray(text: unknown): unknown[] {
  if (typeof text !== 'string') return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return []; // a hand-edited row; `audit verify` is what reports it
  }
}

export function parseStringArray(text: unknown): string[] {
  return parseJsonArray(text).filter((x): x is string => typeof x === 'string');
}

/** Only the known fields are stored: a detector's extra property must not smuggle raw text in. */
export function storedFinding(f: Finding, keepExcerpt: boolean): Finding {
  const out: Finding = {
    detector: wellFormed(f.detector),
    ruleId: wellFormed(f.ruleId),
    category: wellFormed(f.category),
    severity: f.severity,
    score: f.score,
    segment: f.segment,
    excerpt: keepExcerpt ? wellFormed(f.excerpt) : '',
  };
  if (f.span) out.span = [f.span[0], f.span[1]];
  return out;
}

export function isFinding(x: unknown): x is Finding {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Record<string, unknown>;
  return (
    typeof f.detector === 'string' && typeof f.ruleId === 'string' && typeof f.category === 'string' &&
    typeof f.severity === 'string' && typeof f.score === 'number' && typeof f.segment === 'number' &&
    typeof f.excerpt === 'string'
  );
}

/** A bad row, not a bad database: skip it instead of keeping the whole batch forever. */
export function isRowError(err: unknown): boolean {
  if (err instanceof TypeError || err instanceof RangeError) return true;
  const code = sqliteCodeOf(err) ?? pgCodeOf(err) ?? '';
  // PostgreSQL classes 22 (data exception) and 23 (integrity constraint violation).
  return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG)/.test(code) || /^PG 2[23]/.test(code);
}

export function toViolationRow(r: StoredViolationDbRow): ViolationRow {
  return {
    id: r.id, requestId: r.request_id, ts: r.ts, route: r.route, model: r.model,
    stage: r.stage as Stage, action: r.action as Action, enforced: r.enforced as Action,
    shadow: r.shadow === 1, streamed: r.streamed === 1,
    categories: parseStringArray(r.categories), ruleIds: parseStringArray(r.rule_ids),
    policyRevision: r.policy_revision, clientKeyFp: r.client_key_fp, tenant: r.tenant, endUser: r.end_user,
    storageMode: r.storage_mode as StorageMode, content: r.content, contentSha256: r.content_sha256,
    findings: parseJsonArray(r.findings).filter(isFinding), reasons: parseStringArray(r.reasons),
    source: r.source, prevHash: r.prev_hash, rowHash: r.row_hash,
  };
}

export function toRequestDbRow(r: RequestMetaInput): RequestDbRow {
  return {
    request_id: r.requestId, ts: r.ts, route: r.route, method: r.method, model: r.model, status: r.status,
    action: r.action, duration_ms: r.durationMs, streamed: r.streamed ? 1 : 0, client_key_fp: r.clientKeyFp,
    tenant: r.tenant, upstream_status: r.upstreamStatus,
  };
}

export function toRequestRow(r: StoredRequestDbRow): RequestMetaRow {
  return {
    id: r.id, requestId: r.request_id, ts: r.ts, route: r.route, method: r.method, model: r.model,
    status: r.status, action: r.action as Action, durationMs: r.duration_ms, streamed: r.streamed === 1,
    clientKeyFp: r.client_key_fp, tenant: r.tenant, upstreamStatus: r.upstream_status,
  };
}

export const VIOLATION_COLUMNS = [
  'request_id', 'ts', 'route', 'model', 'stage', 'action', 'enforced', 'shadow', 'streamed', 'categories',
  'rule_ids', 'policy_revision', 'client_key_fp', 'tenant', 'end_user', 'storage_mode', 'content',
  'content_sha256', 'findings', 'reasons', 'source', 'hash_version', 'prev_hash', 'row_hash',
];
export const REQUEST_COLUMNS = [
  'request_id', 'ts', 'route', 'method', 'model', 'status', 'action', 'duration_ms', 'streamed',
  'client_key_fp', 'tenant', 'upstream_status',
];
export const insertSql = (table: string, cols: string[]): string =>
  `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`;

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 100;
  return Math.min(10_000, Math.max(1, Math.floor(limit)));
}

