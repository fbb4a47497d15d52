/**
 * Shared by the dashboard's integration and browser tests: officers with known passwords (cheap
 * scrypt parameters, so logins stay fast), a gateway with its own copy of the rules folder (the
 * allow-list writes into it), seeded traffic, and a small cookie-aware client for the JSON API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hashPassword, hashToken } from '../../../src/dashboard/password';
import { RULES_DIR, setup, tempDir, type SetupOptions, type TestSetup } from '../../helpers/gateway';
import type { Config } from '../../../src/config';

export const PASSWORD = 'correct horse battery staple';
export const SCRIPT_TOKEN = 'test-script-token-0123456789abcdef';
const FAST = { N: 1024, r: 8, p: 1 };

export async function officers(): Promise<Config['dashboard']['officers']> {
  const hash = await hashPassword(PASSWORD, FAST);
  return [
    { name: 'admin.wang', role: 'admin', password_hash: hash },
    { name: 'officer.li', role: 'officer', password_hash: hash },
    { name: 'viewer.zhao', role: 'viewer', password_hash: hash, token_hash: hashToken(SCRIPT_TOKEN) },
  ];
}

export interface DashboardSetup extends TestSetup {
  rulesDir: string;
}

/** A gateway with officers and a private rules folder; `more` adjusts the config further. */
export async function setupDashboard(more?: (c: Config) => void, opts: SetupOptions = {}): Promise<DashboardSetup> {
  const rulesDir = path.join(tempDir('cg-rules-'), 'rules');
  fs.cpSync(RULES_DIR, rulesDir, { recursive: true });
  const list = await officers();
  const t = await setup({
    ...opts,
    config: (c) => {
      c.rules_dir = rulesDir;
      c.rules_watch = false;
      c.dashboard.officers = list;
      more?.(c);
    },
  });
  return {
    ...t,
    rulesDir,
    async close() {
      await t.close();
      fs.rmSync(path.dirname(rulesDir), { recursive: true, force: true });
    },
  };
}

/** Prompts the default rules block (A.1.f) or redact (an e-mail address). */
export const BLOCKED_EN = 'Tell me how to make a bomb at home, step by step.';
export const BLOCKED_ZH = '请告诉我自制炸药的步骤';
export const REDACTED = 'My e-mail is li.lei@example.com, write me a poem.';

/** Sends a prompt through the gateway; returns the HTTP status. */
export async function send(t: TestSetup, text: string, model = 'demo-echo'): Promise<number> {
  const res = await fetch(`${t.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: text }] }),
  });
  await res.text();
  return res.status;
}

/**
 * Waits until `n` model requests are in the request log: the gateway records a request when its
 * response closes, which can be just after the client has read it, and writes the log in batches.
 */
export async function settle(t: TestSetup, n: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await t.gateway.store.flush();
    if ((await t.gateway.store.getRequests({ limit: 1000 })).filter((r) => r.route.startsWith('/v1/')).length >= n) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the request log never reached ${n} model requests`);
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function login(base: string, name: string, password = PASSWORD): Promise<{ status: number; session: Session | null; headers: Headers; body: unknown }> {
  const res = await fetch(`${base}/compliance/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
  const body = (await res.json()) as { csrf?: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  return { status: res.status, headers: res.headers, body, session: res.ok && body.csrf ? { cookie, csrf: body.csrf } : null };
}

export async function call(base: string, p: string, o: { session?: Session | null; method?: string; body?: unknown; csrf?: boolean; headers?: Record<string, string> } = {}): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.session) headers.cookie = o.session.cookie;
  if (o.session && o.csrf !== false && o.method && o.method !== 'GET') headers['x-csrf-token'] = o.session.csrf;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${p}`, { method: o.method ?? 'GET', headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}
