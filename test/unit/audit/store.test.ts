import fs from 'fs';
import os from 'os';
import path from 'path';
import { execFileSync } from 'child_process';
import crypto from 'crypto';
import Database from 'better-sqlite3';
import { AuditError, AuditStore } from '../../../src/audit/store';
import type { AuditStoreOptions, RequestMetaInput, ViolationInput } from '../../../src/audit/store';
import { defaultMigrationsDir } from '../../../src/audit/schema';
import type { Finding } from '../../../src/types';

const REPO = path.resolve(__dirname, '../../..');
const MIGRATIONS = path.join(REPO, 'audit', 'migrations');
const SECRET = 'sk-live-4111111111111111-TOPSECRET';

function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    detector: 'regex', ruleId: 'secret.api_key', category: 'secret.credential', severity: 'high', score: 1,
    segment: 0, span: [10, 10 + SECRET.length], excerpt: 'sk-l…CRET', ...overrides,
  };
}

function makeViolation(overrides: Partial<ViolationInput> = {}): ViolationInput {
  return {
    requestId: 'req-1', ts: 1_700_000_000_000, route: '/v1/chat/completions', model: 'gpt-4o-mini',
    stage: 'input', action: 'block', enforced: 'block', shadow: false, streamed: false,
    policyRevision: 'rev-abc123', clientKeyFp: 'fp:9f86d081', tenant: 'acme', endUser: 'user-7',
    findings: [makeFinding()], content: `my key is ${SECRET} ok`, maskedContent: 'my key is [secret.credential] ok',
    reasons: ['secret.api_key matched in messages[0].content'], ...overrides,
  };
}

function makeRequest(overrides: Partial<RequestMetaInput> = {}): RequestMetaInput {
  return {
    requestId: 'req-1', ts: 1_700_000_000_000, route: '/v1/chat/completions', method: 'POST', model: 'gpt-4o-mini',
    status: 200, action: 'allow', durationMs: 12.5, streamed: false, clientKeyFp: 'fp:9f86d081', tenant: 'acme',
    upstreamStatus: 200, ...overrides,
  };
}

let dir: string;
let file: string;
const cleanups: (() => unknown)[] = [];

function open(opts: Partial<AuditStoreOptions> = {}): AuditStore {
  const store = AuditStore.open({ file, onError: () => undefined, ...opts });
  cleanups.push(() => store.close());
  return store;
}

function raw(): Database.Database {
  const db = new Database(file);
  cleanups.push(() => db.close());
  return db;
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Root ignores file modes, so as root the file is made immutable instead (when the filesystem allows). */
function makeReadOnly(target: string): (() => void) | null {
  if (process.getuid?.() !== 0) {
    fs.chmodSync(target, 0o444);
    return () => fs.chmodSync(target, 0o644);
  }
  try {
    execFileSync('chattr', ['+i', target], { stdio: 'ignore' });
    return () => execFileSync('chattr', ['-i', target], { stdio: 'ignore' });
  } catch {
    return null;
  }
}
const canMakeReadOnly = (() => {
  const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-probe-')), 'p');
  fs.writeFileSync(probe, '');
  const undo = makeReadOnly(probe);
  undo?.();
  fs.rmSync(path.dirname(probe), { recursive: true, force: true });
  return undo !== null;
})();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-store-'));
  file = path.join(dir, 'nested', 'audit.db');
});

