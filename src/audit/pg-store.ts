/**
 * The PostgreSQL audit store: the same contract as the SQLite store, for several gateway
 * instances sharing one database.
 *
 * Chain design: ONE global chain over `violations`, not one per instance. A writer takes a
 * transaction-scoped advisory lock, reads `chain_head`, writes id = last_id + 1 chained to the
 * previous row's hash and moves `chain_head` — all in one transaction. So `audit verify` reads
 * exactly the structure it reads on SQLite (consecutive ids, each prev_hash the previous row_hash),
 * a row removed on any instance breaks the one chain, and `audit migrate` copies a SQLite chain
 * across unchanged. The cost is that violation inserts (non-allow decisions only; request metadata
 * is not chained) are serialized across instances: one short transaction each.
 *
 * Outages: a decision that cannot be committed goes to the JSONL spool under fail_open (replayed
 * on a timer once the server is back) or refuses the request under fail_closed, as on SQLite;
 * request metadata stays queued in memory (bounded) and is retried with backoff.
 */
import type { Pool } from 'pg';
import { CHAIN_LOCK, runPgMigrations } from './pg-schema';
import { chainHeadPg, chainStartPg, verifyPgDb } from './pg-chain';
import { computeRowHash, type ChainHead, type ChainReport } from './chain';
import {
  AuditError, REQUEST_COLUMNS, VIOLATION_COLUMNS, clampLimit, isRowError, parseStringArray, toAuditError, toRequestDbRow,
  toRequestRow, toViolationRow,
} from './schema';
import type { StoredRequestDbRow, StoredViolationDbRow } from './schema';
import { RequestQueue } from './request-queue';
import { WorkflowError } from './status';
import { storeSettings, type Settings } from './settings';
import type { AuditSpool, SpoolReplayResult } from './spool';
import { PgDb, createPool } from './sql/pg-db';
import type { AuditStore, ViolationQuery } from './store';
import type {
  AuditStoreOptions, AuditStoreStats, RequestMetaInput, RequestMetaRow, StorageMode, ViolationInput, ViolationRow,
} from './types';
import { buildViolationRow } from './violation-row';

export interface PgStoreOptions extends Omit<AuditStoreOptions, 'file'> {
  url: string;
  /** Pool size per instance (default 10). */
  poolSize?: number;
  /** Apply pending migrations at open (default true; readers and `audit verify` pass false). */
  migrate?: boolean;
  /** How often /readyz's answer is refreshed with a `SELECT 1` (default 2000 ms). */
  healthMs?: number;
}

const INSERT_VIOLATION = `INSERT INTO violations (id, ${VIOLATION_COLUMNS.join(', ')}) VALUES (@id, ${VIOLATION_COLUMNS.map((c) => '@' + c).join(', ')})`;

function requestInsert(n: number): string {
  const cols = REQUEST_COLUMNS.length;
  const rows = Array.from({ length: n }, (_, r) => `(${REQUEST_COLUMNS.map((_c, i) => `$${r * cols + i + 1}`).join(', ')})`);
  return `INSERT INTO requests (${REQUEST_COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`;
}

export class PgAuditStore implements AuditStore {
  readonly kind = 'postgres' as const;
  readonly storageMode: StorageMode;
  readonly sql: PgDb;
  private readonly requests: RequestQueue;
  private head: ChainHead;
  private closed = false;
  private healthy = true;
  private spool: AuditSpool | null = null;
  private replayTimer: NodeJS.Timeout | null = null;
  private readonly healthTimer: NodeJS.Timeout;
  private replaying: Promise<SpoolReplayResult> | null = null;

  static async open(opts: PgStoreOptions): Promise<PgAuditStore> {
    const { mode, settings } = storeSettings(opts);
    const pool = createPool(opts.url, opts.poolSize ?? 10);
    try {
      if (opts.migrate !== false) await runPgMigrations(pool, opts.migrationsDir);
      const db = new PgDb(pool);
      const head = (await chainHeadPg(db)) ?? (await chainStartPg(db));
      return new PgAuditStore(pool, mode, settings, head, opts.healthMs ?? 2000);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw toAuditError('open (PostgreSQL)', err);
    }
  }

