/**
 * The audit store, behind one async interface with two implementations:
 *   - SqliteAuditStore (sqlite-store.ts): the embedded default, one file, zero setup;
 *   - PgAuditStore (pg-store.ts): a shared PostgreSQL database, so several gateway instances behind
 *     a load balancer keep one audit trail, one hash chain and one set of user strikes.
 * `openAuditStore` picks one by the `audit.db` setting: a postgres:// URL, or a file path.
 *
 * Contract, on both: recordDecision resolves only once the row is committed (the blocked response
 * waits for it), or spooled under fail_open; request metadata is queued and written in batches off
 * the hot path; close() flushes what it can.
 */
import type Database from 'better-sqlite3';
import type { ChainHead, ChainReport } from './chain';
import { PgAuditStore } from './pg-store';
import { SqliteAuditStore } from './sqlite-store';
import type { SqlDb } from './sql/db';
import type { AuditSpool, SpoolReplayResult } from './spool';
import type {
  AuditStoreOptions, AuditStoreStats, RequestMetaInput, RequestMetaRow, StorageMode, ViolationInput, ViolationRow,
} from './types';

export { AuditError } from './schema';
export type {
  AuditStoreOptions, AuditStoreStats, RequestMetaInput, RequestMetaRow, StorageMode, ViolationInput, ViolationRow,
} from './types';
export { buildViolationRow } from './violation-row';
export { STORAGE_MODES } from './settings';
export { SqliteAuditStore } from './sqlite-store';
export { PgAuditStore } from './pg-store';

export interface ViolationQuery {
  requestId?: string;
  limit?: number;
  since?: number;
  category?: string;
}

export interface AuditStore {
  readonly kind: 'sqlite' | 'postgres';
  readonly storageMode: StorageMode;
  /** Portable async SQL for the audit modules written once for both stores. */
  readonly sql: SqlDb;
  recordViolation(v: ViolationInput): Promise<{ id: number; rowHash: string }>;
  recordDecision(v: ViolationInput): Promise<{ id: number; rowHash: string; spooled: boolean }>;
  useSpool(spool: AuditSpool, replayMs?: number): Promise<SpoolReplayResult>;
  replaySpool(): Promise<SpoolReplayResult>;
  /** Queued; never throws. */
  recordRequest(r: RequestMetaInput): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Synchronous for /readyz: SQLite asks the file, PostgreSQL reports its last ping or write. */
  isHealthy(): boolean;
  getViolations(q?: ViolationQuery): Promise<ViolationRow[]>;
  getRequests(q?: { requestId?: string; limit?: number }): Promise<RequestMetaRow[]>;
  countViolations(): Promise<number>;
  verifyChain(): Promise<ChainReport>;
  chainHead(): ChainHead;
  stats(): AuditStoreStats;
  /**
   * SQLite only: the better-sqlite3 connection for the workflow modules not yet written against
   * `sql`. The PostgreSQL store throws an AuditError that names the feature.
   */
  withDb<T>(what: string, fn: (db: Database.Database) => T): T;
}

export const PG_URL = /^postgres(ql)?:\/\//i;

export function isPostgresUrl(db: string): boolean {
  return PG_URL.test(db);
}

/** `AuditStore.open` keeps the synchronous SQLite opener that tests and tools use. */
export const AuditStore = {
  open: (opts: AuditStoreOptions): SqliteAuditStore => SqliteAuditStore.open(opts),
};

/** Opens the store `file` names: a postgres:// URL (PostgreSQL) or a SQLite file path. */
export async function openAuditStore(opts: AuditStoreOptions & { poolSize?: number }): Promise<AuditStore> {
  if (isPostgresUrl(opts.file)) {
    if (opts.readonly) return PgAuditStore.open({ ...opts, url: opts.file, migrate: false });
    return PgAuditStore.open({ ...opts, url: opts.file });
  }
  return SqliteAuditStore.open(opts);
}
