/**
 * The audit store: one hash-chained row per decision other than allow, committed before the caller
 * goes on (a blocked response is only sent after recordViolation returns), and request metadata for
 * all traffic, queued and written in batches off the hot path. The only importer of better-sqlite3
 * together with the rest of src/audit.
 *
 * Durability: WAL with synchronous=FULL for the whole connection. In WAL mode NORMAL fsyncs only at
 * checkpoints, so a committed block could vanish on power loss or an OS crash; FULL fsyncs the WAL on
 * every commit. Request metadata pays one fsync per batch, not per request.
 */
import fs from 'fs';
import path from 'path';
import Database from 'better-sqlite3';
import type { Action, Finding, Stage } from '../types';
import { CURRENT_HASH_VERSION, EMPTY_HEAD, computeRowHash, sha256Hex, verifyDatabase } from './chain';
import type { ChainHead, ChainReport } from './chain';
import {
  AuditError, REQUEST_COLUMNS, VIOLATION_COLUMNS, clampLimit, defaultMigrationsDir, insertSql, isRowError,
  parseStringArray, runMigrations, sortedUnique, storedFinding, toAuditError, toRequestDbRow, toRequestRow,
  toViolationRow, wellFormed, wellFormedOrNull,
} from './schema';
import type { RequestDbRow, StoredRequestDbRow, StoredViolationDbRow, ViolationDbRow } from './schema';

export { AuditError } from './schema';

export type StorageMode = 'full' | 'masked' | 'hash';
export const STORAGE_MODES: readonly StorageMode[] = ['full', 'masked', 'hash'];

export interface ViolationInput {
  requestId: string;
  /** epoch ms */
  ts: number;
  route: string;
  model: string | null;
  stage: Stage;
  /** What the policy decided. */
  action: Action;
  /** What was applied (differs in shadow mode). */
  enforced: Action;
  shadow: boolean;
  streamed: boolean;
  policyRevision: string;
  clientKeyFp: string | null;
  tenant: string | null;
  endUser: string | null;
  /** Categories and rule ids are derived from these. Excerpts are already masked by the detectors. */
  findings: Finding[];
  /** The offending text (joined segments), raw. Stored only in `full` mode; hashed in every mode. */
  content: string | null;
  /** The same text with the finding spans masked; stored in `masked` mode. */
  maskedContent: string | null;
  reasons: string[];
  /** 'traffic' unless given; user reports (complaints) arrive later with 'user_report'. */
  source?: string;
}

export interface RequestMetaInput {
  requestId: string;
  ts: number;
  route: string;
  method: string;
  model: string | null;
  status: number;
  action: Action;
  durationMs: number;
  streamed: boolean;
  clientKeyFp: string | null;
  tenant: string | null;
  upstreamStatus: number | null;
}

export interface ViolationRow extends Omit<ViolationInput, 'content' | 'maskedContent' | 'source'> {
  id: number;
  categories: string[];
  ruleIds: string[];
  storageMode: StorageMode;
  /** Raw text (full), masked text (masked) or null (hash). */
  content: string | null;
  contentSha256: string | null;
  source: string;
  prevHash: string;
  rowHash: string;
}

export interface RequestMetaRow extends RequestMetaInput {
  id: number;
}

export interface AuditStoreOptions {
  file: string;
  storageMode?: StorageMode;
  /** Longest a request row waits in memory (default 250). */
  batchMs?: number;
  /** Queue length that triggers a flush on the next tick (default 500). */
  batchSize?: number;
  /** Queue bound while the database is failing; the oldest rows are dropped and counted (default 100k). */
  maxQueued?: number;
  /** How long a write waits for another connection's lock before failing (default 2000). */
  busyTimeoutMs?: number;
  migrationsDir?: string;
  /** For readers (report, dashboard, verify): no migrations, every write fails with AuditError. */
  readonly?: boolean;
  /** Batched-write failures; never row content. Default: process.emitWarning. */
  onError?: (err: AuditError) => void;
}

export interface AuditStoreStats {
  queued: number;
  /** Request rows lost: queue overflow, or still queued when close() could not flush them. */
  dropped: number;
  /** Request rows the database refused (constraint / bind errors); skipped so they cannot block the queue. */
  rejected: number;
  flushFailures: number;
}

const MAX_RETRY_MS = 30_000;

