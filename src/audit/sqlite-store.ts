/**
 * The SQLite audit store (the embedded default): one hash-chained row per decision other than allow, committed before the caller
 * goes on (a blocked response is only sent after recordViolation returns), and request metadata for
 * all traffic, queued and written in batches off the hot path. The only importer of better-sqlite3
 * together with the rest of src/audit. Its methods are async to fit the AuditStore interface shared
 * with PostgreSQL, but run synchronously to completion: SQLite statements never interleave.
 *
 * Durability: WAL with synchronous=FULL for the whole connection. In WAL mode NORMAL fsyncs only at
 * checkpoints, so a committed block could vanish on power loss or an OS crash; FULL fsyncs the WAL on
 * every commit. Request metadata pays one fsync per batch, not per request.
 */
import fs from 'fs';
import path from 'path';
import Database from 'better-sqlite3';
import { chainStart, computeRowHash, verifyDatabase } from './chain';
import { buildViolationRow } from './violation-row';
import type { ChainHead, ChainReport } from './chain';
import {
  AuditError, REQUEST_COLUMNS, VIOLATION_COLUMNS, clampLimit, defaultMigrationsDir, insertSql, isRowError,
  parseStringArray, runMigrations, toAuditError, toRequestDbRow, toRequestRow, toViolationRow,
} from './schema';
import type { RequestDbRow, StoredRequestDbRow, StoredViolationDbRow, ViolationDbRow } from './schema';
import { RequestQueue } from './request-queue';
import type { AuditSpool, SpoolReplayResult } from './spool';
import { WorkflowError } from './status';
import type {
  AuditStoreOptions, AuditStoreStats, RequestMetaInput, RequestMetaRow, StorageMode, ViolationInput, ViolationRow,
} from './types';
import { positive, storeSettings, type Settings } from './settings';
import { SqliteDb } from './sql/sqlite-db';
import type { SqlDb } from './sql/db';
import type { AuditStore, ViolationQuery } from './store';


function assertWritable(file: string): void {
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EACCES';
    throw new AuditError(
      `audit store: ${file} is not writable (${code}); give the gateway write access to the file and ` +
        'its directory, or point the audit file at a writable path',
      { cause: err },
    );
  }
}

type InsertViolation = (row: ViolationDbRow, categories: string[]) => { id: number; rowHash: string };
type InsertRequests = (rows: RequestMetaInput[]) => { rejected: number; firstError: unknown };

export class SqliteAuditStore implements AuditStore {
  readonly kind = 'sqlite' as const;
  readonly storageMode: StorageMode;
  readonly sql: SqlDb;
  private readonly stmts: {
    tail: Database.Statement<[], { id: number; row_hash: string }>;
    insertViolation: Database.Statement<[Omit<StoredViolationDbRow, 'id'>]>;
    insertCategory: Database.Statement<[string, number]>;
    insertRequest: Database.Statement<[RequestDbRow]>;
    countViolations: Database.Statement<[], number>;
    health: Database.Statement<[], number>;
  };
  private readonly insertViolationTx: Database.Transaction<InsertViolation>;
  private readonly requests: RequestQueue;
  private readonly queries = new Map<string, Database.Statement<[Record<string, unknown>], unknown>>();
  /** The last row this store wrote or adopted; kept in memory so verifyChain(store) can check the file against it. */
  private head: ChainHead;
  private closed = false;
  /** Set under `audit.on_unavailable: fail_open`: where decisions go while the database fails. */
  private spool: AuditSpool | null = null;
  private replayTimer: NodeJS.Timeout | null = null;
  private replaying: Promise<SpoolReplayResult> | null = null;

  static open(opts: AuditStoreOptions): SqliteAuditStore {
    const { mode, settings } = storeSettings(opts);
    const busyTimeoutMs = positive('busyTimeoutMs', opts.busyTimeoutMs, 2000);
    const memory = opts.file === ':memory:';
    let db: Database.Database | undefined;
    try {
      if (!memory && !opts.readonly) fs.mkdirSync(path.dirname(path.resolve(opts.file)), { recursive: true });
      db = new Database(opts.file, {
        readonly: opts.readonly ?? false,
        fileMustExist: opts.readonly ?? false,
        timeout: busyTimeoutMs,
      });
      if (!opts.readonly) {
        // SQLite silently falls back to a read-only connection when the file is not writable; refuse to
        // start instead of failing every later block.
        if (!memory) assertWritable(opts.file);
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        db.pragma('foreign_keys = ON');
        runMigrations(db, opts.migrationsDir ?? defaultMigrationsDir());
      }
      return new SqliteAuditStore(db, mode, settings);
    } catch (err) {
      db?.close();
      throw toAuditError(`open ${opts.file}`, err);
    }
  }