  private constructor(private readonly pool: Pool, mode: StorageMode, private readonly settings: Settings, head: ChainHead, healthMs: number) {
    this.storageMode = mode;
    this.sql = new PgDb(pool);
    this.head = head;
    this.requests = new RequestQueue({ ...settings, write: (rows) => this.insertRequests(rows) });
    this.healthTimer = setInterval(() => void this.ping(), healthMs);
    this.healthTimer.unref();
  }

  async recordViolation(v: ViolationInput): Promise<{ id: number; rowHash: string }> {
    if (this.closed) throw new AuditError('audit store: recordViolation after close');
    try {
      const row = buildViolationRow(v, this.storageMode);
      const categories = parseStringArray(row.categories);
      const result = await this.sql.transaction(async (tx) => {
        // The same lock `audit prune` takes (sql/steps.ts hashes the name): one chain writer at a time.
        await tx.run('SELECT pg_advisory_xact_lock(hashtext(?))', [CHAIN_LOCK]);
        // The chain is global: chain onto whatever any instance wrote last.
        const prev = (await chainHeadPg(tx)) ?? (await chainStartPg(tx));
        const id = prev.id + 1;
        const rowHash = computeRowHash(row, prev.rowHash);
        await tx.run(INSERT_VIOLATION, { ...row, id, prev_hash: prev.rowHash, row_hash: rowHash });
        for (const category of categories) await tx.run('INSERT INTO violation_categories (category, violation_id) VALUES (?, ?)', [category, id]);
        await tx.run(`INSERT INTO chain_head (id, last_id, last_row_hash) VALUES (1, ?, ?)
          ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, last_row_hash = excluded.last_row_hash`, [id, rowHash]);
        return { id, rowHash };
      });
      this.head = result;
      this.healthy = true;
      return result;
    } catch (err) {
      throw toAuditError('recordViolation', err);
    }
  }

  async recordDecision(v: ViolationInput): Promise<{ id: number; rowHash: string; spooled: boolean }> {
    try {
      return { ...(await this.recordViolation(v)), spooled: false };
    } catch (err) {
      this.healthy = false;
      if (!this.spool) throw err;
      try {
        this.spool.append(v);
      } catch (spoolErr) {
        throw new AuditError(`audit store and spool both unavailable: ${(err as Error).message}; spool: ${(spoolErr as Error).message}`, { cause: spoolErr });
      }
      return { id: 0, rowHash: '', spooled: true };
    }
  }

  async useSpool(spool: AuditSpool, replayMs = 5000): Promise<SpoolReplayResult> {
    this.spool = spool;
    if (this.replayTimer) clearInterval(this.replayTimer);
    this.replayTimer = setInterval(() => {
      this.replaySpool().catch((err: unknown) => this.settings.onError(toAuditError('spool replay', err)));
    }, replayMs);
    this.replayTimer.unref();
    return this.replaySpool();
  }

  /** One replay at a time: two interleaved replays could both find a row missing and insert it twice. */
  replaySpool(): Promise<SpoolReplayResult> {
    const spool = this.spool;
    if (!spool || this.closed) return Promise.resolve({ replayed: 0, skipped: 0, torn: 0, pending: spool?.pending() ?? 0 });
    this.replaying ??= spool
      .replay({
        write: async (v) => {
          await this.recordViolation(v);
        },
        has: async (requestId, stage) => (await this.getViolations({ requestId, limit: 1000 })).some((r) => r.stage === stage),
      })
      .finally(() => {
        this.replaying = null;
      });
    return this.replaying;
  }

  recordRequest(r: RequestMetaInput): void {
    this.requests.push(r);
  }

