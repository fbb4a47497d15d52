/**
 * The dashboard's JSON API against a real gateway: traffic through the gateway produces the
 * violations, officers log in with real scrypt hashes, reviews land in the audit store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { reviewsOf } from '../../src/audit/items';
import { BLOCKED_EN, BLOCKED_ZH, PASSWORD, REDACTED, SCRIPT_TOKEN, call, login, send, settle, setupDashboard, type DashboardSetup, type Session } from '../e2e/support/dashboard';

let t: DashboardSetup;
let base: string;
let officer: Session;
let admin: Session;
let viewer: Session;

beforeAll(async () => {
  t = await setupDashboard((c) => {
    c.dashboard.login_rate_limit.max_failures = 3;
  });
  base = t.gateway.url;
  expect(await send(t, BLOCKED_EN, 'model-a')).toBe(400);
  expect(await send(t, BLOCKED_EN, 'model-a')).toBe(400); // same prompt: same remediation item
  expect(await send(t, BLOCKED_ZH, 'model-b')).toBe(400);
  expect(await send(t, REDACTED, 'model-a')).toBe(200);
  await settle(t, 4);
  officer = (await login(base, 'officer.li')).session as Session;
  admin = (await login(base, 'admin.wang')).session as Session;
  viewer = (await login(base, 'viewer.zhao')).session as Session;
});
afterAll(() => t.close());

describe('access', () => {
  it('refuses every API route without a login', async () => {
    for (const p of ['/compliance/v1/overview', '/compliance/v1/violations', '/compliance/v1/violations/1', '/compliance/v1/exports/csv', '/compliance/v1/session']) {
      expect((await call(base, p)).status).toBe(401);
    }
  });

  it('sets an HttpOnly SameSite=Strict session cookie and refuses a wrong password', async () => {
    const bad = await login(base, 'officer.li', 'wrong password');
    expect(bad.status).toBe(401);
    expect(bad.session).toBeNull();
    const good = await login(base, 'officer.li');
    expect(good.status).toBe(200);
    expect(good.headers.get('set-cookie')).toMatch(/^cg_dashboard=[\w-]{40,}; Path=\/compliance\/v1; HttpOnly; SameSite=Strict; Max-Age=28800$/);
    const me = await call(base, '/compliance/v1/session', { session: good.session });
    expect(me.json).toMatchObject({ officer: 'officer.li', role: 'officer' });
  });

  it('refuses session fixation: a cookie planted before login never becomes a session', async () => {
    const planted = 'cg_dashboard=' + 'A'.repeat(43);
    const res = await fetch(`${base}/compliance/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: planted }, body: JSON.stringify({ name: 'viewer.zhao', password: 'wrong password' }) });
    expect(res.status).toBe(401);
    const good = await fetch(`${base}/compliance/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: planted }, body: JSON.stringify({ name: 'officer.li', password: PASSWORD }) });
    const issued = (good.headers.get('set-cookie') ?? '').split(';')[0];
    expect(good.status).toBe(200);
    expect(issued).toMatch(/^cg_dashboard=/);
    expect(issued).not.toBe(planted);
    expect((await call(base, '/compliance/v1/session', { headers: { cookie: planted } })).status).toBe(401);
  });

  it('rate-limits failed logins per address and name with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await login(base, 'admin.wang', `guess ${i}`)).status).toBe(401);
    const limited = await login(base, 'admin.wang');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(base, 'officer.li')).status).toBe(200); // another name from the same address still works
  });

  it('ends the session on logout', async () => {
    const s = (await login(base, 'viewer.zhao')).session as Session;
    expect((await call(base, '/compliance/v1/session', { session: s, method: 'DELETE' })).status).toBe(204);
    expect((await call(base, '/compliance/v1/overview', { session: s })).status).toBe(401);
  });

  it('accepts a script bearer token without a CSRF token', async () => {
    const r = await call(base, '/compliance/v1/overview', { headers: { authorization: `Bearer ${SCRIPT_TOKEN}` } });
    expect(r.status).toBe(200);
    expect((await call(base, '/compliance/v1/overview', { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
  });

  it('serves the page with a strict CSP and no inline script', async () => {
    const r = await call(base, '/dashboard/');
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(r.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe('reading', () => {
  it('summarises real traffic in the overview', async () => {
    const o = (await call(base, '/compliance/v1/overview', { session: viewer })).json;
    expect(o.violations).toBe(4);
    expect(o.byAction).toEqual(expect.arrayContaining([{ key: 'block', count: 3 }, { key: 'redact', count: 1 }]));
    expect(o.topModels[0]).toEqual({ key: 'model-a', count: 3 });
    expect(o.byDay.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(4);
    expect(o.countdown).toMatchObject({ open: 2, dueSoon: 0, overdue: 0 });
    expect(o.policy.mode).toBe('enforce');
    expect(o.streamed.violations).toEqual({ streamed: 0, notStreamed: 4 });
    expect(o.requests).toBe(4); // model traffic only, not the dashboard's own requests
    expect(o.streamed.requests).toEqual({ streamed: 0, notStreamed: 4 });
  });

  it('filters, searches and pages the violations table', async () => {
    const all = (await call(base, '/compliance/v1/violations?page_size=2', { session: viewer })).json;
    expect(all.total).toBe(4);
    expect(all.rows).toHaveLength(2);
    const blocked = (await call(base, '/compliance/v1/violations?action=block&model=model-b', { session: viewer })).json;
    expect(blocked.total).toBe(1);
    expect(blocked.rows[0].itemStatus).toBe('open');
    const found = (await call(base, `/compliance/v1/violations?q=${encodeURIComponent('step by step')}`, { session: viewer })).json;
    expect(found.total).toBe(2);
    const ofItem = (await call(base, `/compliance/v1/violations?item=${found.rows[0].itemId}`, { session: viewer })).json;
    expect(ofItem.rows.map((r: { id: number }) => r.id)).toEqual(found.rows.map((r: { id: number }) => r.id));
    const none = (await call(base, '/compliance/v1/violations?status=none', { session: viewer })).json;
    expect(none.rows.map((r: { action: string }) => r.action)).toEqual(['redact']);
    expect((await call(base, '/compliance/v1/violations?stage=sideways', { session: viewer })).status).toBe(400);
  });

  it('shows a violation with its matched span highlighted on the right segment', async () => {
    const id = (await call(base, '/compliance/v1/violations?model=model-b', { session: viewer })).json.rows[0].id;
    const d = (await call(base, `/compliance/v1/violations/${id}`, { session: viewer })).json;
    expect(d.violation.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.violation.policyRevision).toBe(t.gateway.engine.ruleSet.revision);
    const seg = d.segments[0];
    expect(seg.path).toBe('messages[0].content');
    const [start, end] = seg.marks[0];
    // masked storage: the span now covers the mask, and the text around it is what the user wrote
    expect(seg.text.slice(start, end)).toMatch(/^\*+$/);
    expect(seg.text.slice(0, start)).toBe(BLOCKED_ZH.slice(0, start));
    expect(d.item.status).toBe('open');
  });
});

describe('reviewing', () => {
  it('refuses a mutation without the CSRF token or from another site', async () => {
    const body = { violation_ids: [1], decision: 'note', note: 'x' };
    expect((await call(base, '/compliance/v1/reviews', { session: officer, method: 'POST', body, csrf: false })).status).toBe(403);
    const cross = await call(base, '/compliance/v1/reviews', { session: officer, method: 'POST', body, headers: { origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
  });

  it('refuses reviews from a viewer', async () => {
    const r = await call(base, '/compliance/v1/reviews', { session: viewer, method: 'POST', body: { violation_ids: [1], decision: 'confirmed' } });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('forbidden');
  });

  it('records who confirmed, noted and dismissed in bulk, in the reviews table', async () => {
    const rows = (await call(base, '/compliance/v1/violations?action=block', { session: officer })).json.rows as { id: number; itemId: number }[];
    const ids = rows.map((r) => r.id);
    const confirm = await call(base, '/compliance/v1/reviews', { session: officer, method: 'POST', body: { violation_ids: ids, decision: 'confirmed' } });
    expect(confirm.status).toBe(200);
    expect(confirm.json.results).toHaveLength(2); // three violations, two items
    expect(confirm.json.results.every((r: { ok: boolean; status: string }) => r.ok && r.status === 'confirmed')).toBe(true);
    const item = rows[0].itemId;
    await call(base, '/compliance/v1/reviews', { session: officer, method: 'POST', body: { item_ids: [item], decision: 'note', note: 'asked the model team' } });
    const log = await reviewsOf(t.gateway.store, item);
    expect(log.map((r) => [r.reviewer, r.from, r.to, r.note])).toEqual([
      ['officer.li', 'open', 'confirmed', 'confirmed in the dashboard'],
      ['officer.li', 'confirmed', 'confirmed', 'asked the model team'],
    ]);
    const again = await call(base, '/compliance/v1/reviews', { session: officer, method: 'POST', body: { item_ids: [item], decision: 'open', note: 'no' } });
    expect(again.status).toBe(409); // confirmed → open is not a reviewer's move
  });

  it('turns a keyword false positive into an allow-list entry that takes effect at once (admin only)', async () => {
    const phrase = 'how to make a bomb shelter';
    expect(await send(t, `${phrase} for a school project`)).toBe(400);
    const v = (await call(base, `/compliance/v1/violations?q=${encodeURIComponent('shelter for a school')}`, { session: admin })).json.rows[0];
    const d = (await call(base, `/compliance/v1/violations/${v.id}`, { session: admin })).json;
    const finding = d.violation.findings.findIndex((f: { detector: string }) => f.detector === 'keyword');
    const body = { violation_id: v.id, finding, phrase, note: 'civil defence question' };
    expect((await call(base, '/compliance/v1/allowlist', { session: officer, method: 'POST', body })).status).toBe(403);
    const unrelated = await call(base, '/compliance/v1/allowlist', { session: admin, method: 'POST', body: { ...body, phrase: 'bomb shelter' } });
    expect(unrelated.status).toBe(400);
    const r = await call(base, '/compliance/v1/allowlist', { session: admin, method: 'POST', body });
    expect(r.status).toBe(201);
    expect(r.json.item_status).toBe('false_positive');
    expect(r.json.revision).toBe(t.gateway.engine.ruleSet.revision);
    const file = fs.readFileSync(path.join(t.rulesDir, r.json.file), 'utf8');
    expect(file).toContain('#! kind: allow');
    expect(file.trim().endsWith(phrase)).toBe(true);
    const tried = (await call(base, '/compliance/v1/rules/try', { session: viewer, method: 'POST', body: { text: `${phrase} for a school project` } })).json;
    expect(tried.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain(d.violation.findings[finding].ruleId);
  });
});

describe('exports', () => {
  it('streams the CSV of remediation items as an attachment', async () => {
    const r = await call(base, '/compliance/v1/exports/csv?status=confirmed', { session: viewer });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="compliance-csv-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = r.text.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes('confirmed'))).toBe(true);
  });

  it('streams every report format', async () => {
    for (const f of ['sft', 'preference', 'json', 'html']) {
      const r = await call(base, `/compliance/v1/exports/${f}`, { session: viewer });
      expect([f, r.status]).toEqual([f, 200]);
    }
    const sft = await call(base, '/compliance/v1/exports/sft?status=confirmed', { session: viewer });
    expect(JSON.parse(sft.text.split('\n')[0]).messages[0].role).toBe('user');
    expect((await call(base, '/compliance/v1/exports/pdf', { session: viewer })).status).toBe(404);
  });
});

// Last: these probes are model-route requests, and the overview's request count above must not
// depend on whether their batched metadata rows were flushed before it read (a flake when they were).
describe('isolation', () => {
  it('is not reachable through the model routes', async () => {
    for (const p of ['/v1/dashboard/', '/v1/compliance/v1/overview']) {
      const r = await call(base, p, { session: admin });
      expect(r.text).not.toContain('Compliance dashboard');
      expect(r.json?.violations).toBeUndefined();
    }
  });
});
