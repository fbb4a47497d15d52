/**
 * A fresh audit store of either kind for suites parametrized over both (`describe.each(storeKinds())`):
 * a SQLite file in a temp dir, or a new database on the test PostgreSQL server. `raw` runs SQL
 * around the store (the tamper tests' "attacker with write access").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { AuditStore, PgAuditStore, type AuditStoreOptions, type StorageMode } from '../../src/audit/store';
import { freshPgDatabase } from './database';

export type StoreKind = 'sqlite' | 'postgres';

export interface KindStore {
  kind: StoreKind;
  store: AuditStore;
  /** The SQLite file or the postgres:// URL: what `--db` would be. */
  db: string;
  /** Another store on the same database (a second gateway instance). */
  reopen(opts?: Partial<AuditStoreOptions>): Promise<AuditStore>;
  /**
   * Runs SQL outside the store, as an owner of the database would: the append-only triggers and
   * foreign keys off, unless keepTriggers. `?` placeholders on both.
   */
  raw(sql: string, params?: unknown[], opts?: { keepTriggers?: boolean }): Promise<unknown[]>;
  cleanup(): Promise<void>;
}

export async function openKindStore(kind: StoreKind, opts: Partial<AuditStoreOptions> & { storageMode?: StorageMode } = {}): Promise<KindStore> {
  const stores: AuditStore[] = [];
  const settings = { storageMode: opts.storageMode ?? 'full', onError: () => undefined, ...opts };
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-kind-'));
    const file = path.join(dir, 'audit.db');
    const open = async (more: Partial<AuditStoreOptions> = {}): Promise<AuditStore> => {
      const s = AuditStore.open({ file, ...settings, ...more });
      stores.push(s);
      return s;
    };
    const store = await open();
    return {
      kind, store, db: file, reopen: open,
      async raw(sql, params = [], o = {}) {
        const db = new Database(file);
        try {
          if (!o.keepTriggers) {
            db.pragma('foreign_keys = OFF');
            db.exec(`DROP TRIGGER IF EXISTS violations_append_only_update; DROP TRIGGER IF EXISTS violations_append_only_delete;
              DROP TRIGGER IF EXISTS chain_checkpoints_no_update;`);
          }
          const stmt = db.prepare(sql);
          return stmt.reader ? stmt.all(...params) : (stmt.run(...params), []);
        } finally {
          db.close();
        }
      },
      async cleanup() {
        for (const s of stores) await s.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = await freshPgDatabase('store');
  const open = async (more: Partial<AuditStoreOptions> = {}): Promise<AuditStore> => {
    const s = await PgAuditStore.open({ url, poolSize: 4, ...settings, ...more });
    stores.push(s);
    return s;
  };
  const store = await open();
  return {
    kind, store, db: url, reopen: open,
    async raw(sql, params = [], o = {}) {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        // Replica mode skips triggers and foreign-key checks: what an owner of the database can do.
        if (!o.keepTriggers) await client.query('SET session_replication_role = replica');
        let n = 0;
        return (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows;
      } finally {
        await client.end();
      }
    },
    async cleanup() {
      for (const s of stores) await s.close();
    },
  };
}
