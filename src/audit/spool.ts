/**
 * The durable JSONL spool behind `audit.on_unavailable: fail_open`. When a decision cannot be
 * committed (SQLite: file read-only, disk full, locked past busy_timeout; PostgreSQL: server down or
 * restarting; either store closed),
 * the violation is appended here as one JSON line and fsync'd *before* the response is sent, so a
 * fail-open gateway still never loses a decision silently: either the row is in the database, or it
 * is on disk in the spool, or the client got a 503.
 *
 * Replay moves spooled rows into the store (at start and on a timer). It is idempotent: a row whose
 * request id and stage are already in the store is skipped, so a crash between inserting a row and
 * deleting its spool file only costs a re-read, never a duplicate. A file is deleted only after all
 * its rows are in the store; a torn last line (a crash mid-append, before fsync returned, so no
 * client saw that response) is counted as `torn` and dropped with its file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Stage } from '../types';
import type { ViolationInput } from './types';

export interface SpoolReplayResult {
  /** Rows written into the store by this replay. */
  replayed: number;
  /** Rows already in the store (an earlier replay was interrupted after inserting them). */
  skipped: number;
  /** Unparseable lines dropped (only ever a torn final line). */
  torn: number;
  /** Rows still waiting in the spool (the store failed again). */
  pending: number;
}

export interface SpoolSink {
  /** Commits the row; rejects when the store is still unavailable. */
  write(v: ViolationInput): Promise<void>;
  has(requestId: string, stage: Stage): Promise<boolean>;
}

interface SpoolLine {
  v: 1;
  violation: ViolationInput;
}

function isSpoolLine(x: unknown): x is SpoolLine {
  if (typeof x !== 'object' || x === null) return false;
  const line = x as { v?: unknown; violation?: unknown };
  const v = line.violation as { requestId?: unknown; stage?: unknown } | undefined;
  return line.v === 1 && typeof v === 'object' && v !== null && typeof v.requestId === 'string' && (v.stage === 'input' || v.stage === 'output');
}

function fsyncDir(dir: string): void {
  // A new or deleted file is durable only once its directory entry is: fsync the directory too.
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export class AuditSpool {
  private fd: number | null = null;
  private seq = 0;

  constructor(readonly dir: string) {}

  /** Appends one violation and fsyncs it; throws when the spool itself cannot be written. */
  append(violation: ViolationInput): void {
    const line = `${JSON.stringify({ v: 1, violation } satisfies SpoolLine)}\n`;
    if (this.fd === null) this.openFile();
    const fd = this.fd as number;
    const size = fs.fstatSync(fd).size;
    try {
      fs.writeSync(fd, line);
      fs.fsyncSync(fd);
    } catch (err) {
      // A partial line must not prefix the next one: cut it off, and append to a fresh file next time.
      try {
        fs.ftruncateSync(fd, size);
      } catch {
        // the torn tail stays the file's last line; replay counts and drops it
      }
      this.rotate();
      throw err;
    }
  }

  /** Spool files, oldest first (names sort by creation time). */
  files(): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names.filter((n) => /^spool-.*\.jsonl$/.test(n)).sort().map((n) => path.join(this.dir, n));
  }

  /** Rows waiting in the spool (complete lines). */
  pending(): number {
    let n = 0;
    for (const f of this.files()) n += fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
    return n;
  }

  /**
   * Moves every spooled row into the sink, oldest first; stops at the first failure and leaves the
   * rest (and the file being read) for the next attempt.
   */
  async replay(sink: SpoolSink): Promise<SpoolReplayResult> {
    // New appends go to a fresh file while this one is read and deleted.
    this.rotate();
    const result: SpoolReplayResult = { replayed: 0, skipped: 0, torn: 0, pending: 0 };
    const files = this.files();
    for (let i = 0; i < files.length; i++) {
      const lines = fs.readFileSync(files[i], 'utf8').split('\n');
      let failedAt = -1;
      for (let j = 0; j < lines.length; j++) {
        if (lines[j].trim() === '') continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(lines[j]);
        } catch {
          parsed = null;
        }
        if (!isSpoolLine(parsed)) {
          result.torn++;
          continue;
        }
        const v = parsed.violation;
        try {
          if (await sink.has(v.requestId, v.stage)) {
            result.skipped++;
            continue;
          }
          await sink.write(v);
          result.replayed++;
        } catch {
          failedAt = j;
          break;
        }
      }
      if (failedAt >= 0) {
        for (const f of files.slice(i)) result.pending += fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
        // Rows before failedAt are in the store and will be skipped next time.
        return result;
      }
      fs.unlinkSync(files[i]);
      fsyncDir(this.dir);
    }
    return result;
  }

  close(): void {
    this.rotate();
  }

  private rotate(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private openFile(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const stamp = `${Date.now().toString().padStart(15, '0')}-${process.pid}-${String(this.seq++).padStart(6, '0')}`;
    this.fd = fs.openSync(path.join(this.dir, `spool-${stamp}.jsonl`), 'a', 0o600);
    fsyncDir(this.dir);
  }
}