afterEach(async () => {
  while (cleanups.length) {
    try {
      await cleanups.pop()?.();
    } catch {
      // already closed
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('creates the parent directory, applies every migration once and not again on reopen', async () => {
    await open().close();
    const first = raw().prepare('SELECT version, name, applied_at FROM schema_migrations').all();
    expect(first).toHaveLength(fs.readdirSync(MIGRATIONS).filter((n) => n.endsWith('.sql')).length);
    await open().close();
    expect(raw().prepare('SELECT version, name, applied_at FROM schema_migrations').all()).toEqual(first);
  });

  it('rejects bad options before touching the file', () => {
    expect(() => open({ batchMs: 0 })).toThrow(/batchMs must be a positive number/);
    expect(() => open({ storageMode: 'plain' as never })).toThrow(AuditError);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('puts the database in WAL mode', () => {
    open();
    expect(raw().pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('runs a new migration file on the next open, in version order', async () => {
    const custom = path.join(dir, 'migrations');
    fs.mkdirSync(custom);
    fs.copyFileSync(path.join(MIGRATIONS, '0001_init.sql'), path.join(custom, '0001_init.sql'));
    await open({ migrationsDir: custom }).close();
    fs.writeFileSync(path.join(custom, '0002_reviews.sql'), 'CREATE TABLE reviews (violation_id INTEGER NOT NULL);');
    fs.writeFileSync(path.join(custom, 'README.md'), 'not a migration');
    await open({ migrationsDir: custom }).close();
    const versions = raw().prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual([1, 2]);
  });

  it('rolls back a failing migration and refuses to open', () => {
    const custom = path.join(dir, 'migrations');
    fs.mkdirSync(custom);
    fs.copyFileSync(path.join(MIGRATIONS, '0001_init.sql'), path.join(custom, '0001_init.sql'));
    fs.writeFileSync(path.join(custom, '0002_broken.sql'), 'CREATE TABLE half (x); CREATE TABLE oops (;');
    expect(() => open({ migrationsDir: custom })).toThrow(/0002_broken\.sql failed and was rolled back/);
    const db = raw();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);
  });

  it('finds audit/migrations from src/audit and from the build outputs', () => {
    for (const from of ['src/audit', 'dist/audit', 'dist/src/audit']) {
      expect(defaultMigrationsDir(path.join(REPO, from))).toBe(MIGRATIONS);
    }
  });
});

describe('recordViolation', () => {
  it('commits before returning: a second store on the same file reads the row', async () => {
    const store = open({ storageMode: 'full' });
    const { id, rowHash } = await store.recordViolation(makeViolation({ requestId: 'req-commit' }));
    const reader = open();
    const [row] = await reader.getViolations({ requestId: 'req-commit' });
    expect(row).toMatchObject({ id, rowHash, requestId: 'req-commit', action: 'block', enforced: 'block', shadow: false });
    expect(row.findings).toEqual([makeFinding()]);
    expect(await reader.countViolations()).toBe(1);
  });

  it('derives sorted, unique categories and rule ids from the findings', async () => {
    const store = open();
    await store.recordViolation(makeViolation({
      findings: [
        makeFinding({ ruleId: 'pii.phone', category: 'pii.phone' }),
        makeFinding({ ruleId: 'A.1.a.kw', category: 'A.1.a' }),
        makeFinding({ ruleId: 'pii.phone', category: 'pii.phone', segment: 1 }),
      ],
    }));
    const [row] = await store.getViolations({});
    expect(row.categories).toEqual(['A.1.a', 'pii.phone']);
    expect(row.ruleIds).toEqual(['A.1.a.kw', 'pii.phone']);
    expect(row.findings).toHaveLength(3);
  });

  it('filters by request id, time and category, newest first', async () => {
    const store = open();
    await store.recordViolation(makeViolation({ requestId: 'a', ts: 1000 }));
    await store.recordViolation(makeViolation({ requestId: 'b', ts: 2000, findings: [makeFinding({ category: 'A.2.b' })] }));
    await store.recordViolation(makeViolation({ requestId: 'c', ts: 3000 }));
    expect((await store.getViolations({})).map((r) => r.requestId)).toEqual(['c', 'b', 'a']);
    expect((await store.getViolations({ since: 2000 })).map((r) => r.requestId)).toEqual(['c', 'b']);
    expect((await store.getViolations({ requestId: 'a' })).map((r) => r.ts)).toEqual([1000]);
    expect((await store.getViolations({ category: 'A.2.b' })).map((r) => r.requestId)).toEqual(['b']);
    expect(await store.getViolations({ limit: 1 })).toHaveLength(1);
  });

  it('stores the raw content in full mode', async () => {
    const v = makeViolation();
    await open({ storageMode: 'full' }).recordViolation(v);
    const [row] = await open().getViolations({});
    expect(row).toMatchObject({ storageMode: 'full', content: v.content });
    expect(row.contentSha256).toBe(crypto.createHash('sha256').update(v.content ?? '').digest('hex'));
  });

  it('stores only the masked content in masked mode', async () => {
    const v = makeViolation();
    await open({ storageMode: 'masked' }).recordViolation(v);
    const stored = JSON.stringify(raw().prepare('SELECT * FROM violations').get());
    expect(stored).toContain('my key is [secret.credential] ok');
    expect(stored).not.toContain(SECRET);
  });

  it('stores no text anywhere in the row in hash mode, only the SHA-256 of the content', async () => {
    const v = makeViolation();
    await open({ storageMode: 'hash' }).recordViolation(v);
    const rowJson = JSON.stringify(raw().prepare('SELECT * FROM violations').get());
    for (const text of [SECRET, 'my key is', 'sk-l…CRET', '[secret.credential] ok']) expect(rowJson).not.toContain(text);
    const [row] = await open().getViolations({});
    expect(row.content).toBeNull();
    expect(row.findings[0].excerpt).toBe('');
    expect(row.contentSha256).toBe(crypto.createHash('sha256').update(v.content ?? '').digest('hex'));
  });

  it('keeps only the known finding fields, so extra detector properties cannot leak text', async () => {
    const leaky = { ...makeFinding(), match: SECRET } as Finding;
    await open({ storageMode: 'masked' }).recordViolation(makeViolation({ findings: [leaky] }));
    expect(JSON.stringify(raw().prepare('SELECT findings FROM violations').get())).not.toContain(SECRET);
  });

  it('throws AuditError when another connection holds the write lock', async () => {
    const store = open({ busyTimeoutMs: 20 });
    const locker = raw();
    locker.exec('BEGIN IMMEDIATE');
    const attempt = (): Promise<unknown> => store.recordViolation(makeViolation());
    await expect(attempt()).rejects.toThrow(AuditError);
    await expect(attempt()).rejects.toThrow(expect.objectContaining({ code: 'audit_unavailable', sqliteCode: 'SQLITE_BUSY' }));
    locker.exec('ROLLBACK');
    expect((await store.recordViolation(makeViolation())).id).toBe(1);
  });

  (canMakeReadOnly ? it : it.skip)('refuses to open a read-only database file with AuditError', async () => {
    await open().close();
    const undo = makeReadOnly(file);
    if (undo) cleanups.push(undo);
    expect(() => open()).toThrow(expect.objectContaining({ code: 'audit_unavailable', message: expect.stringMatching(/not writable/) }));
  });

  (canMakeReadOnly && process.getuid?.() === 0 ? it : it.skip)(
    'recordViolation throws AuditError when the file stops being writable under an open store',
    async () => {
      const store = open({ busyTimeoutMs: 20 });
      await store.recordViolation(makeViolation());
      const undo = makeReadOnly(`${file}-wal`);
      if (undo) cleanups.push(undo);
      await expect(store.recordViolation(makeViolation())).rejects.toThrow(AuditError);
      expect(await store.countViolations()).toBe(1);
    },
  );

  it('recordViolation on a store opened read-only throws AuditError and writes nothing', async () => {
    await open().close();
    const reader = open({ readonly: true });
    await expect(reader.recordViolation(makeViolation())).rejects.toThrow(
      expect.objectContaining({ code: 'audit_unavailable', sqliteCode: 'SQLITE_READONLY' }),
    );
    expect(await reader.countViolations()).toBe(0);
  });

  it('throws AuditError after close, and reports unhealthy', async () => {
    const store = open();
    expect(store.isHealthy()).toBe(true);
    await store.close();
    expect(store.isHealthy()).toBe(false);
    await expect(store.recordViolation(makeViolation())).rejects.toThrow(AuditError);
  });
});

describe('recordRequest', () => {
  it('writes nothing until await flush(), then every queued row', async () => {
    const store = open({ batchMs: 60_000 });
    store.recordRequest(makeRequest({ requestId: 'r1' }));
    store.recordRequest(makeRequest({ requestId: 'r2', action: 'block', status: 400, upstreamStatus: null }));
    const reader = open();
    expect(await reader.getRequests({})).toHaveLength(0);
    await store.flush();
    const rows = await reader.getRequests({});
    expect(rows.map((r) => r.requestId)).toEqual(['r2', 'r1']);
    expect(rows[0]).toMatchObject({ action: 'block', status: 400, upstreamStatus: null, durationMs: 12.5, streamed: false });
    expect(store.stats().queued).toBe(0);
  });

  it('is flushed by the timer within batchMs', async () => {
    const store = open({ batchMs: 20 });
    store.recordRequest(makeRequest({ requestId: 'timed' }));
    const reader = open();
    await until(async () => (await reader.getRequests({ requestId: 'timed' })).length === 1);
  });

  it('is flushed on the next tick once batchSize rows wait', async () => {
    const store = open({ batchMs: 60_000, batchSize: 3 });
    for (let i = 0; i < 3; i++) store.recordRequest(makeRequest({ requestId: `b${i}` }));
    await new Promise((r) => setImmediate(r));
    expect(await open().getRequests({})).toHaveLength(3);
  });

  it('keeps the rows and reports through onError when a flush fails, then writes them on the next try', async () => {
    const errors: AuditError[] = [];
    const store = open({ batchMs: 60_000, busyTimeoutMs: 20, onError: (e) => errors.push(e) });
    store.recordRequest(makeRequest({ requestId: 'kept-1' }));
    store.recordRequest(makeRequest({ requestId: 'kept-2' }));
    const locker = raw();
    locker.exec('BEGIN IMMEDIATE');
    await store.flush();
    expect(errors).toEqual([expect.objectContaining({ code: 'audit_unavailable', sqliteCode: 'SQLITE_BUSY' })]);
    expect(store.stats()).toMatchObject({ queued: 2, flushFailures: 1, dropped: 0 });
    locker.exec('ROLLBACK');
    await store.flush();
    expect((await store.getRequests({})).map((r) => r.requestId)).toEqual(['kept-2', 'kept-1']);
    expect(store.stats().queued).toBe(0);
  });

  it('drops the oldest rows beyond maxQueued and counts them', async () => {
    const store = open({ batchMs: 60_000, batchSize: 1000, maxQueued: 3 });
    for (let i = 1; i <= 5; i++) store.recordRequest(makeRequest({ requestId: `q${i}` }));
    expect(store.stats()).toMatchObject({ queued: 3, dropped: 2 });
    await store.flush();
    expect((await store.getRequests({})).map((r) => r.requestId)).toEqual(['q5', 'q4', 'q3']);
  });

  it('skips a row the database rejects without losing the rest of the batch', async () => {
    const errors: AuditError[] = [];
    const store = open({ batchMs: 60_000, onError: (e) => errors.push(e) });
    store.recordRequest(makeRequest({ requestId: 'good-1' }));
    store.recordRequest(makeRequest({ requestId: 'bad', durationMs: NaN })); // NaN binds as NULL: NOT NULL fails
    store.recordRequest(makeRequest({ requestId: 'good-2' }));
    await store.flush();
    expect((await store.getRequests({})).map((r) => r.requestId)).toEqual(['good-2', 'good-1']);
    expect(store.stats()).toMatchObject({ queued: 0, rejected: 1 });
    expect(errors).toHaveLength(1);
  });

  it('close() flushes the queue first', async () => {
    const store = AuditStore.open({ file, batchMs: 60_000 });
    store.recordRequest(makeRequest({ requestId: 'at-close' }));
    await store.close();
    expect(await open().getRequests({ requestId: 'at-close' })).toHaveLength(1);
  });
});
