/**
 * A PostgreSQL restart under a running store (its own throwaway cluster, so the shared test server
 * is untouched): while the server is down, a decision goes to the fsync'd spool (fail open) and
 * request rows wait in the queue; /readyz's health turns false. Once the server is back, the spool
 * replays and the queue flushes: nothing is lost, nothing doubled, and the chain still verifies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster, startServer, stopCluster, stopServer, type ClusterInfo } from '../../bench/lib/pg-cluster';
import { AuditSpool } from '../../src/audit/spool';
import { PgAuditStore, type RequestMetaInput, type ViolationInput } from '../../src/audit/store';
import { makeFinding } from '../helpers/factories';
import { storeKinds } from '../pg/database';

function violation(requestId: string): ViolationInput {
  return {
    requestId, ts: Date.now(), route: '/v1/chat/completions', model: 'm', stage: 'input', action: 'block', enforced: 'block',
    shadow: false, streamed: false, policyRevision: 'rev', clientKeyFp: null, tenant: null, endUser: null,
    findings: [makeFinding()], content: 'text', maskedContent: 'text', reasons: ['r'],
  };
}

function request(requestId: string): RequestMetaInput {
  return { requestId, ts: Date.now(), route: '/v1/chat/completions', method: 'POST', model: null, status: 200, action: 'allow', durationMs: 1, streamed: false, clientKeyFp: null, tenant: null, upstreamStatus: 200 };
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const describePg = storeKinds().includes('postgres') ? describe : describe.skip;

describePg('PostgreSQL restart under a running store', () => {
  let info: ClusterInfo;
  let url: string;
  let spoolDir: string;

  beforeAll(async () => {
    const started = await startCluster();
    if (!started.ok) throw new Error(started.error);
    info = started.info;
    url = started.url;
    spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-pg-spool-'));
  }, 60_000);

  afterAll(() => {
    if (info) stopCluster(info);
    fs.rmSync(spoolDir, { recursive: true, force: true });
  });

  it('spools decisions and keeps request rows while the server is down, then replays them all', async () => {
    const errors: string[] = [];
    const store = await PgAuditStore.open({ url, batchMs: 20, healthMs: 100, onError: (e) => errors.push(e.message) });
    try {
      await store.useSpool(new AuditSpool(spoolDir), 200);
      await store.recordDecision(violation('before'));
      store.recordRequest(request('q-before'));
      await store.flush();

      stopServer(info);
      const down = await store.recordDecision(violation('during'));
      expect(down.spooled).toBe(true);
      store.recordRequest(request('q-during'));
      await store.flush();
      expect(store.stats().queued).toBe(1);
      await until(() => !store.isHealthy());
      // Errors name the operation and the socket/SQLSTATE code, never row content.
      expect(errors.some((m) => /flush of 1 request row\(s\) failed/.test(m))).toBe(true);

      startServer(info);
      await until(async () => (await store.replaySpool().catch(() => ({ pending: 1 }))).pending === 0);
      await until(async () => {
        await store.flush();
        return store.stats().queued === 0;
      });
      await until(() => store.isHealthy());
      expect((await store.getViolations()).map((v) => v.requestId).sort()).toEqual(['before', 'during']);
      expect((await store.getRequests()).map((r) => r.requestId).sort()).toEqual(['q-before', 'q-during']);
      expect(await store.verifyChain()).toMatchObject({ ok: true, rows: 2 });
      expect(new AuditSpool(spoolDir).pending()).toBe(0);
    } finally {
      await store.close();
    }
  }, 60_000);
});
