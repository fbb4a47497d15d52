/**
 * SqlDb over a better-sqlite3 connection. Every call runs synchronously and returns a settled
 * promise, so SQLite keeps its single-writer, no-interleaving behaviour; statements are prepared
 * once and cached by their text.
 */
import type Database from 'better-sqlite3';
import type { SqlDb, SqlParams } from './db';

type Bindable = unknown[] | [Record<string, unknown>];

function bind(params: SqlParams | undefined): Bindable {
  if (params === undefined) return [];
  return Array.isArray(params) ? [...(params as unknown[])] : [params as Record<string, unknown>];
}

export class SqliteDb implements SqlDb {
  readonly dialect = 'sqlite' as const;
  private readonly cache = new Map<string, Database.Statement<unknown[], unknown>>();

  constructor(private readonly db: Database.Database) {}

  private stmt(sql: string): Database.Statement<unknown[], unknown> {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare<unknown[], unknown>(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  async all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.stmt(sql).all(...bind(params)) as T[];
  }

  async get<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.stmt(sql).get(...bind(params)) as T | undefined;
  }

  async run(sql: string, params?: SqlParams): Promise<{ changes: number }> {
    return { changes: this.stmt(sql).run(...bind(params)).changes };
  }

  iterate<T>(sql: string, params?: SqlParams): AsyncIterable<T> {
    // A fresh statement: an iterating statement cannot be shared with a concurrent caller. A plain
    // iterator over the synchronous one, not an async generator: a million-row export pays one
    // settled promise per row and nothing more.
    const rows = this.db.prepare<unknown[], unknown>(sql).iterate(...bind(params)) as IterableIterator<T>;
    return {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve(rows.next()),
        return: () => Promise.resolve(rows.return?.() ?? { done: true as const, value: undefined }),
      }),
    };
  }
}
