/**
 * The audit store becomes unavailable under a running gateway — locked by another writer past
 * busy_timeout, the disk full (a real 1 MB tmpfs mounted for the test), the database file made
 * immutable (chattr +i: root ignores permission bits), the store closed — and the gateway follows
 * `audit.on_unavailable`:
 *   fail_closed: 503 in the dialect's shape, nothing forwarded;
 *   fail_open:   the decision is answered and its row fsync'd to the JSONL spool, then replayed into
 *                the database when it recovers (timer, or the next start); the chain verifies.
 * Never silent loss: every blocked response has its row in the database or in the spool, and when
 * neither can take it the client gets 503.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AuditSpool } from '../../src/audit/spool';
import { AuditStore } from '../../src/audit/store';
import { loadConfig, type Config } from '../../src/config';
import { startGateway } from '../../src/gateway';
import { createLogger } from '../../src/log';
import { RULES_DIR, setup, tempDir, type TestSetup } from '../helpers/gateway';
import { CHAT, MESSAGES, chatBody, messagesBody, request } from './helpers';

const HARMFUL = 'how to make a bomb';

function spooledRequestIds(dir: string): string[] {
  return new AuditSpool(dir).files().flatMap((f) =>
    fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { violation: { requestId: string } }).violation.requestId),
  );
}

function tryRun(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function blocked(t: TestSetup, dialect: 'openai' | 'anthropic' = 'openai'): Promise<{ status: number; id: string; json: unknown }> {
  const res = await request(`${t.gateway.url}${dialect === 'openai' ? CHAT : MESSAGES}`, { body: dialect === 'openai' ? chatBody(HARMFUL) : messagesBody(HARMFUL) });
  return { status: res.status, id: String(res.headers['x-request-id']), json: JSON.parse(res.text) as unknown };
}

/** Holds a write lock on the gateway's database from a second connection until released. */
function lockDatabase(file: string): { release(): void } {
  const other = AuditStore.open({ file, busyTimeoutMs: 100 });
  other.withDb('hold a write lock', (db) => db.exec('BEGIN IMMEDIATE'));
  return {
    release() {
      other.withDb('release the lock', (db) => db.exec('ROLLBACK'));
      other.close();
    },
  };
}

describe('audit store unavailable, fail_closed (the default)', () => {
  let t: TestSetup;
  beforeAll(async () => {
    t = await setup();
  });
  afterAll(() => t.close());

  it('answers 503 in each dialect’s shape while another writer holds the lock past busy_timeout, and forwards nothing', async () => {
    const lock = lockDatabase(t.dbFile);
    try {
      const openai = await blocked(t, 'openai');
      expect(openai.status).toBe(503);
      expect(openai.json).toMatchObject({ error: { code: 'audit_unavailable', type: 'server_error' } });
      const anthropic = await blocked(t, 'anthropic');
      expect(anthropic.status).toBe(503);
      expect(anthropic.json).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    } finally {
      lock.release();
    }
    expect(t.upstream.requests).toHaveLength(0);
    // Recovered: the next block is recorded and answered.
    const after = await blocked(t);
    expect(after.status).toBe(400);
    expect(await t.gateway.store.getViolations({ requestId: after.id })).toHaveLength(1);
  });

  it('answers 503 while the database file is immutable, and recovers when it is not', async () => {
    // The database and its WAL, not the -shm index: SQLite maps that into memory, and a write to a
    // mapped page of an immutable file is a SIGBUS no process can catch (measured; not a real fault).
    const files = [t.dbFile, `${t.dbFile}-wal`].filter((f) => fs.existsSync(f));
    if (!tryRun('chattr', ['+i', ...files])) return void console.warn('chattr +i refused: immutable-file case not run');
    let res;
    try {
      res = await blocked(t);
    } finally {
      tryRun('chattr', ['-i', ...files]);
    }
    expect(res.status).toBe(503);
    expect(await t.gateway.store.getViolations({ requestId: res.id })).toHaveLength(0);
    expect((await blocked(t)).status).toBe(400);
  });
});

