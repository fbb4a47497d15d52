/**
 * `compliance-gateway audit migrate --from sqlite:FILE --to postgres://…`: moves an existing
 * single-instance deployment to the shared PostgreSQL store. Every table is copied with its ids, so
 * the hash chain arrives byte for byte (prev_hash / row_hash unchanged) and verifies the same on the
 * other side; the copy is one transaction, so a failure leaves the target as it was.
 *
 * Refuses a target that already holds violations (merging two chains is not a migration), and a
 * source whose chain does not verify (moving it would launder the break): `audit verify` first.
 */
import Database from 'better-sqlite3';
import { verifyDatabase, type ChainReport } from './chain';
import { verifyPgDb } from './pg-chain';
import { runPgMigrations } from './pg-schema';
import { AuditError, toAuditError } from './schema';
import { PgDb, createPool } from './sql/pg-db';

/** Parent tables before the tables that reference them. */
const TABLES = [
  'violations', 'violation_categories', 'requests', 'chain_checkpoints', 'policy_revisions', 'remediation_items',
  'remediation_members', 'remediation_reviews', 'replay_results', 'violation_prompts', 'complaints', 'user_strikes',
  'user_status', 'user_actions',
];
/** Tables whose id is a BIGSERIAL on PostgreSQL: the sequence moves past the copied ids. */
const SERIAL = ['requests', 'chain_checkpoints', 'policy_revisions', 'remediation_items', 'remediation_reviews', 'replay_results', 'complaints', 'user_strikes', 'user_actions'];
const CHUNK = 500;

export interface MigrateResult {
  rows: Record<string, number>;
  source: ChainReport;
  target: ChainReport;
}

export function parseSqliteSource(from: string): string {
  const m = /^sqlite:(.+)$/.exec(from);
  if (!m) throw new AuditError(`--from "${from}" is not a SQLite source. Fix: --from sqlite:path/to/gateway.db`);
  return m[1];
}

export async function migrateSqliteToPostgres(o: { file: string; url: string; onTable?: (table: string, rows: number) => void }): Promise<MigrateResult> {
  let db: Database.Database;
  try {
    db = new Database(o.file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw toAuditError(`open ${o.file}`, err);
  }
  const pool = createPool(o.url, 2);
  try {
    const source = verifyDatabase(db);
    if (!source.ok) {
      throw new AuditError(`the source chain is broken (first ${source.firstBreak?.reason} row at id ${source.firstBreak?.id}); a migration would hide that. Run \`compliance-gateway audit verify --db ${o.file}\` and resolve it first`);
    }
    await runPgMigrations(pool);
    const pg = new PgDb(pool);
    const existing = (await pg.get<{ n: number }>('SELECT COUNT(*) AS n FROM violations'))?.n ?? 0;
    if (existing > 0) throw new AuditError(`the target already holds ${existing} violations; migrate into an empty database`);
    const rows: Record<string, number> = {};
    await pg.transaction(async (tx) => {
      // Inserts only; the append-only trigger guards UPDATE and DELETE, so it stays on.
      await tx.run('DELETE FROM remediation_cursor');
      for (const table of [...TABLES, 'remediation_cursor']) {
        const cols = db.prepare(`PRAGMA table_info(${table})`).all().map((c) => (c as { name: string }).name);
        let n = 0;
        let chunk: unknown[][] = [];
        const flush = async () => {
          if (chunk.length === 0) return;
          const values = chunk.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ');
          await tx.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values}`, chunk.flat());
          chunk = [];
        };
        for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY 1`).iterate()) {
          chunk.push(cols.map((c) => (row as Record<string, unknown>)[c]));
          n++;
          if (chunk.length >= CHUNK) await flush();
        }
        await flush();
        rows[table] = n;
        o.onTable?.(table, n);
      }
      for (const table of SERIAL) {
        await tx.run(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE((SELECT MAX(id) FROM ${table}), 0) + 1, false)`);
      }
      // chain_head plays sqlite_sequence's part: the next violation gets last_id + 1.
      const seq = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'violations'").get() as { seq: number } | undefined)?.seq ?? 0;
      if (source.head.id > 0 || seq > 0) {
        await tx.run('INSERT INTO chain_head (id, last_id, last_row_hash) VALUES (1, ?, ?)', [Math.max(seq, source.head.id), source.head.rowHash]);
      }
    });
    const target = await verifyPgDb(pg);
    return { rows, source, target };
  } finally {
    db.close();
    await pool.end();
  }
}
