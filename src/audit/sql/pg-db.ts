/**
 * SqlDb over a `pg` connection pool (or one client inside a transaction). BIGINT and COUNT(*) come
 * back as JS numbers (epoch-ms timestamps and row ids fit in 2^53), so rows read the same as from
 * SQLite; iterate() reads through a server-side cursor in pages, so memory stays flat.
 */
import { Pool, types as pgTypes, type PoolClient, type PoolConfig } from 'pg';
import Cursor from 'pg-cursor';
import { toNumbered, type SqlDb, type SqlParams } from './db';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const CURSOR_PAGE = 500;

/** Per-pool type parsers (not the process-wide pg.types): int8 and numeric → number. */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
    return pgTypes.getTypeParser(oid, format);
  },
} as PoolConfig['types'];

export function createPool(url: string, max = 10): Pool {
  const pool = new Pool({ connectionString: url, max, types: typeParsers, connectionTimeoutMillis: 5000 });
  // A client losing its connection (database restart) emits 'error'; unheard, that would crash the
  // process. The failure reaches the caller as the rejected query instead, and the pool replaces
  // the client.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

type Queryable = Pool | PoolClient;

export class PgDb implements SqlDb {
  readonly dialect = 'postgres' as const;

  constructor(private readonly q: Queryable) {}

  async all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    const { text, values } = toNumbered(sql, params);
    return (await this.q.query(text, values)).rows as T[];
  }

  async get<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params?: SqlParams): Promise<{ changes: number }> {
    const { text, values } = toNumbered(sql, params);
    return { changes: (await this.q.query(text, values)).rowCount ?? 0 };
  }

  async *iterate<T>(sql: string, params?: SqlParams): AsyncIterable<T> {
    const { text, values } = toNumbered(sql, params);
    const pooled = this.q instanceof Pool;
    const client = pooled ? await (this.q as Pool).connect() : (this.q as PoolClient);
    const cursor = client.query(new Cursor(text, values));
    try {
      for (;;) {
        const rows = (await cursor.read(CURSOR_PAGE)) as T[];
        if (rows.length === 0) return;
        yield* rows;
      }
    } finally {
      await cursor.close().catch(() => undefined);
      if (pooled) (client as PoolClient).release();
    }
  }

  /** Runs fn in one transaction on one pooled client; rolls back when it throws. */
  async transaction<T>(fn: (tx: PgDb) => Promise<T>): Promise<T> {
    if (!(this.q instanceof Pool)) return fn(this); // already inside one
    const client = await this.q.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PgDb(client));
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (err) {
      // A client whose connection broke is destroyed, not handed to the next caller.
      const broken = await client.query('ROLLBACK').then(() => false, () => true);
      client.release(broken ? (err as Error) : undefined);
      throw err;
    }
  }
}