function defaultOnError(err: AuditError): void {
  process.emitWarning(err.message, { type: 'AuditWarning', code: err.code });
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new AuditError(`audit store: ${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}

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

export function buildViolationRow(v: ViolationInput, mode: StorageMode): ViolationDbRow {
  const content = wellFormedOrNull(v.content);
  const stored = mode === 'full' ? content : mode === 'masked' ? wellFormedOrNull(v.maskedContent) : null;
  return {
    request_id: wellFormed(v.requestId),
    ts: v.ts,
    route: wellFormed(v.route),
    model: wellFormedOrNull(v.model),
    stage: v.stage,
    action: v.action,
    enforced: v.enforced,
    shadow: v.shadow ? 1 : 0,
    streamed: v.streamed ? 1 : 0,
    categories: JSON.stringify(sortedUnique(v.findings.map((f) => wellFormed(f.category)))),
    rule_ids: JSON.stringify(sortedUnique(v.findings.map((f) => wellFormed(f.ruleId)))),
    policy_revision: wellFormed(v.policyRevision),
    client_key_fp: wellFormedOrNull(v.clientKeyFp),
    tenant: wellFormedOrNull(v.tenant),
    end_user: wellFormedOrNull(v.endUser),
    storage_mode: mode,
    content: stored,
    content_sha256: content === null ? null : sha256Hex(content),
    findings: JSON.stringify(v.findings.map((f) => storedFinding(f, mode !== 'hash'))),
    reasons: JSON.stringify(v.reasons.map(wellFormed)),
    source: wellFormed(v.source ?? 'traffic'),
    hash_version: CURRENT_HASH_VERSION,
  };
}

interface Settings {
  batchMs: number;
  batchSize: number;
  maxQueued: number;
  onError: (err: AuditError) => void;
}
type InsertViolation = (row: ViolationDbRow, categories: string[]) => { id: number; rowHash: string };
type InsertRequests = (rows: RequestMetaInput[]) => { rejected: number; firstError: unknown };

export class AuditStore {
  readonly storageMode: StorageMode;
  private readonly stmts: {
    tail: Database.Statement<[], { id: number; row_hash: string }>;
    insertViolation: Database.Statement<[Omit<StoredViolationDbRow, 'id'>]>;
    insertCategory: Database.Statement<[string, number]>;
    insertRequest: Database.Statement<[RequestDbRow]>;
    countViolations: Database.Statement<[], number>;
    health: Database.Statement<[], number>;
  };
  private readonly insertViolationTx: Database.Transaction<InsertViolation>;
  private readonly insertRequestsTx: Database.Transaction<InsertRequests>;
  private readonly queries = new Map<string, Database.Statement<[Record<string, unknown>], unknown>>();
  private readonly batchMs: number;
  private readonly batchSize: number;
  private readonly maxQueued: number;
  private readonly onError: (err: AuditError) => void;
  /** The last row this store wrote or adopted; kept in memory so verifyChain(store) can check the file against it. */
  private head: ChainHead;
  private queue: RequestMetaInput[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private retryMs: number;
  private closed = false;
  private readonly counters = { dropped: 0, rejected: 0, flushFailures: 0 };

  static open(opts: AuditStoreOptions): AuditStore {
    const mode = opts.storageMode ?? 'masked';
    if (!STORAGE_MODES.includes(mode)) {
      throw new AuditError(`audit store: storageMode must be one of ${STORAGE_MODES.join(', ')}, got ${String(mode)}`);
    }
    const settings: Settings = {
      batchMs: positive('batchMs', opts.batchMs, 250),
      batchSize: positive('batchSize', opts.batchSize, 500),
      maxQueued: positive('maxQueued', opts.maxQueued, 100_000),
      onError: opts.onError ?? defaultOnError,
    };
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
      return new AuditStore(db, mode, settings);
    } catch (err) {
      db?.close();
      throw toAuditError(`open ${opts.file}`, err);
    }
  }

  private constructor(private readonly db: Database.Database, mode: StorageMode, settings: Settings) {
    this.storageMode = mode;
    ({ batchMs: this.batchMs, batchSize: this.batchSize, maxQueued: this.maxQueued, onError: this.onError } = settings);
    this.retryMs = this.batchMs;
    this.stmts = {
      tail: db.prepare('SELECT id, row_hash FROM violations ORDER BY id DESC LIMIT 1'),
      insertViolation: db.prepare(insertSql('violations', VIOLATION_COLUMNS)),
      insertCategory: db.prepare('INSERT INTO violation_categories (category, violation_id) VALUES (?, ?)'),
      insertRequest: db.prepare(insertSql('requests', REQUEST_COLUMNS)),
      countViolations: db.prepare<[], number>('SELECT COUNT(*) FROM violations').pluck(),
      health: db.prepare<[], number>('SELECT 1').pluck(),
    };
    const tail = this.stmts.tail.get();
    this.head = tail ? { id: tail.id, rowHash: tail.row_hash } : EMPTY_HEAD;

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
    this.insertRequestsTx = db.transaction<InsertRequests>((rows) => {
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
  }

  /** Synchronous; the row is committed (and fsynced) when this returns. Throws AuditError. */
  recordViolation(v: ViolationInput): { id: number; rowHash: string } {
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

  /** Queued; written within batchMs, or on the next tick once batchSize rows wait. Never throws. */
  recordRequest(r: RequestMetaInput): void {
    if (this.closed) {
      this.counters.dropped++;
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      // Drop 1% at a time, so a long outage does not cost a 100k-element shift on every request.
      this.dropOldest(Math.max(this.queue.length - this.maxQueued + 1, Math.ceil(this.maxQueued / 100)));
    }
    this.queue.push({ ...r });
    if (this.queue.length >= this.batchSize) this.scheduleImmediate();
    else this.scheduleTimer(this.batchMs);
  }

  /** Writes every queued request row in one transaction. Failures go to onError; the rows are kept. */
  flush(): void {
    this.cancelScheduled();
    if (this.closed || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    try {
      const { rejected, firstError } = this.insertRequestsTx.immediate(batch);
      this.retryMs = this.batchMs;
      if (rejected > 0) {
        this.counters.rejected += rejected;
        this.report(toAuditError(`flush: ${rejected} request row(s) rejected`, firstError));
      }
    } catch (err) {
      this.queue = batch.concat(this.queue);
      if (this.queue.length > this.maxQueued) this.dropOldest(this.queue.length - this.maxQueued);
      this.counters.flushFailures++;
      this.report(toAuditError(`flush of ${batch.length} request row(s)`, err));
      // Back off while the database is failing, so onError is not called every batchMs.
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      this.scheduleTimer(this.retryMs);
    }
  }

  /** Flushes, then closes. Rows that still cannot be written are counted as dropped. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.cancelScheduled();
    if (this.queue.length > 0) {
      this.counters.dropped += this.queue.length;
      this.report(new AuditError(`audit store: closed with ${this.queue.length} unwritten request row(s)`));
      this.queue = [];
    }
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
  getViolations(q: { requestId?: string; limit?: number; since?: number; category?: string } = {}): ViolationRow[] {
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
  getRequests(q: { requestId?: string; limit?: number } = {}): RequestMetaRow[] {
    const params: Record<string, unknown> = { limit: clampLimit(q.limit) };
    const where: string[] = [];
    if (q.requestId !== undefined) {
      where.push('request_id = @requestId');
      params.requestId = q.requestId;
    }
    const rows = this.query('requests', where).all(params);
    return (rows as StoredRequestDbRow[]).map(toRequestRow);
  }

  countViolations(): number {
    return this.read('countViolations', () => this.stmts.countViolations.get() ?? 0);
  }

  /** Checks the chain in the file, and that the last row this store wrote is still there, unchanged. */
  verifyChain(): ChainReport {
    return this.read('verifyChain', () => verifyDatabase(this.db, this.head));
  }

  chainHead(): ChainHead {
    return { ...this.head };
  }

  stats(): AuditStoreStats {
    return { queued: this.queue.length, ...this.counters };
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

  private dropOldest(n: number): void {
    this.counters.dropped += this.queue.splice(0, n).length;
  }

  private report(err: AuditError): void {
    try {
      this.onError(err);
    } catch {
      // A throwing callback must not take the flush timer (and the process) down with it.
    }
  }

  private scheduleTimer(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, ms);
    this.timer.unref();
  }

  private scheduleImmediate(): void {
    if (this.immediate) return;
    this.immediate = setImmediate(() => {
      this.immediate = null;
      this.flush();
    });
    this.immediate.unref();
  }

  private cancelScheduled(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }
}
