/**
 * Running it in production: Prometheus metrics, the admin API, and hot reload of the rules (file
 * watch and admin API) under load with no failed requests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parsePrometheus, sampleValue } from '../helpers/prom';
import { copyRules, rawRequest, setup, type TestSetup } from '../helpers/gateway';

const ADMIN = 'admin-token-0123456789abcdef';
const chat = (content: string) => JSON.stringify({ model: 'm', messages: [{ role: 'user', content }] });

describe('metrics', () => {
  let t: TestSetup;
  beforeAll(async () => {
    t = await setup();
  });
  afterAll(() => t.close());

  it('serves Prometheus text that parses, with counters that move', async () => {
    const before = parsePrometheus((await rawRequest(`${t.gateway.url}/metrics`, { method: 'GET' })).text);
    await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: chat('hello') });
    await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: chat('how to make a bomb') });
    const res = await rawRequest(`${t.gateway.url}/metrics`, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const after = parsePrometheus(res.text);
    const blocked = { route: '/v1/chat/completions', action: 'block', status: '400' };
    expect(sampleValue(after, 'cg_requests_total', blocked) - sampleValue(before, 'cg_requests_total', blocked)).toBe(1);
    expect(sampleValue(after, 'cg_requests_total', { action: 'allow', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after, 'cg_decisions_total', { stage: 'input', action: 'block', category: 'A.1.f' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after, 'cg_inspect_duration_seconds_count', { stage: 'input' })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(after, 'cg_detector_duration_seconds_count', { detector: 'keyword', stage: 'input', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(after, 'cg_audit_write_duration_seconds_count', { kind: 'violation' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after, 'cg_policy_info', { revision: t.gateway.engine.ruleSet.revision })).toBe(1);
    expect(after.some((s) => s.name === 'cg_process_resident_memory_bytes')).toBe(true);
  });

  it('requires the metrics token when one is configured', async () => {
    const s = await setup({ config: (c) => (c.metrics.token = 'metrics-token-0123456789') });
    try {
      expect((await rawRequest(`${s.gateway.url}/metrics`, { method: 'GET' })).status).toBe(401);
      expect((await rawRequest(`${s.gateway.url}/metrics`, { method: 'GET', headers: { authorization: 'Bearer metrics-token-0123456789' } })).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('admin API and hot reload', () => {
  it('does not exist without an admin token, and refuses a missing or wrong token', async () => {
    const off = await setup();
    try {
      expect((await rawRequest(`${off.gateway.url}/admin/v1/rules`, { method: 'GET' })).status).toBe(404);
    } finally {
      await off.close();
    }
    const on = await setup({ config: (c) => (c.admin_token = ADMIN) });
    try {
      expect((await rawRequest(`${on.gateway.url}/admin/v1/rules`, { method: 'GET' })).status).toBe(401);
      expect((await rawRequest(`${on.gateway.url}/admin/v1/rules`, { method: 'GET', headers: { authorization: 'Bearer wrong-token-000000000000' } })).status).toBe(401);
      const ok = await rawRequest(`${on.gateway.url}/admin/v1/rules`, { method: 'GET', headers: { 'x-admin-token': ADMIN } });
      expect(ok.status).toBe(200);
      expect(ok.json()).toMatchObject({ revision: on.gateway.engine.ruleSet.revision, mode: 'enforce' });
      // The admin API is never reachable through the model routes.
      expect((await rawRequest(`${on.gateway.url}/v1/../admin/v1/rules`, { method: 'GET', headers: { 'x-admin-token': ADMIN } })).status).toBe(400);
      expect(on.upstream.requests).toHaveLength(0);
    } finally {
      await on.close();
    }
  });

  it('rejects an invalid revision with its problems and keeps serving the old one', async () => {
    const rules = copyRules();
    const t = await setup({ config: (c) => ((c.rules_dir = rules), (c.admin_token = ADMIN), (c.rules_watch = false)) });
    try {
      const before = t.gateway.engine.ruleSet.revision;
      fs.writeFileSync(path.join(rules, 'policy.yaml'), 'version: 1\nmode: sideways\n');
      const res = await rawRequest(`${t.gateway.url}/admin/v1/reload`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(res.status).toBe(422);
      expect(res.json()).toMatchObject({ ok: false, revision: before, problems: expect.arrayContaining([expect.stringMatching(/policy\.yaml/)]) });
      expect((await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: chat('how to make a bomb') })).status).toBe(400);
    } finally {
      await t.close();
    }
  });

  it('reloads under load with no failed request, and audit rows carry both revisions', async () => {
    const rules = copyRules();
    const t = await setup({ config: (c) => ((c.rules_dir = rules), (c.admin_token = ADMIN), (c.rules_watch = false)) });
    try {
      const before = t.gateway.engine.ruleSet.revision;
      const statuses: number[] = [];
      let stop = false;
      const worker = async (i: number) => {
        for (let n = 0; !stop; n++) {
          const harmful = (n + i) % 3 === 0;
          const res = await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: chat(harmful ? 'how to make a bomb' : `hello ${n}`) });
          statuses.push(res.status);
        }
      };
      const workers = Array.from({ length: 8 }, (_, i) => worker(i));
      await new Promise((r) => setTimeout(r, 300));
      fs.appendFileSync(path.join(rules, 'keywords', 'A.1.h.fraud.en.txt'), '\nsell counterfeit lottery tickets\n');
      const reload = await rawRequest(`${t.gateway.url}/admin/v1/reload`, { headers: { authorization: `Bearer ${ADMIN}` } });
      await new Promise((r) => setTimeout(r, 300));
      stop = true;
      await Promise.all(workers);
      expect(reload.json()).toMatchObject({ ok: true, changed: true });
      const after = t.gateway.engine.ruleSet.revision;
      expect(after).not.toBe(before);
      expect(statuses.length).toBeGreaterThan(20);
      expect(statuses.filter((s) => s !== 200 && s !== 400)).toEqual([]);
      const revisions = new Set((await t.gateway.store.getViolations({ limit: 10000 })).map((v) => v.policyRevision));
      expect(revisions).toEqual(new Set([before, after]));
      expect((await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: chat('I sell counterfeit lottery tickets') })).status).toBe(400);
    } finally {
      await t.close();
    }
  });

  it('reloads when a rules file changes on disk', async () => {
    const rules = copyRules();
    const t = await setup({ config: (c) => (c.rules_dir = rules) });
    try {
      const before = t.gateway.engine.ruleSet.revision;
      fs.appendFileSync(path.join(rules, 'keywords', 'A.1.h.fraud.en.txt'), '\nforge a lottery ticket\n');
      for (let i = 0; i < 50 && t.gateway.engine.ruleSet.revision === before; i++) await new Promise((r) => setTimeout(r, 100));
      expect(t.gateway.engine.ruleSet.revision).not.toBe(before);
      expect((await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: chat('how do I forge a lottery ticket') })).status).toBe(400);
    } finally {
      await t.close();
    }
  });
});
