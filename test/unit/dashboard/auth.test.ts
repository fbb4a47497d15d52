import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createAuth } from '../../../src/dashboard/auth';
import { dashboardConfigSchema, type DashboardConfig } from '../../../src/dashboard/config';
import { hashPassword, hashToken } from '../../../src/dashboard/password';
import { LoginLimiter } from '../../../src/dashboard/rate-limit';
import { SessionStore } from '../../../src/dashboard/sessions';

let server: http.Server;
let base: string;
let sessions: SessionStore;

async function start(config: DashboardConfig): Promise<void> {
  sessions = new SessionStore({ ttlMs: 60_000 });
  const auth = createAuth({ config, sessions, limiter: new LoginLimiter({ maxFailures: 5, maxFailuresPerIp: 20, windowMs: 60_000 }) });
  const app = express();
  app.use(auth.router);
  app.use(auth.authenticate, auth.csrf);
  app.get('/read', (_req, res) => void res.json({ ok: true }));
  app.post('/write', auth.requireRole('officer'), (_req, res) => void res.json({ ok: true }));
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function officers(): Promise<DashboardConfig> {
  const password_hash = await hashPassword('pw-123456789', { N: 1024, r: 8, p: 1 });
  return dashboardConfigSchema.parse({
    officers: [
      { name: 'li', role: 'officer', password_hash },
      { name: 'zhao', role: 'viewer', password_hash, token_hash: hashToken('script-token-xyz') },
    ],
  });
}

function post(path: string, headers: Record<string, string>, body = '{}') {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

async function loginAs(name: string): Promise<{ cookie: string; csrf: string }> {
  const res = await post('/session', {}, JSON.stringify({ name, password: 'pw-123456789' }));
  const body = (await res.json()) as { csrf: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], csrf: body.csrf };
}

describe('CSRF protection', () => {
  beforeEach(async () => start(await officers()));

  it('accepts a mutation with the session CSRF token', async () => {
    const s = await loginAs('li');
    expect((await post('/write', { cookie: s.cookie, 'x-csrf-token': s.csrf })).status).toBe(200);
  });

  it('refuses a mutation without, or with another session\'s, CSRF token', async () => {
    const s = await loginAs('li');
    const other = await loginAs('li');
    expect((await post('/write', { cookie: s.cookie })).status).toBe(403);
    expect((await post('/write', { cookie: s.cookie, 'x-csrf-token': other.csrf })).status).toBe(403);
  });

  it('refuses a mutation that says it came from another site, even with the token', async () => {
    const s = await loginAs('li');
    expect((await post('/write', { cookie: s.cookie, 'x-csrf-token': s.csrf, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/write', { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/write', { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: base, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('does not ask for a CSRF token on reads or from bearer-token scripts', async () => {
    const s = await loginAs('zhao');
    expect((await fetch(`${base}/read`, { headers: { cookie: s.cookie } })).status).toBe(200);
    expect((await fetch(`${base}/read`, { headers: { authorization: 'Bearer script-token-xyz' } })).status).toBe(200);
  });

  it('checks the role after the CSRF token', async () => {
    const s = await loginAs('zhao');
    const res = await post('/write', { cookie: s.cookie, 'x-csrf-token': s.csrf });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('refuses a login posted from another site', async () => {
    const res = await post('/session', { origin: 'http://evil.example' }, JSON.stringify({ name: 'li', password: 'pw-123456789' }));
    expect(res.status).toBe(403);
  });
});

describe('without officers', () => {
  it('answers 503 with the fix', async () => {
    await start(dashboardConfigSchema.parse({}));
    const res = await post('/session', {}, JSON.stringify({ name: 'x', password: 'y' }));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('dashboard.officers');
  });
});
