/**
 * The audit store's contract, run against both implementations: SQLite (a temp file) and
 * PostgreSQL (a fresh database on the test server, see test/pg). What a gateway relies on —
 * decisions committed and read back per storage mode, the hash chain and its tamper evidence,
 * batched request rows, the spool, user strikes, several writers on one database — must hold the
 * same on both.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditSpool } from '../../../src/audit/spool';
import { STATUS_CACHE_MS, liftUserRestriction, recordUserOutcome, userStatus } from '../../../src/audit/strikes';
import { recordPolicyRevision, listPolicyRevisions } from '../../../src/audit/policy-revisions';
import { recordViolationPrompt } from '../../../src/audit/prompt';
import { recordComplaint } from '../../../src/audit/complaints';
import { verifyChain } from '../../../src/audit/chain';
import type { RequestMetaInput, ViolationInput } from '../../../src/audit/store';
import { makeFinding } from '../../helpers/factories';
import { storeKinds } from '../../pg/database';
import { openKindStore, type KindStore } from '../../pg/stores';

const SECRET = 'sk-live-4111111111111111-TOPSECRET';

function violation(overrides: Partial<ViolationInput> = {}): ViolationInput {
  return {
    requestId: 'req-1', ts: 1_700_000_000_000, route: '/v1/chat/completions', model: 'gpt-4o-mini',
    stage: 'input', action: 'block', enforced: 'block', shadow: false, streamed: false,
    policyRevision: 'rev-abc123', clientKeyFp: 'fp:9f86d081', tenant: 'acme', endUser: 'user-7',
    findings: [makeFinding({ category: 'secret.credential', ruleId: 'secret.api_key', excerpt: 'sk-l…CRET' })],
    content: `my key is ${SECRET} ok`, maskedContent: 'my key is [secret.credential] ok',
    reasons: ['secret.api_key matched'], ...overrides,
  };
}

function request(overrides: Partial<RequestMetaInput> = {}): RequestMetaInput {
  return {
    requestId: 'req-1', ts: 1_700_000_000_000, route: '/v1/chat/completions', method: 'POST', model: 'gpt-4o-mini',
    status: 200, action: 'allow', durationMs: 12.5, streamed: false, clientKeyFp: 'fp:9f86d081', tenant: 'acme',
    upstreamStatus: 200, ...overrides,
  };
}

const POLICY = { consecutive: 3, perDay: 5, action: 'suspend' as const };

describe.each(storeKinds())('audit store contract (%s)', (kind) => {
  let t: KindStore;
  beforeEach(async () => {
    t = await openKindStore(kind);
  });
  afterEach(() => t.cleanup());

  it('commits a decision and reads it back with every field', async () => {
    const v = violation();
    const { id, rowHash } = await t.store.recordViolation(v);
    expect(id).toBe(1);
    const [row] = await t.store.getViolations({ requestId: 'req-1' });
    expect(row).toMatchObject({
      id: 1, requestId: 'req-1', ts: v.ts, stage: 'input', action: 'block', enforced: 'block', shadow: false, streamed: false,
      categories: ['secret.credential'], ruleIds: ['secret.api_key'], tenant: 'acme', endUser: 'user-7', storageMode: 'full',
      content: v.content, rowHash,
    });
    expect(row.findings).toEqual(v.findings);
    expect(await t.store.countViolations()).toBe(1);
    expect(await t.store.getViolations({ category: 'secret.credential' })).toHaveLength(1);
    expect(await t.store.getViolations({ category: 'A.1.a' })).toHaveLength(0);
  });

  it('keeps no raw text in hash mode', async () => {
    const store = await t.reopen({ storageMode: 'hash' });
    await store.recordViolation(violation({ requestId: 'h' }));
    const [row] = await store.getViolations({ requestId: 'h' });
    expect(row.content).toBeNull();
    expect(row.findings[0].excerpt).toBe('');
    expect(JSON.stringify(await t.raw('SELECT * FROM violations'))).not.toContain(SECRET);
  });

  it('chains rows and verifies them, by store and by --db target', async () => {
    for (let i = 1; i <= 5; i++) await t.store.recordViolation(violation({ requestId: `r${i}`, content: `text ${i}` }));
    const report = await t.store.verifyChain();
    expect(report).toEqual({ ok: true, rows: 5, head: t.store.chainHead() });
    expect(await verifyChain(t.db)).toMatchObject({ ok: true, rows: 5 });
  });

  it('names an edited, a deleted and a truncated row', async () => {
    for (let i = 1; i <= 5; i++) await t.store.recordViolation(violation({ requestId: `r${i}`, content: `text ${i}` }));
    await t.raw("UPDATE violations SET content = 'harmless' WHERE id = 2");
    expect(await verifyChain(t.db)).toMatchObject({ ok: false, firstBreak: { id: 2, reason: 'altered' } });
    await t.raw('DELETE FROM violations WHERE id = 4');
    expect(await verifyChain(t.db)).toMatchObject({ ok: false, firstBreak: { id: 2, reason: 'altered' } });
    await t.raw('DELETE FROM violations WHERE id >= 2');
    // Only rows 1 survive; the store's counter (sqlite_sequence / chain_head) still says 5.
    expect(await verifyChain(t.db)).toMatchObject({ ok: false, firstBreak: { id: 2, reason: 'missing' } });
  });

  it('two writers on one database extend one chain', async () => {
    const other = await t.reopen();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) writes.push((i % 2 ? other : t.store).recordViolation(violation({ requestId: `w${i}` })));
    await Promise.all(writes);
    const report = await verifyChain(t.db);
    expect(report).toMatchObject({ ok: true, rows: 20 });
    expect(report.head.id).toBe(20);
    expect(await other.verifyChain()).toMatchObject({ ok: true });
  });

  it('batches request rows and writes them on flush', async () => {
    for (let i = 0; i < 3; i++) t.store.recordRequest(request({ requestId: `q${i}` }));
    expect(await t.store.getRequests({})).toHaveLength(0);
    await t.store.flush();
    const rows = await t.store.getRequests({});
    expect(rows.map((r) => r.requestId)).toEqual(['q2', 'q1', 'q0']);
    expect(rows[0]).toMatchObject({ method: 'POST', status: 200, durationMs: 12.5, streamed: false, upstreamStatus: 200 });
    expect(t.store.stats()).toMatchObject({ queued: 0, dropped: 0, rejected: 0 });
  });

  it('flushes queued request rows at close', async () => {
    const store = await t.reopen({ batchMs: 60_000 });
    store.recordRequest(request({ requestId: 'at-close' }));
    await store.close();
    expect(await t.store.getRequests({ requestId: 'at-close' })).toHaveLength(1);
  });

  it('spools a decision the database refuses (store closed) and replays it into a working store', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-contract-spool-'));
    try {
      const failing = await t.reopen();
      await failing.useSpool(new AuditSpool(dir), 60_000);
      await failing.close();
      // A closed store refuses the write: the decision goes to the spool instead of being lost.
      const spooledStore = await t.reopen();
      await spooledStore.useSpool(new AuditSpool(dir), 60_000);
      await spooledStore.close();
      const r = await spooledStore.recordDecision(violation({ requestId: 'spooled' }));
      expect(r.spooled).toBe(true);
      expect(new AuditSpool(dir).pending()).toBe(1);
      expect(await t.store.useSpool(new AuditSpool(dir), 60_000)).toMatchObject({ replayed: 1, pending: 0 });
      expect(await t.store.getViolations({ requestId: 'spooled' })).toHaveLength(1);
      expect(await t.store.replaySpool()).toMatchObject({ replayed: 0, pending: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts strikes across two store instances and suspends on the third', async () => {
    const other = await t.reopen();
    await recordUserOutcome(t.store, POLICY, { endUser: 'u1', violation: true, ts: 1 });
    await recordUserOutcome(other, POLICY, { endUser: 'u1', violation: true, ts: 2 });
    const third = await recordUserOutcome(t.store, POLICY, { endUser: 'u1', violation: true, ts: 3 });
    expect(third).toMatchObject({ status: 'suspended', consecutive: 3 });
    // `other` last saw the user as ok; a suspension decided elsewhere reaches its short status
    // cache within STATUS_CACHE_MS (SQLite has no cache).
    if (kind === 'postgres') await new Promise((r) => setTimeout(r, STATUS_CACHE_MS + 20));
    expect(await userStatus(other, 'u1')).toBe('suspended');
    expect(await liftUserRestriction(other, { endUser: 'u1', officer: 'o', note: 'n', now: 4 })).toBe('suspended');
    expect(await userStatus(other, 'u1')).toBe('ok');
  });

  it('loses no strike when instances record the same user at once', async () => {
    const other = await t.reopen();
    const policy = { consecutive: 1000, perDay: 1000, action: 'warn' as const };
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordUserOutcome(i % 2 ? other : t.store, policy, { endUser: 'busy', violation: true, ts: 10 + i })));
    expect(await t.raw("SELECT consecutive FROM user_status WHERE end_user = 'busy'")).toEqual([{ consecutive: 20 }]);
  });

  it('records policy revisions, output prompts and complaints', async () => {
    await recordPolicyRevision(t.store, { revision: 'rev-1', loadedAt: 5, rulesDir: '/rules', keywords: 10, regexes: 2, reason: 'start' });
    const { id } = await t.store.recordViolation(violation({ stage: 'output' }));
    await recordViolationPrompt(t.store, { violationId: id, messages: [{ role: 'user', content: 'hi' }] });
    await recordViolationPrompt(t.store, { violationId: id, messages: [{ role: 'user', content: 'hi again' }] });
    expect(await t.raw('SELECT messages FROM violation_prompts')).toEqual([{ messages: JSON.stringify([{ role: 'user', content: 'hi again' }]) }]);
    const receipt = await recordComplaint(t.store, { text: 'bad answer', receivedAt: 1_700_000_000_000, responseDays: 15 });
    expect(receipt).toMatchObject({ complaintId: 1, violationId: 2 });
    expect(await t.raw('SELECT revision, keywords FROM policy_revisions')).toEqual([{ revision: 'rev-1', keywords: 10 }]);
    if (kind === 'sqlite') expect(await listPolicyRevisions(t.store)).toHaveLength(1);
  });
});