  private constructor(private readonly db: Database.Database, mode: StorageMode, private readonly settings: Settings) {
    this.storageMode = mode;
    this.sql = new SqliteDb(db);
    this.stmts = {
      tail: db.prepare('SELECT id, row_hash FROM violations ORDER BY id DESC LIMIT 1'),
      insertViolation: db.prepare(insertSql('violations', VIOLATION_COLUMNS)),
      insertCategory: db.prepare('INSERT INTO violation_categories (category, violation_id) VALUES (?, ?)'),
      insertRequest: db.prepare(insertSql('requests', REQUEST_COLUMNS)),
      countViolations: db.prepare<[], number>('SELECT COUNT(*) FROM violations').pluck(),
      health: db.prepare<[], number>('SELECT 1').pluck(),
    };
    const tail = this.stmts.tail.get();
    this.head = tail ? { id: tail.id, rowHash: tail.row_hash } : chainStart(db);

    this.insertViolationTx = db.transaction<InsertViolation>((row, categories) => {
      // Another process writing the same file may have appended since our last insert: chain onto
      // its rows. A tail *behind* our head means rows were deleted; we keep chaining to what we wrote
      // so the deletion stays visible to verifyChain.
      const tail = this.stmts.tail.get();
      if (tail && tail.id > this.head.id) this.head = { id: tail.id, rowHash: tail.row_hash };
      const prevHash = this.head.rowHash;
      const rowHash = computeRowHash(row, prevHash);
      const id = Number(this.stmts.insertViolation.run({ ...row, prev_hash: prevHash, row_hash: rowHash }).lastInsertRowid);
      for (const category of categories) this.stmts.insertCategory.run(category, id);
      return { id, rowHash };
    });
    const insertRequestsTx = db.transaction<InsertRequests>((rows) => {
      let rejected = 0;
      let firstError: unknown = null;
      for (const r of rows) {
        try {
          this.stmts.insertRequest.run(toRequestDbRow(r));
        } catch (err) {
          // A failed statement is rolled back on its own and the transaction goes on; anything that is
          // not about this row (busy, I/O, disk full) aborts the batch so it is kept for the next try.
          if (!isRowError(err)) throw err;
          rejected++;
          firstError ??= err;
        }
      }
      return { rejected, firstError };
    });
    this.requests = new RequestQueue({ ...settings, write: (rows) => insertRequestsTx.immediate(rows) });
  }

  /** The row is committed (and fsynced) when this resolves. Rejects with AuditError. */
  async recordViolation(v: ViolationInput): Promise<{ id: number; rowHash: string }> {
    return this.recordViolationNow(v);
  }

  private recordViolationNow(v: ViolationInput): { id: number; rowHash: string } {
    if (this.closed) throw new AuditError('audit store: recordViolation after close');
    try {
      const row = buildViolationRow(v, this.storageMode);
      const result = this.insertViolationTx.immediate(row, parseStringArray(row.categories));
      this.head = { id: result.id, rowHash: result.rowHash };
      return result;
    } catch (err) {
      throw toAuditError('recordViolation', err);
    }
  }

  /**
   * A gateway decision: committed like recordViolation, or — only when a spool is attached (fail
   * open) and the database fails — appended to the fsync'd spool and replayed later (`spooled`).
   * Throws AuditError when neither holds it, so the caller refuses the request: never silent loss.
   */
  async recordDecision(v: ViolationInput): Promise<{ id: number; rowHash: string; spooled: boolean }> {
    try {
      return { ...this.recordViolationNow(v), spooled: false };
    } catch (err) {
      if (!this.spool) throw err;
      try {
        this.spool.append(v);
      } catch (spoolErr) {
        throw new AuditError(`audit store and spool both unavailable: ${(err as Error).message}; spool: ${(spoolErr as Error).message}`, { cause: spoolErr });
      }
      return { id: 0, rowHash: '', spooled: true };
    }
  }

  /** Attaches the fail-open spool: replays what an earlier run left at once, then every replayMs. */
  async useSpool(spool: AuditSpool, replayMs = 5000): Promise<SpoolReplayResult> {
    this.spool = spool;
    if (this.replayTimer) clearInterval(this.replayTimer);
    this.replayTimer = setInterval(() => {
      this.replaySpool().catch((err: unknown) => this.settings.onError(toAuditError('spool replay', err)));
    }, replayMs);
    this.replayTimer.unref();
    return this.replaySpool();
  }

