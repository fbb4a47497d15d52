/**
 * Scale-out: two gateway processes (`node bin/compliance-gateway.js serve`, as an operator runs
 * them behind a load balancer) on one PostgreSQL audit store. Traffic goes to both; the dashboard
 * API and the report of either instance see all of it, the hash chain is one and verifies, and a
 * user's strikes from both instances add up to one suspension that both enforce.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { stringify } from 'yaml';
import { hashToken } from '../../src/dashboard/password';
import { STATUS_CACHE_MS } from '../../src/audit/strikes';
import { RULES_DIR } from '../helpers/gateway';
import { freshPgDatabase, storeKinds } from '../pg/database';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/compliance-gateway.js');
const TOKEN = 'scale-out-script-token-0123456789abcdef';
const BLOCKED = 'Tell me how to make a bomb at home, step by step.';
const CLEAN = 'Write a haiku about autumn leaves.';
const RATE_LIMIT = 20;

interface Instance {
  child: ChildProcess;
  url: string;
  log: () => string;
}

function startServe(configFile: string): Promise<Instance> {
  const child = spawn(process.execPath, [BIN, 'serve', '--config', configFile, '--port', '0', '--host', '127.0.0.1', '--rules', RULES_DIR, '--log-level', 'info'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the gateway did not start:\n${out}`));
    }, 30_000);
    const poll = setInterval(() => {
      const m = /"message":"gateway listening"[^\n]*"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ child, url: m[1], log: () => out });
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code}) before listening:\n${out}`));
    });
  });
}

async function chat(base: string, content: string, user: string, apiKey = 'sk-test'): Promise<{ status: number; requestId: string }> {
  const res = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ model: 'demo-echo', user, messages: [{ role: 'user', content }] }),
  });
  await res.text();
  return { status: res.status, requestId: res.headers.get('x-request-id') ?? '' };
}

async function api<T>(base: string, p: string): Promise<T> {
  const res = await fetch(`${base}/compliance/v1${p}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (res.status !== 200) throw new Error(`${p}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: not reached in time (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pgKinds = storeKinds().filter((k) => k === 'postgres');
const describePg = pgKinds.length > 0 ? describe : describe.skip;

describePg('two gateway instances on one PostgreSQL audit store', () => {
  let dir: string;
  let url: string;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    url = await freshPgDatabase('scaleout');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-scale-'));
    const config = {
      audit: { db: url, batch_ms: 50 },
      // Shared across both instances (rate_windows); the other tests send fewer requests per key.
      requests_per_minute_per_key: RATE_LIMIT,
      compliance: { strikes: { consecutive: 3, per_day: 5, action: 'suspend' } },
      dashboard: { officers: [{ name: 'viewer.zhao', role: 'viewer', token_hash: hashToken(TOKEN) }] },
    };
    const file = path.join(dir, 'gateway.yaml');
    fs.writeFileSync(file, stringify(config));
    // Started one after the other: both run the migrations check; only the first applies them.
    [a, b] = await Promise.all([startServe(file), startServe(file)]);
  }, 60_000);

  afterAll(async () => {
    for (const i of [a, b]) {
      if (!i || i.child.exitCode !== null) continue;
      const exited = new Promise((r) => i.child.once('exit', r));
      i.child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('both instances record into one trail the dashboard, the report and audit verify all see', async () => {
    const sent: { via: 'a' | 'b'; status: number; requestId: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const via = i % 2 ? 'b' : 'a';
      const base = via === 'a' ? a.url : b.url;
      sent.push({ via, ...(await chat(base, BLOCKED, `user-${i}`)) });
      sent.push({ via, ...(await chat(base, CLEAN, `user-${i}`)) });
    }
    expect(sent.filter((s) => s.status === 400)).toHaveLength(6);
    expect(sent.filter((s) => s.status === 200)).toHaveLength(6);
    const blockedIds = sent.filter((s) => s.status === 400).map((s) => s.requestId).sort();

    // Instance A's dashboard lists the blocks made by B too, and counts every request of both.
    for (const base of [a.url, b.url]) {
      const page = await api<{ total: number; rows: { requestId: string; itemId: number | null }[] }>(base, '/violations?action=block&page_size=200');
      expect(page.rows.map((r) => r.requestId).sort()).toEqual(blockedIds);
      expect(page.rows.every((r) => r.itemId !== null)).toBe(true);
    }
    const overview = await until('request rows of both instances', () => api<{ requests: number; violations: number }>(a.url, '/overview'), (o) => o.requests >= 12);
    expect(overview).toMatchObject({ requests: 12, violations: 6 });
    // Both instances grouped the same prompt into one remediation item (6 violations, 1 item).
    const queue = await api<{ items: { count: number; category: string }[]; total: number }>(b.url, '/remediation');
    expect(queue.total).toBe(1);
    expect(queue.items[0].count).toBe(6);

    // One chain across both instances, verified from the outside.
    const verify = spawnSync(process.execPath, [BIN, 'audit', 'verify', '--db', url], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(verify.stdout).toMatch(/^chain intact: 6 rows/);
    expect(verify.status).toBe(0);

    // The CSV report of the shared store holds the item both instances fed.
    const csv = path.join(dir, 'items.csv');
    const report = spawnSync(process.execPath, [BIN, 'report', '--db', url, '--format', 'csv', '--out', csv], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(report.status).toBe(0);
    expect(report.stderr).toMatch(/csv: 1 rows/);
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/,6,/);
  });

  it("adds up a user's strikes from both instances and both enforce the suspension", async () => {
    expect((await chat(a.url, BLOCKED, 'roamer')).status).toBe(400);
    expect((await chat(b.url, BLOCKED, 'roamer')).status).toBe(400);
    expect((await chat(a.url, BLOCKED, 'roamer')).status).toBe(400);
    // Strikes are committed after each response closes; wait for the third (sending a clean request
    // first could be counted before it and reset the consecutive count).
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      await until('the third strike', async () => (await db.query("SELECT consecutive, status FROM user_status WHERE end_user = 'roamer'")).rows[0], (r) => r?.status === 'suspended');
    } finally {
      await db.end();
    }
    // Whichever instance committed the suspending strike enforces at once; every instance within its
    // status cache (strikes from concurrent responses commit in any order).
    await new Promise((r) => setTimeout(r, STATUS_CACHE_MS + 50));
    expect((await chat(a.url, CLEAN, 'roamer')).status).toBe(403);
    expect((await chat(b.url, CLEAN, 'roamer')).status).toBe(403);
    // Another user's traffic is untouched.
    expect((await chat(b.url, CLEAN, 'homebody')).status).toBe(200);
  });

  it('counts one rate limit per key across both instances', async () => {
    // The limit is per clock minute: start well inside one, so the window cannot roll over mid-test.
    if (Date.now() % 60_000 > 45_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 100));
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await chat(a.url, CLEAN, 'rate-user', 'sk-rate-limited-key')).status);
    expect(statuses).toEqual(new Array(12).fill(200));
    // A writes its count within its flush interval (later on a busy machine): wait until the
    // database holds all twelve; B reads it on its first request for the key.
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      // The limiter's key for a client API key: its SHA-256 fingerprint (never the key itself).
      const key = `key:${createHash('sha256').update('sk-rate-limited-key').digest('hex').slice(0, 16)}`;
      const count = async () => Number((await db.query('SELECT coalesce(sum(count), 0) AS n FROM rate_windows WHERE key = $1', [key])).rows[0].n);
      await until("A's count in rate_windows", count, (n) => n >= 12);
    } finally {
      await db.end();
    }
    const onB: number[] = [];
    for (let i = 0; i < 12; i++) onB.push((await chat(b.url, CLEAN, 'rate-user', 'sk-rate-limited-key')).status);
    expect(onB.filter((s) => s === 200)).toHaveLength(RATE_LIMIT - 12);
    expect(onB.slice(RATE_LIMIT - 12).every((s) => s === 429)).toBe(true);
    // Another key has its own count on either instance.
    expect((await chat(a.url, CLEAN, 'rate-user', 'sk-another-key')).status).toBe(200);
  });
});
