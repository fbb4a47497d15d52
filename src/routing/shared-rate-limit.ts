/**
 * Rate limits shared by every gateway instance on one PostgreSQL audit store: requests per key and
 * clock minute, counted in the `rate_windows` table. The hot path never waits on the database but
 * once per key, minute and instance (to read what the others have counted so far); after that each
 * instance counts locally and adds its count to the row every `flushMs` (one upsert per active key,
 * which returns the total of all instances). So the limit holds across instances up to what they
 * admit between two flushes (instances × rate × flushMs). A fixed minute, not the token bucket of
 * the single-instance limiter: a burst at a minute's end and the next minute's start can reach
 * twice the limit within 60 s. When the database cannot be reached the instance keeps counting
 * locally (fail open to per-instance limits) and logs it.
 */
import type { SqlDb } from '../audit/sql/db';
import type { Logger } from '../log';

interface Window {
  minute: number;
  /** All instances' count for the minute, as of this instance's last read or flush. */
  global: number;
  /** Admitted here since the last flush. */
  pending: number;
  loading: Promise<void> | null;
}

export class SharedRateLimiter {
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private prunedMinute = 0;

  constructor(
    private readonly sql: SqlDb,
    private readonly log: Logger,
    private readonly flushMs = 100,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; false when the key is over its limit for this minute across instances. */
  async take(key: string, perMinute: number): Promise<boolean> {
    const minute = Math.floor(this.now() / 60_000);
    let w = this.windows.get(key);
    if (!w || w.minute !== minute) {
      const fresh: Window = { minute, global: 0, pending: 0, loading: null };
      fresh.loading = this.load(key, fresh);
      this.windows.set(key, fresh);
      w = fresh;
    }
    if (w.loading) await w.loading;
    if (w.global + w.pending >= perMinute) return false;
    w.pending++;
    this.schedule();
    return true;
  }

  /** Writes what is pending now (tests, shutdown); the timer does it otherwise. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.write().finally(() => (this.flushing = null));
    return this.flushing;
  }

  close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.flush();
  }

  private async load(key: string, w: Window): Promise<void> {
    try {
      const row = await this.sql.get<{ count: number | string }>('SELECT count FROM rate_windows WHERE key = ? AND window_start = ?', [key, w.minute]);
      w.global = Number(row?.count ?? 0);
    } catch (err) {
      this.log.warn('shared rate limit unreadable; counting on this instance only', { error: (err as Error).message });
    } finally {
      w.loading = null;
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.flushMs);
    this.timer.unref();
  }

  private async write(): Promise<void> {
    const current = Math.floor(this.now() / 60_000);
    if (current - this.prunedMinute >= 10) {
      // Rows of minutes long past limit nothing; any instance may clear them (idempotent).
      this.prunedMinute = current;
      await this.sql.run('DELETE FROM rate_windows WHERE window_start < ?', [current - 10]).catch((err: unknown) => {
        this.log.warn('old rate-limit rows not pruned', { error: (err as Error).message });
      });
    }
    for (const [key, w] of this.windows) {
      if (w.pending === 0) {
        // Past minutes with nothing left to write are forgotten: memory follows the active keys.
        if (w.minute < current && !w.loading) this.windows.delete(key);
        continue;
      }
      const n = w.pending;
      w.pending = 0;
      try {
        const row = await this.sql.get<{ count: number | string }>(
          'INSERT INTO rate_windows (key, window_start, count) VALUES (?, ?, ?) ON CONFLICT (key, window_start) DO UPDATE SET count = rate_windows.count + EXCLUDED.count RETURNING count',
          [key, w.minute, n],
        );
        w.global = Number(row?.count ?? w.global + n);
      } catch (err) {
        w.pending += n;
        this.log.warn('shared rate limit not written; will retry', { error: (err as Error).message });
        this.schedule();
      }
    }
  }
}
