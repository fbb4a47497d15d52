/**
 * PostgreSQL migrations: plain SQL files in `audit/migrations-pg/NNNN_name.sql` (the same naming
 * as SQLite's), applied in version order and recorded in `schema_migrations`. Several instances
 * starting together are serialized by a transaction-scoped advisory lock, so each file runs once.
 */
import fs from 'fs';
import path from 'path';
import type { Pool } from 'pg';
import { AuditError, defaultMigrationsDir, listMigrations } from './schema';

/** Advisory-lock keys: migrations (a fixed number), the violations chain (a name, hashed like sql/steps.ts locks). */
export const MIGRATION_LOCK = 0x636701;
export const CHAIN_LOCK = 'chain';

export function defaultPgMigrationsDir(): string {
  return path.join(path.dirname(defaultMigrationsDir()), 'migrations-pg');
}

export async function runPgMigrations(pool: Pool, dir: string = defaultPgMigrationsDir()): Promise<number[]> {
  const migrations = listMigrations(dir);
  const client = await pool.connect();
  const applied: number[] = [];
  let current = '';
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      current = m.name;
      await client.query(fs.readFileSync(m.file, 'utf8'));
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    // Migration SQL is schema, not user content, so the server's message is safe and names the fix.
    const reason = err instanceof Error ? err.message : String(err);
    throw new AuditError(`audit store: PostgreSQL migration ${current || '(setup)'} failed and was rolled back: ${reason}`, { cause: err });
  } finally {
    client.release();
  }
}
