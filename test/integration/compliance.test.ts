/**
 * Complaint intake over HTTP: an express app mounting createComplianceRouter with a real AuditStore
 * on a temp file, on 127.0.0.1.
 */
import { collect } from '../helpers/collect';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { verifyChain } from '../../src/audit/chain';
import { iterateItems } from '../../src/audit/items';
import { syncRemediation } from '../../src/audit/remediation';
import { complianceConfigSchema } from '../../src/compliance/config';
import { createComplianceRouter } from '../../src/compliance/router';
import { createEngine } from '../../src/policy/engine';
import { loadRuleSet } from '../../src/policy/rules';
import { tempStore, type TempStore } from '../unit/audit/fixtures';

const TOKEN = 'complaint-token-0123456789';
const NOW = Date.UTC(2026, 2, 1, 9);
const engine = createEngine(loadRuleSet(path.resolve(__dirname, '../../rules')));

describe('POST /compliance/v1/complaints', () => {
  let t: TempStore;
  let server: http.Server;
  let base: string;

  async function start(token: string | undefined, mode: 'full' | 'masked' = 'full'): Promise<void> {
    t = tempStore(mode);
    const app = express();
    app.use('/compliance/v1', createComplianceRouter({ store: t.store, config: complianceConfigSchema.parse({ complaint_token: token }), engine: () => engine, now: () => NOW }));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/compliance/v1`;
  }
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.cleanup();
  });

  const post = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    fetch(`${base}/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('records a complaint as a user_report violation with a response deadline, and opens a remediation item', async () => {
    await start(TOKEN);
    const res = await post({ request_id: 'req-42', text: 'the bot explained how to build a weapon', category: 'A.1.f', contact: 'user@example.com' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ complaint_id: 1, request_id: 'req-42', status: 'received', response_deadline: '2026-03-16T09:00:00.000Z' });
    const [v] = await t.store.getViolations({ requestId: 'req-42' });
    expect(v).toMatchObject({ source: 'user_report', categories: ['A.1.f'], stage: 'output' });
    expect((await verifyChain(t.store)).ok).toBe(true);
    await syncRemediation(t.store, { months: 3 });
    expect((await collect(iterateItems(t.store)))).toMatchObject([{ source: 'user_report', category: 'A.1.f', status: 'open' }]);
  });

  it('answers 401 without the token or with a wrong one, and records nothing', async () => {
    await start(TOKEN);
    for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: TOKEN }] as Record<string, string>[]) {
      const res = await post({ text: 'x' }, headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(await t.store.countViolations()).toBe(0);
  });

  it('answers 400 with every problem listed for an invalid body', async () => {
    await start(TOKEN);
    const res = await post({ category: 'no spaces allowed', extra: 1 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string; message: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(expect.arrayContaining(['category']));
    expect((await post('{not json')).status).toBe(400);
    expect(await (await post({})).json()).toMatchObject({ error: { issues: [{ path: 'text', message: expect.stringMatching(/request_id/) }] } });
  });

  it('answers 503 when no complaint token is configured', async () => {
    await start(undefined);
    expect((await post({ text: 'x' })).status).toBe(503);
  });

  it('masks personal data in the complaint text in masked storage mode', async () => {
    await start(TOKEN, 'masked');
    await post({ text: 'it leaked my phone 13812345678 to everyone' });
    const [v] = await t.store.getViolations();
    expect(v.content).not.toContain('13812345678');
    expect(v.contentSha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
