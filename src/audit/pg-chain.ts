/**
 * The hash chain on PostgreSQL: where it starts (the newest retention checkpoint, else genesis)
 * and its verification, read through a cursor so a million-row table keeps a flat heap.
 * chain_head.last_id plays the part of sqlite_sequence: ids are never reused, so a head ahead of
 * the last row means the newest rows were deleted.
 */
import { ChainVerifier, EMPTY_HEAD, type ChainHead, type ChainReport, type StoredChainRow } from './chain';
import { AuditError, toAuditError } from './schema';
import type { SqlDb } from './sql/db';
import { PgDb, createPool } from './sql/pg-db';

export async function chainStartPg(db: SqlDb): Promise<ChainHead> {
  const cp = await db.get<{ last_id: number; last_row_hash: string }>('SELECT last_id, last_row_hash FROM chain_checkpoints ORDER BY id DESC LIMIT 1');
  return cp ? { id: cp.last_id, rowHash: cp.last_row_hash } : EMPTY_HEAD;
}

/** The newest row of the chain as recorded by the writers (null on an empty chain). */
export async function chainHeadPg(db: SqlDb): Promise<ChainHead | null> {
  const h = await db.get<{ last_id: number; last_row_hash: string }>('SELECT last_id, last_row_hash FROM chain_head WHERE id = 1');
  return h ? { id: h.last_id, rowHash: h.last_row_hash } : null;
}

export async function verifyPgDb(db: SqlDb, knownHead?: ChainHead): Promise<ChainReport> {
  const recorded = await chainHeadPg(db);
  const verifier = new ChainVerifier({ lastSeq: recorded?.id, knownHead, start: await chainStartPg(db) });
  for await (const row of db.iterate<StoredChainRow>('SELECT * FROM violations ORDER BY id')) verifier.push(row);
  return verifier.report();
}

/** `audit verify --db postgres://…`: connects, verifies, disconnects. */
export async function verifyPostgres(url: string): Promise<ChainReport> {
  const pool = createPool(url, 2);
  try {
    const db = new PgDb(pool);
    const table = await db.get<{ t: string | null }>("SELECT to_regclass('violations')::text AS t");
    if (!table?.t) throw new AuditError('audit chain: the PostgreSQL database has no violations table; is it an audit database?');
    return await verifyPgDb(db);
  } catch (err) {
    throw toAuditError('verify (PostgreSQL)', err);
  } finally {
    await pool.end();
  }
}