  /** Moves spooled decisions into the database (idempotent); a no-op without a spool or once closed. */
  replaySpool(): Promise<SpoolReplayResult> {
    const spool = this.spool;
    if (!spool || this.closed) return Promise.resolve({ replayed: 0, skipped: 0, torn: 0, pending: spool?.pending() ?? 0 });
    // One replay at a time (timer and close): interleaved, both could find a row missing and insert it twice.
    this.replaying ??= spool
      .replay({
        write: async (v) => {
          this.recordViolationNow(v);
        },
        has: async (requestId, stage) => this.violationsNow({ requestId, limit: 1000 }).some((r) => r.stage === stage),
      })
      .finally(() => {
        this.replaying = null;
      });
    return this.replaying;
  }

  /** Queued; written within batchMs, or on the next tick once batchSize rows wait. Never throws. */
  recordRequest(r: RequestMetaInput): void {
    this.requests.push(r);
  }

  /** Writes every queued request row in one transaction. Failures go to onError; the rows are kept. */
  async flush(): Promise<void> {
    if (!this.closed) await this.requests.flush();
  }

  /** Flushes, then closes. Rows that still cannot be written are counted as dropped. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.replayTimer) clearInterval(this.replayTimer);
    this.replayTimer = null;
    try {
      await this.replaySpool();
    } catch (err) {
      this.settings.onError(toAuditError('spool replay at close', err));
    }
    this.spool?.close();
    await this.requests.close();
    this.closed = true;
    this.db.close();
  }

  isHealthy(): boolean {
    if (this.closed) return false;
    try {
      return this.stmts.health.get() === 1;
    } catch {
      return false;
    }
  }

  /** Newest first. */
  async getViolations(q: ViolationQuery = {}): Promise<ViolationRow[]> {
    return this.violationsNow(q);
  }

  private violationsNow(q: ViolationQuery): ViolationRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: clampLimit(q.limit) };
    if (q.requestId !== undefined) where.push('request_id = @requestId');
    if (q.since !== undefined) where.push('ts >= @since');
    if (q.category !== undefined) {
      where.push('id IN (SELECT violation_id FROM violation_categories WHERE category = @category)');
    }
    for (const key of ['requestId', 'since', 'category'] as const) if (q[key] !== undefined) params[key] = q[key];
    const rows = this.query('violations', where).all(params);
    return (rows as StoredViolationDbRow[]).map(toViolationRow);
  }

  /** Newest first; only rows already flushed. */
  async getRequests(q: { requestId?: string; limit?: number } = {}): Promise<RequestMetaRow[]> {
    const params: Record<string, unknown> = { limit: clampLimit(q.limit) };
    const where: string[] = [];
    if (q.requestId !== undefined) {
      where.push('request_id = @requestId');
      params.requestId = q.requestId;
    }
    const rows = this.query('requests', where).all(params);
    return (rows as StoredRequestDbRow[]).map(toRequestRow);
  }

  async countViolations(): Promise<number> {
    return this.read('countViolations', () => this.stmts.countViolations.get() ?? 0);
  }

  /** Checks the chain in the file, and that the last row this store wrote is still there, unchanged. */
  async verifyChain(): Promise<ChainReport> {
    return this.read('verifyChain', () => verifyDatabase(this.db, this.head));
  }

  chainHead(): ChainHead {
    return { ...this.head };
  }

  stats(): AuditStoreStats {
    return this.requests.stats();
  }

  /**
   * The connection, for the workflow modules of src/audit (remediation, retention, strikes, exports)
   * that own their own tables and are not yet written against SqlDb; failures surface as AuditError
   * naming `what`. Not for use outside src/audit: nothing else may depend on better-sqlite3.
   */
  withDb<T>(what: string, fn: (db: Database.Database) => T): T {
    if (this.closed) throw new AuditError(`audit store: ${what} after close`);
    try {
      return fn(this.db);
    } catch (err) {
      // A refused workflow step is the caller's answer, not a storage failure.
      if (err instanceof WorkflowError) throw err;
      throw toAuditError(what, err);
    }
  }

  private read<T>(what: string, fn: () => T): T {
    if (this.closed) throw new AuditError(`audit store: ${what} after close`);
    try {
      return fn();
    } catch (err) {
      throw toAuditError(what, err);
    }
  }

  /** Read statements are prepared on first use and cached by their shape (which filters are set). */
  private query(table: 'violations' | 'requests', where: string[]): Database.Statement<[Record<string, unknown>], unknown> {
    const sql = `SELECT * FROM ${table}${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT @limit`;
    return this.read(`query ${table}`, () => {
      let stmt = this.queries.get(sql);
      if (!stmt) {
        stmt = this.db.prepare<[Record<string, unknown>], unknown>(sql);
        this.queries.set(sql, stmt);
      }
      return stmt;
    });
  }
}
