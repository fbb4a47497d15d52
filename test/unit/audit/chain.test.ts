import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import { AuditError, AuditStore } from '../../../src/audit/store';
import type { ViolationInput } from '../../../src/audit/store';
import { GENESIS_HASH, computeRowHash, verifyChain, verifyRows } from '../../../src/audit/chain';
import type { StoredChainRow } from '../../../src/audit/chain';
import type { Finding } from '../../../src/types';

function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    detector: 'keyword', ruleId: 'A.1.a.kw.001', category: 'A.1.a', severity: 'high', score: 1, segment: 0,
    span: [0, 4], excerpt: 'b**b', ...overrides,
  };
}

function makeViolation(overrides: Partial<ViolationInput> = {}): ViolationInput {
  return {
    requestId: 'req-1', ts: 1_700_000_000_000, route: '/v1/chat/completions', model: 'gpt-4o-mini',
    stage: 'output', action: 'block', enforced: 'block', shadow: false, streamed: true,
    policyRevision: 'rev-abc123', clientKeyFp: 'fp:9f86d081', tenant: null, endUser: null,
    findings: [makeFinding()], content: 'bomb recipe', maskedContent: 'b**b recipe', reasons: ['A.1.a keyword'],
    ...overrides,
  };
}

let dir: string;
let file: string;
const cleanups: (() => unknown)[] = [];

function open(): AuditStore {
  const store = AuditStore.open({ file, storageMode: 'full', onError: () => undefined });
  cleanups.push(() => store.close());
  return store;
}

/** What an attacker with write access to the file has: a plain connection, triggers dropped. */
function tamper(): Database.Database {
  const db = new Database(file);
  cleanups.push(() => db.close());
  db.pragma('foreign_keys = OFF');
  db.exec('DROP TRIGGER violations_append_only_update; DROP TRIGGER violations_append_only_delete;');
  return db;
}