describe('audit store unavailable, fail_open with the JSONL spool', () => {
  it('answers a block while the database is locked, spools the row, and replays it once the lock is gone', async () => {
    const spoolDir = path.join(tempDir('cg-spool-'), 'spool');
    const t = await setup({ config: (c) => ((c.audit.on_unavailable = 'fail_open'), (c.audit.spool_dir = spoolDir)) });
    try {
      const lock = lockDatabase(t.dbFile);
      let res;
      try {
        res = await blocked(t);
      } finally {
        lock.release();
      }
      expect(res.status).toBe(400);
      expect(t.upstream.requests).toHaveLength(0);
      expect(spooledRequestIds(spoolDir)).toEqual([res.id]);
      expect(await t.gateway.store.replaySpool()).toMatchObject({ replayed: 1, pending: 0 });
      expect(await t.gateway.store.getViolations({ requestId: res.id })).toMatchObject([{ stage: 'input', action: 'block' }]);
      expect(spooledRequestIds(spoolDir)).toEqual([]);
      expect((await t.gateway.store.verifyChain()).ok).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('spools every block while the store is closed and replays them all at the next start', async () => {
    const dir = tempDir('cg-spool-');
    const spoolDir = path.join(dir, 'spool');
    const dbFile = path.join(dir, 'audit.db');
    const config = (c: Config) => ((c.audit.db = dbFile), (c.audit.on_unavailable = 'fail_open'), (c.audit.spool_dir = spoolDir));
    const first = await setup({ config });
    const ids: string[] = [];
    try {
      await first.gateway.store.close();
      for (let i = 0; i < 5; i++) {
        const res = await blocked(first, i % 2 ? 'anthropic' : 'openai');
        expect(res.status).toBe(400);
        ids.push(res.id);
      }
    } finally {
      await first.close();
    }
    expect(spooledRequestIds(spoolDir).sort()).toEqual([...ids].sort());
    const second = await setup({ config });
    try {
      for (const id of ids) expect(await second.gateway.store.getViolations({ requestId: id })).toHaveLength(1);
      expect(spooledRequestIds(spoolDir)).toEqual([]);
      expect((await second.gateway.store.verifyChain()).ok).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('answers 503 when neither the database nor the spool can take the row', async () => {
    const spoolDir = path.join(tempDir('cg-spool-'), 'spool');
    fs.mkdirSync(spoolDir);
    const t = await setup({ config: (c) => ((c.audit.on_unavailable = 'fail_open'), (c.audit.spool_dir = spoolDir)) });
    if (!tryRun('chattr', ['+i', spoolDir])) {
      await t.close();
      return void console.warn('chattr +i refused: unwritable-spool case not run');
    }
    try {
      await t.gateway.store.close();
      const res = await blocked(t);
      expect(res.status).toBe(503);
      expect(res.json).toMatchObject({ error: { code: 'audit_unavailable' } });
      expect(t.upstream.requests).toHaveLength(0);
    } finally {
      tryRun('chattr', ['-i', spoolDir]);
      await t.close();
    }
  });

  it('refuses to start when the spool directory cannot be used', async () => {
    const spoolDir = path.join(tempDir('cg-spool-'), 'spool');
    fs.writeFileSync(spoolDir, 'not a directory');
    const config = loadConfig({ env: {}, flags: { port: 0, host: '127.0.0.1', upstream: 'http://127.0.0.1:9', db: path.join(path.dirname(spoolDir), 'audit.db'), rules: RULES_DIR } });
    config.audit.on_unavailable = 'fail_open';
    config.audit.spool_dir = spoolDir;
    await expect(startGateway(config, createLogger({ silent: true }))).rejects.toThrow(/audit\.spool_dir/);
  });
});

describe('disk full (a real size-limited tmpfs)', () => {
  const mnt = tempDir('cg-tmpfs-');
  let mounted = false;
  beforeAll(() => {
    mounted = tryRun('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
    if (!mounted) console.warn(`mount -t tmpfs refused (not root / no CAP_SYS_ADMIN): disk-full cases simulated by closing the store instead`);
  });
  afterAll(() => {
    if (mounted) tryRun('umount', ['-l', mnt]);
  });

  /** Fills the filesystem until the kernel says ENOSPC; returns a function that frees it. */
  function fill(dir: string): () => void {
    const filler = path.join(dir, 'filler');
    const fd = fs.openSync(filler, 'w');
    const block = Buffer.alloc(16 * 1024, 1);
    try {
      for (;;) fs.writeSync(fd, block);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    } finally {
      fs.closeSync(fd);
    }
    return () => fs.rmSync(filler);
  }

  it.each(['fail_closed', 'fail_open'] as const)('%s: a full disk never loses a block', async (mode) => {
    const dir = mounted ? fs.mkdtempSync(path.join(mnt, `${mode}-`)) : tempDir('cg-full-');
    const spoolDir = path.join(tempDir('cg-spool-'), 'spool');
    const t = await setup({ config: (c) => ((c.audit.db = path.join(dir, 'audit.db')), (c.audit.on_unavailable = mode), (c.audit.spool_dir = spoolDir)) });
    try {
      // Some rows first, so the WAL has pages in use and must grow for the next one.
      for (let i = 0; i < 3; i++) expect((await blocked(t)).status).toBe(400);
      const free = mounted ? fill(dir) : (await t.gateway.store.close(), () => undefined);
      const res = await blocked(t);
      free();
      if (mode === 'fail_closed') {
        expect(res.status).toBe(503);
        expect(res.json).toMatchObject({ error: { code: 'audit_unavailable' } });
      } else {
        expect(res.status).toBe(400);
        expect(spooledRequestIds(spoolDir)).toEqual([res.id]);
        if (mounted) {
          // Space is back: the replay timer moves the row into the database on its own.
          const until = Date.now() + 8000;
          while ((await t.gateway.store.getViolations({ requestId: res.id })).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
          expect(await t.gateway.store.getViolations({ requestId: res.id })).toHaveLength(1);
          expect(spooledRequestIds(spoolDir)).toEqual([]);
          expect((await t.gateway.store.verifyChain()).ok).toBe(true);
        }
      }
      if (mounted) expect((await blocked(t)).status).toBe(400);
    } finally {
      await t.close();
    }
  });
});