  async flush(): Promise<void> {
    if (!this.closed) await this.requests.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.replayTimer) clearInterval(this.replayTimer);
    clearInterval(this.healthTimer);
    this.replayTimer = null;
    try {
      await this.replaySpool();
    } catch (err) {
      this.settings.onError(toAuditError('spool replay at close', err));
    }
    this.spool?.close();
    await this.requests.close();
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }

  isHealthy(): boolean {
    return !this.closed && this.healthy;
  }

  async getViolations(q: ViolationQuery = {}): Promise<ViolationRow[]> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: clampLimit(q.limit) };
    if (q.requestId !== undefined) where.push('request_id = @requestId');
    if (q.since !== undefined) where.push('ts >= @since');
    if (q.category !== undefined) where.push('id IN (SELECT violation_id FROM violation_categories WHERE category = @category)');
    for (const key of ['requestId', 'since', 'category'] as const) if (q[key] !== undefined) params[key] = q[key];
    const rows = await this.read('query violations', () =>
      this.sql.all<StoredViolationDbRow>(`SELECT * FROM violations${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT @limit`, params),
    );
    return rows.map(toViolationRow);
  }

  async getRequests(q: { requestId?: string; limit?: number } = {}): Promise<RequestMetaRow[]> {
    const params: Record<string, unknown> = { limit: clampLimit(q.limit) };
    let where = '';
    if (q.requestId !== undefined) {
      where = ' WHERE request_id = @requestId';
      params.requestId = q.requestId;
    }
    const rows = await this.read('query requests', () => this.sql.all<StoredRequestDbRow>(`SELECT * FROM requests${where} ORDER BY id DESC LIMIT @limit`, params));
    return rows.map(toRequestRow);
  }

  async countViolations(): Promise<number> {
    return this.read('countViolations', async () => (await this.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM violations'))?.n ?? 0);
  }

  async verifyChain(): Promise<ChainReport> {
    return this.read('verifyChain', () => verifyPgDb(this.sql, this.head));
  }

  chainHead(): ChainHead {
    return { ...this.head };
  }

  stats(): AuditStoreStats {
    return this.requests.stats();
  }

  withDb<T>(what: string): T {
    throw new AuditError(`audit store: ${what} is not available on the PostgreSQL store yet; run it against a SQLite audit file (see README, "Scaling out on PostgreSQL")`);
  }

  /** Transactions for the audit modules that need one (strikes). */
  transaction<T>(what: string, fn: (tx: PgDb) => Promise<T>): Promise<T> {
    return this.read(what, () => this.sql.transaction(fn));
  }

  private async read<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new AuditError(`audit store: ${what} after close`);
    try {
      return await fn();
    } catch (err) {
      // A refused workflow step is the caller's answer, not a storage failure.
      if (err instanceof WorkflowError) throw err;
      throw toAuditError(what, err);
    }
  }

  private async ping(): Promise<void> {
    try {
      await this.sql.get('SELECT 1');
      this.healthy = true;
    } catch {
      this.healthy = false;
    }
  }

  /** One multi-row INSERT; when a row is refused (bad value), rows go one by one so only it is skipped. */
  private async insertRequests(rows: RequestMetaInput[]): Promise<{ rejected: number; firstError: unknown }> {
    const values = (r: RequestMetaInput): unknown[] => {
      const db = toRequestDbRow(r);
      return REQUEST_COLUMNS.map((c) => db[c as keyof typeof db]);
    };
    try {
      // One transaction, so a failed batch is kept whole and retried without duplicating a chunk.
      await this.sql.transaction(async (tx) => {
        for (let i = 0; i < rows.length; i += 1000) {
          const chunk = rows.slice(i, i + 1000);
          await tx.run(requestInsert(chunk.length).replace(/\$\d+/g, '?'), chunk.flatMap(values));
        }
      });
      this.healthy = true;
      return { rejected: 0, firstError: null };
    } catch (err) {
      if (!isRowError(err)) {
        this.healthy = false;
        throw err;
      }
    }
    let rejected = 0;
    let firstError: unknown = null;
    for (const r of rows) {
      try {
        await this.sql.run(requestInsert(1).replace(/\$\d+/g, '?'), values(r));
      } catch (err) {
        if (!isRowError(err)) throw err;
        rejected++;
        firstError ??= err;
      }
    }
    return { rejected, firstError };
  }
}