async function storeWithRows(n: number): Promise<AuditStore> {
  const store = open();
  for (let i = 1; i <= n; i++) await store.recordViolation(makeViolation({ requestId: `req-${i}`, content: `text ${i}` }));
  return store;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-chain-'));
  file = path.join(dir, 'audit.db');
});

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('verifyChain', () => {
  it('verifies an empty database and a clean chain, from the store and from the file', async () => {
    const store = open();
    expect(await verifyChain(store)).toMatchObject({ ok: true, rows: 0 });
    for (let i = 1; i <= 5; i++) await store.recordViolation(makeViolation({ requestId: `req-${i}` }));
    expect(await verifyChain(store)).toEqual({ ok: true, rows: 5, head: store.chainHead() });
    expect(await verifyChain(file)).toMatchObject({ ok: true, rows: 5 });
  });

  it('chains the first row to the genesis hash and each row to its predecessor', async () => {
    const store = await storeWithRows(3);
    const reader = new Database(file, { readonly: true });
    cleanups.push(() => reader.close());
    const rows = reader.prepare('SELECT * FROM violations ORDER BY id').all() as StoredChainRow[];
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].row_hash);
    expect(rows.map((r) => computeRowHash(r, r.prev_hash))).toEqual(rows.map((r) => r.row_hash));
    expect(store.chainHead()).toEqual({ id: 3, rowHash: rows[2].row_hash });
  });

  it('refuses a plain UPDATE or DELETE through the append-only triggers', async () => {
    await storeWithRows(2);
    const db = new Database(file);
    cleanups.push(() => db.close());
    expect(() => db.prepare("UPDATE violations SET content = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM violations WHERE id = 1').run()).toThrow(/append-only/);
  });

  it('names the row whose content was edited', async () => {
    const store = await storeWithRows(5);
    tamper().prepare("UPDATE violations SET content = 'nothing to see' WHERE id = 3").run();
    const expected = { ok: false, rows: 5, firstBreak: { id: 3, reason: 'altered' } };
    expect(await verifyChain(file)).toMatchObject(expected);
    expect(await verifyChain(store)).toMatchObject(expected);
  });

  it('names the first missing id after a middle row is deleted', async () => {
    await storeWithRows(5);
    tamper().prepare('DELETE FROM violations WHERE id = 3').run();
    expect(await verifyChain(file)).toMatchObject({ ok: false, rows: 4, firstBreak: { id: 3, reason: 'missing' } });
  });

  it('notices the newest rows deleted, also after the store is reopened and writes again', async () => {
    await (await storeWithRows(5)).close();
    tamper().prepare('DELETE FROM violations WHERE id >= 4').run();
    expect(await verifyChain(file)).toMatchObject({ ok: false, firstBreak: { id: 4, reason: 'missing' } });
    await open().recordViolation(makeViolation({ requestId: 'after' }));
    expect(await verifyChain(file)).toMatchObject({ ok: false, rows: 4, firstBreak: { id: 4, reason: 'missing' } });
  });

  it('an open store keeps chaining to the row it wrote, so a deleted tail stays visible', async () => {
    const store = await storeWithRows(3);
    tamper().prepare('DELETE FROM violations WHERE id = 3').run();
    expect(await verifyChain(store)).toMatchObject({ ok: false, firstBreak: { id: 3, reason: 'missing' } });
    await store.recordViolation(makeViolation());
    expect(await verifyChain(file)).toMatchObject({ ok: false, rows: 3, firstBreak: { id: 3, reason: 'missing' } });
  });

  it('names a forged row inserted with a copied hash', async () => {
    await storeWithRows(4);
    const db = tamper();
    db.prepare(
      `INSERT INTO violations (request_id, ts, route, model, stage, action, enforced, shadow, streamed, categories,
         rule_ids, policy_revision, client_key_fp, tenant, end_user, storage_mode, content, content_sha256, findings,
         reasons, source, hash_version, prev_hash, row_hash)
       SELECT 'forged', ts, route, model, stage, action, enforced, shadow, streamed, categories, rule_ids,
         policy_revision, client_key_fp, tenant, end_user, storage_mode, 'forged text', content_sha256, findings,
         reasons, source, hash_version, prev_hash, 'f' || substr(row_hash, 2) FROM violations WHERE id = 2`,
    ).run();
    expect(await verifyChain(file)).toMatchObject({ ok: false, rows: 5, firstBreak: { id: 5, reason: 'inserted' } });
  });

  it('names a forged row slipped in before the first one', async () => {
    await storeWithRows(2);
    tamper().prepare(
      `INSERT INTO violations (id, request_id, ts, route, stage, action, enforced, shadow, streamed, categories, rule_ids,
         policy_revision, storage_mode, findings, reasons, prev_hash, row_hash)
       VALUES (0, 'forged', 1, '/x', 'input', 'block', 'block', 0, 0, '[]', '[]', 'r', 'full', '[]', '[]', ?, 'x')`,
    ).run(GENESIS_HASH);
    expect(await verifyChain(file)).toMatchObject({ ok: false, rows: 3, firstBreak: { id: 0, reason: 'inserted' } });
  });

  it('an open store catches its newest row rewritten with a fresh, self-consistent hash', async () => {
    const store = await storeWithRows(3);
    const db = tamper();
    const row = db.prepare('SELECT * FROM violations WHERE id = 3').get() as StoredChainRow;
    const forged = { ...row, content: 'rewritten' };
    db.prepare('UPDATE violations SET content = ?, row_hash = ? WHERE id = 3').run(
      'rewritten', computeRowHash(forged, row.prev_hash),
    );
    // The unkeyed hash alone cannot tell (see chain.ts); the head the store holds in memory can.
    expect(await verifyChain(file)).toMatchObject({ ok: true });
    expect(await verifyChain(store)).toMatchObject({ ok: false, firstBreak: { id: 3, reason: 'altered' } });
  });

  it('keeps one chain when two stores write the same file', async () => {
    const a = open();
    const b = open();
    await a.recordViolation(makeViolation({ requestId: 'a1' }));
    await b.recordViolation(makeViolation({ requestId: 'b1' }));
    await a.recordViolation(makeViolation({ requestId: 'a2' }));
    expect(await verifyChain(file)).toMatchObject({ ok: true, rows: 3 });
    expect(await verifyChain(a)).toMatchObject({ ok: true });
    expect(await verifyChain(b)).toMatchObject({ ok: true });
  });

  it('does not mistake a lone surrogate or a NUL in the content for tampering', async () => {
    const store = open();
    await store.recordViolation(makeViolation({ content: 'half a pair \ud83d then \u0000 nul', reasons: ['\udc00'] }));
    expect(await verifyChain(file)).toMatchObject({ ok: true, rows: 1 });
    expect((await store.getViolations({}))[0].content).toBe('half a pair \ufffd then \u0000 nul');
  });

  it('does not advance the head when an insert fails', async () => {
    const store = AuditStore.open({ file, busyTimeoutMs: 20, onError: () => undefined });
    cleanups.push(() => store.close());
    await store.recordViolation(makeViolation());
    const locker = new Database(file);
    cleanups.push(() => locker.close());
    locker.exec('BEGIN IMMEDIATE');
    await expect(store.recordViolation(makeViolation())).rejects.toThrow(AuditError);
    locker.exec('ROLLBACK');
    await store.recordViolation(makeViolation());
    expect(await verifyChain(store)).toMatchObject({ ok: true, rows: 2 });
  });

  it('throws AuditError for a file that is not an audit database', async () => {
    new Database(path.join(dir, 'other.db')).exec('CREATE TABLE t (x)').close();
    await expect(verifyChain(path.join(dir, 'other.db'))).rejects.toThrow(AuditError);
    await expect(verifyChain(path.join(dir, 'absent.db'))).rejects.toThrow(AuditError);
  });
});

describe('verifyRows', () => {
  it('reports rows the sequence says existed after the last one', () => {
    expect(verifyRows([], { lastSeq: 2 })).toMatchObject({ ok: false, rows: 0, firstBreak: { id: 1, reason: 'missing' } });
  });
});
