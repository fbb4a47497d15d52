/**
 * Transactions written once for both stores. A transaction body is a generator that yields the
 * statements it needs (`yield get(sql, params)` hands back the row); a driver runs it:
 *   - SQLite: synchronously inside better-sqlite3's IMMEDIATE transaction. No await happens in
 *     between, so no other callback can slip a statement into the open transaction;
 *   - PostgreSQL: awaited on one pooled client inside BEGIN … COMMIT, after an optional
 *     transaction-scoped advisory lock that serializes the writers of one resource across instances.
 */
import type Database from 'better-sqlite3';
import type { PgAuditStore } from '../pg-store';
import { toAuditError } from '../schema';
import { WorkflowError } from '../status';
import type { AuditStore } from '../store';
import type { SqlDb, SqlParams } from './db';

export type Statement = { op: 'get' | 'all' | 'run'; sql: string; params: SqlParams };
/** A transaction body; yields statements and receives each one's result. */
export type Steps<T> = Generator<Statement, T, unknown>;

export const get = (sql: string, params: SqlParams = []): Statement => ({ op: 'get', sql, params });
export const all = (sql: string, params: SqlParams = []): Statement => ({ op: 'all', sql, params });
/** Resolves to { changes }. */
export const run = (sql: string, params: SqlParams = []): Statement => ({ op: 'run', sql, params });

function bind(params: SqlParams): unknown[] {
  return Array.isArray(params) ? [...(params as unknown[])] : [params];
}

function runSqlite<T>(db: Database.Database, steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    const { op, sql, params } = next.value;
    const stmt = db.prepare(sql);
    let result: unknown;
    if (op === 'get') result = stmt.get(...bind(params));
    else if (op === 'all') result = stmt.all(...bind(params));
    else result = { changes: stmt.run(...bind(params)).changes };
    next = steps.next(result);
  }
  return next.value;
}

async function runPg<T>(tx: SqlDb, steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    const { op, sql, params } = next.value;
    const result = op === 'get' ? await tx.get(sql, params) : op === 'all' ? await tx.all(sql, params) : await tx.run(sql, params);
    next = steps.next(result);
  }
  return next.value;
}

/**
 * Runs `steps` in one transaction on either store. `lock` names what the transaction serializes on
 * across PostgreSQL instances (SQLite's IMMEDIATE already takes the one write lock).
 */
export async function inTransaction<T>(store: AuditStore, what: string, steps: () => Steps<T>, lock?: string): Promise<T> {
  if (store.kind === 'postgres') {
    try {
      return await (store as PgAuditStore).transaction(what, async (tx) => {
        if (lock !== undefined) await tx.run('SELECT pg_advisory_xact_lock(hashtext(?))', [lock]);
        return runPg(tx, steps());
      });
    } catch (err) {
      // A refused workflow step is the caller's answer, not a storage failure.
      if (err instanceof WorkflowError) throw err;
      throw toAuditError(what, err);
    }
  }
  return store.withDb(what, (db) => db.transaction(() => runSqlite(db, steps())).immediate());
}
