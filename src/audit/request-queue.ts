/**
 * The in-memory queue of request metadata: rows wait at most batchMs (or one tick once batchSize
 * wait) and are written in one transaction. While the database fails, rows are kept and retried
 * with backoff, bounded by maxQueued (the oldest are dropped and counted). Never throws to callers.
 */
import { AuditError, toAuditError } from './schema';
import type { AuditStoreStats, RequestMetaInput } from './types';

const MAX_RETRY_MS = 30_000;

type WriteResult = { rejected: number; firstError: unknown };

export interface RequestQueueOptions {
  batchMs: number;
  batchSize: number;
  maxQueued: number;
  /**
   * Writes a batch in one transaction; throws (or rejects) when the database, not a row, failed.
   * SQLite answers synchronously, and then flush() completes before it returns.
   */
  write: (rows: RequestMetaInput[]) => WriteResult | Promise<WriteResult>;
  onError: (err: AuditError) => void;
}

export class RequestQueue {
  private queue: RequestMetaInput[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private retryMs: number;
  private closed = false;
  /** An asynchronous (PostgreSQL) batch being written: the next flush waits for it. */
  private inFlight: Promise<void> | null = null;
  private readonly counters = { dropped: 0, rejected: 0, flushFailures: 0 };

  constructor(private readonly opts: RequestQueueOptions) {
    this.retryMs = opts.batchMs;
  }

  push(r: RequestMetaInput): void {
    if (this.closed) {
      this.counters.dropped++;
      return;
    }
    if (this.queue.length >= this.opts.maxQueued) {
      // Drop 1% at a time, so a long outage does not cost a 100k-element shift on every request.
      this.dropOldest(Math.max(this.queue.length - this.opts.maxQueued + 1, Math.ceil(this.opts.maxQueued / 100)));
    }
    this.queue.push({ ...r });
    if (this.queue.length >= this.opts.batchSize) this.scheduleImmediate();
    else this.scheduleTimer(this.opts.batchMs);
  }

  /** Writes every queued row in one transaction. Failures go to onError; the rows are kept. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    this.cancelScheduled();
    if (this.closed || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    let result: WriteResult | Promise<WriteResult>;
    try {
      result = this.opts.write(batch);
    } catch (err) {
      this.failed(batch, err);
      return;
    }
    if (!(result instanceof Promise)) return this.written(result);
    this.inFlight = result.then((r) => this.written(r), (err: unknown) => this.failed(batch, err));
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
    }
  }

  private written({ rejected, firstError }: WriteResult): void {
    this.retryMs = this.opts.batchMs;
    if (rejected > 0) {
      this.counters.rejected += rejected;
      this.report(toAuditError(`flush: ${rejected} request row(s) rejected`, firstError));
    }
  }

  private failed(batch: RequestMetaInput[], err: unknown): void {
    this.queue = batch.concat(this.queue);
    if (this.queue.length > this.opts.maxQueued) this.dropOldest(this.queue.length - this.opts.maxQueued);
    this.counters.flushFailures++;
    this.report(toAuditError(`flush of ${batch.length} request row(s)`, err));
    // Back off while the database is failing, so onError is not called every batchMs.
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.scheduleTimer(this.retryMs);
  }

  /** Flushes once more; rows that still cannot be written are counted as dropped. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.cancelScheduled();
    if (this.queue.length > 0) {
      this.counters.dropped += this.queue.length;
      this.report(new AuditError(`audit store: closed with ${this.queue.length} unwritten request row(s)`));
      this.queue = [];
    }
    this.closed = true;
  }

  stats(): AuditStoreStats {
    return { queued: this.queue.length, ...this.counters };
  }

  private dropOldest(n: number): void {
    this.counters.dropped += this.queue.splice(0, n).length;
  }

  private report(err: AuditError): void {
    try {
      this.opts.onError(err);
    } catch {
      // A throwing callback must not take the flush timer (and the process) down with it.
    }
  }

  private scheduleTimer(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
    this.timer.unref();
  }

  private scheduleImmediate(): void {
    if (this.immediate) return;
    this.immediate = setImmediate(() => {
      this.immediate = null;
      void this.flush();
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
