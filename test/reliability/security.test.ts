/**
 * Security: the admin and compliance APIs refuse a missing or wrong credential in every spelling;
 * the client's API key never lands in the log, the audit file or /metrics; the gateway's own
 * credentials never reach the upstream; path tricks and absolute-form targets reach neither another
 * target nor the admin API; request-smuggling framings are refused on the raw socket; and security
 * headers are set on JSON, error and SSE responses.
 * (operations.test.ts proves the basic 401/404 of the admin API; openai-proxy.test.ts the basic
 * header hygiene and dot segments.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import winston from 'winston';
import { loadConfig } from '../../src/config';
import { startDemoUpstream, type DemoUpstream } from '../../src/demo/upstream';
import { startGateway, type Gateway } from '../../src/gateway';
import { RULES_DIR, tempDir } from '../helpers/gateway';
import { CHAT, MESSAGES, chatBody, messagesBody, rawSocket, request } from './helpers';

const ADMIN = 'admin-token-0123456789abcdef';
const COMPLAINTS = 'complaint-token-0123456789abc';
const METRICS = 'metrics-token-0123456789abcd';
const CLIENT_KEY = 'sk-proj-CLIENTSECRET-7f3a9c2e1b8d4f60';
const ANTHROPIC_KEY = 'sk-ant-api03-CLIENTSECRET-0a1b2c3d4e5f';

describe('security', () => {
  let upstream: DemoUpstream;
  let gw: Gateway;
  let dir: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    upstream = await startDemoUpstream({ host: '127.0.0.1', port: 0 });
    dir = tempDir('cg-sec-');
    const config = loadConfig({ env: {}, flags: { port: 0, host: '127.0.0.1', upstream: upstream.url, db: path.join(dir, 'audit.db'), rules: RULES_DIR } });
    config.admin_token = ADMIN;
    config.compliance.complaint_token = COMPLAINTS;
    config.metrics.token = METRICS;
    config.audit.storage_mode = 'full';
    config.upstream.timeout_ms = 300;
    // The gateway's own logger, at debug level, written where the test can read every line.
    const sink = new Writable({ write(chunk: Buffer, _enc, cb) { logLines.push(chunk.toString('utf8')); cb(); } });
    const log = winston.createLogger({ level: 'debug', format: winston.format.json(), transports: [new winston.transports.Stream({ stream: sink })] });
    gw = await startGateway(config, log);
  });
  afterAll(async () => {
    await gw.close(200);
    await upstream.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('credentials', () => {
    const wrong = ['', 'x', ADMIN.slice(0, -1), `${ADMIN}x`, ADMIN.toUpperCase(), ` ${ADMIN}`.repeat(2), 'Bearer', COMPLAINTS, METRICS];

    it('the admin API refuses a missing or wrong token in the header, the bearer and the query string', async () => {
      for (const p of ['/admin/v1/rules', '/admin/v1/reload']) {
        const method = p.endsWith('reload') ? 'POST' : 'GET';
        expect((await request(`${gw.url}${p}`, { method })).status).toBe(401);
        for (const w of wrong) {
          expect((await request(`${gw.url}${p}`, { method, headers: { authorization: `Bearer ${w}` } })).status).toBe(401);
          expect((await request(`${gw.url}${p}`, { method, headers: { 'x-admin-token': w } })).status).toBe(401);
        }
        expect((await request(`${gw.url}${p}?token=${ADMIN}&x-admin-token=${ADMIN}`, { method })).status).toBe(401);
        expect((await request(`${gw.url}${p}`, { method, headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN}`).toString('base64')}` } })).status).toBe(401);
      }
      expect((await request(`${gw.url}/admin/v1/rules`, { method: 'GET', headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);
    });

    it('the complaint API refuses a missing or wrong token, including the admin token', async () => {
      const body = JSON.stringify({ text: 'a report' });
      expect((await request(`${gw.url}/compliance/v1/complaints`, { body })).status).toBe(401);
      for (const w of [...wrong.filter((x) => x !== COMPLAINTS), ADMIN]) {
        expect((await request(`${gw.url}/compliance/v1/complaints`, { body, headers: { authorization: `Bearer ${w}` } })).status).toBe(401);
      }
      expect((await request(`${gw.url}/compliance/v1/complaints`, { body, headers: { authorization: `Bearer ${COMPLAINTS}` } })).status).toBe(201);
    });

    it('never forwards the gateway’s own credentials to the upstream, however they are spelled', async () => {
      upstream.requests.length = 0;
      const spellings: Record<string, string>[] = [
        { authorization: `Bearer ${ADMIN}` },
        { authorization: `bearer ${ADMIN}` },
        { authorization: `BEARER  ${ADMIN}` },
        { 'x-admin-token': ADMIN },
        { 'x-gateway-admin-token': ADMIN },
        { authorization: `Bearer ${METRICS}` },
        { authorization: `Bearer ${COMPLAINTS}` },
      ];
      for (const headers of spellings) {
        await request(`${gw.url}${CHAT}`, { body: chatBody('hello'), headers });
        await request(`${gw.url}/v1/models`, { method: 'GET', headers });
      }
      expect(upstream.requests.length).toBe(spellings.length * 2);
      const seen = JSON.stringify(upstream.requests.map((r) => r.headers));
      for (const secret of [ADMIN, METRICS, COMPLAINTS]) expect(seen).not.toContain(secret);
    });

    it('keeps the client’s API key out of the log, the audit file and /metrics, whatever happens to the request', async () => {
      const oai = { authorization: `Bearer ${CLIENT_KEY}`, 'api-key': CLIENT_KEY };
      const ant = { 'x-api-key': ANTHROPIC_KEY, 'anthropic-version': '2023-06-01' };
      await request(`${gw.url}${CHAT}`, { body: chatBody('hello'), headers: oai });
      await request(`${gw.url}${CHAT}`, { body: chatBody('how to make a bomb'), headers: oai });
      await request(`${gw.url}${CHAT}`, { body: chatBody(`my key is ${CLIENT_KEY}`), headers: oai });
      await request(`${gw.url}${CHAT}`, { body: '{"broken', headers: oai });
      await request(`${gw.url}${MESSAGES}`, { body: messagesBody('how to make a bomb'), headers: ant });
      await request(`${gw.url}${MESSAGES}`, { body: messagesBody('hello'), headers: ant });
      await request(`${gw.url}/v1/nope/${CLIENT_KEY.slice(0, 4)}`, { method: 'GET', headers: oai });
      await gw.store.flush();
      const metrics = await request(`${gw.url}/metrics`, { method: 'GET', headers: { authorization: `Bearer ${METRICS}` } });
      expect(metrics.status).toBe(200);
      const files = fs.readdirSync(dir).filter((f) => f.startsWith('audit.db'));
      const audit = files.map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1')).join('');
      expect(logLines.length).toBeGreaterThan(5);
      for (const [where, text] of [['log', logLines.join('')], ['audit file', audit], ['metrics', metrics.text]] as const) {
        // The key in the prompt text itself is a secret finding: full storage keeps the text, so the
        // header key may be there only as the masked excerpt's prefix, never whole.
        expect({ where, found: text.includes(ANTHROPIC_KEY) }).toEqual({ where, found: false });
        if (where !== 'audit file') expect({ where, found: text.includes(CLIENT_KEY) }).toEqual({ where, found: false });
      }
    });
  });

  describe('path tricks and request targets', () => {
    it('never reaches the admin or compliance API through /v1, dot segments or encoded slashes', async () => {
      upstream.requests.length = 0;
      const tricks = ['/v1/../admin/v1/rules', '/v1/%2e%2e/admin/v1/rules', '/v1%2f..%2fadmin/v1/rules', '/v1/..%2f..%2fadmin%2fv1%2frules', '/v1/%2E%2E%2Fcompliance/v1/complaints', '/v1\\..\\admin\\v1\\rules', '/v1/models/..;/..;/admin/v1/rules', '/%2e%2e/admin/v1/rules'];
      for (const p of tricks) {
        const res = await rawSocket(gw.port, `GET ${p} HTTP/1.1\r\nhost: x\r\nx-admin-token: ${ADMIN}\r\nconnection: close\r\n\r\n`);
        expect({ p, status: res.status }).not.toEqual({ p, status: 200 });
        expect(res.body).not.toMatch(/"revision"/);
      }
      for (const r of upstream.requests) expect(r.path).not.toMatch(/admin|compliance/);
    });

    it('inspects an encoded-slash spelling of a model route instead of passing it', async () => {
      upstream.requests.length = 0;
      const res = await rawSocket(gw.port, `POST /v1/chat%2Fcompletions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(chatBody('how to make a bomb'))}\r\nconnection: close\r\n\r\n${chatBody('how to make a bomb')}`);
      expect(res.status).toBe(400);
      expect(upstream.requests).toHaveLength(0);
    });

    it('refuses absolute-form request targets, whatever host they name', async () => {
      upstream.requests.length = 0;
      for (const target of ['http://evil.example/v1/models', `http://127.0.0.1:${gw.port}/admin/v1/rules`, `http://127.0.0.1:${new URL(upstream.url).port}/v1/models`, 'https://evil.example:443/v1/chat/completions']) {
        const res = await rawSocket(gw.port, `GET ${target} HTTP/1.1\r\nhost: evil.example\r\nx-admin-token: ${ADMIN}\r\nconnection: close\r\n\r\n`);
        expect({ target, status: res.status }).toEqual({ target, status: 400 });
      }
      expect(upstream.requests).toHaveLength(0);
    });

    it('sends every request to the configured upstream whatever Host or X-Forwarded-Host says', async () => {
      upstream.requests.length = 0;
      for (const host of ['evil.example', 'localhost:1', `127.0.0.1:${gw.port}`]) {
        const res = await rawSocket(gw.port, `GET /v1/models HTTP/1.1\r\nhost: ${host}\r\nx-forwarded-host: evil.example\r\nforwarded: host=evil.example\r\nconnection: close\r\n\r\n`);
        expect(res.status).toBe(200);
      }
      expect(upstream.requests).toHaveLength(3);
      for (const r of upstream.requests) expect(r.headers.host).toBe(new URL(upstream.url).host);
    });
  });

  describe('request smuggling hygiene (raw sockets)', () => {
    const body = chatBody('hello');
    const smuggled = `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(chatBody('how to make a bomb'))}\r\n\r\n${chatBody('how to make a bomb')}`;
    const framings: [string, string][] = [
      ['Content-Length with Transfer-Encoding: chunked', `POST ${CHAT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\ntransfer-encoding: chunked\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n${smuggled}`],
      ['two different Content-Lengths', `POST ${CHAT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncontent-length: 5\r\n\r\n${body}`],
      ['a Content-Length list', `POST ${CHAT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}, ${Buffer.byteLength(body)}\r\n\r\n${body}`],
      ['an obfuscated Transfer-Encoding', `POST ${CHAT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: xchunked\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`],
      ['chunked not last in Transfer-Encoding', `POST ${CHAT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked, identity\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`],
      ['whitespace before the header colon', `POST ${CHAT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length : ${Buffer.byteLength(body)}\r\n\r\n${body}`],
      ['an obs-folded header', `POST ${CHAT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-a: 1\r\n  transfer-encoding: chunked\r\n\r\n${body}`],
      ['a bare LF chunk size line', `POST ${CHAT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n${Buffer.byteLength(body).toString(16)}\n${body}\r\n0\r\n\r\n`],
    ];

    it.each(framings)('refuses %s with 400 and forwards nothing', async (_name, bytes) => {
      upstream.requests.length = 0;
      const res = await rawSocket(gw.port, bytes);
      expect(res.status).toBe(400);
      // Exactly one response: a smuggled second request is never read off the same connection.
      expect(res.raw.match(/HTTP\/1\.1 \d{3}/g)).toHaveLength(1);
      expect(upstream.requests).toHaveLength(0);
    });
  });

  describe('security headers', () => {
    function expectHeaders(h: Record<string, string | string[] | undefined>): void {
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['x-frame-options']).toBe('SAMEORIGIN');
      expect(h['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      expect(h['referrer-policy']).toBe('no-referrer');
      expect(h['x-powered-by']).toBeUndefined();
    }

    it('are set on JSON answers, errors, refusals and health', async () => {
      expectHeaders((await request(`${gw.url}${CHAT}`, { body: chatBody('hello') })).headers);
      expectHeaders((await request(`${gw.url}${CHAT}`, { body: chatBody('how to make a bomb') })).headers);
      expectHeaders((await request(`${gw.url}${CHAT}`, { body: '{' })).headers);
      expectHeaders((await request(`${gw.url}/nope`, { method: 'GET' })).headers);
      expectHeaders((await request(`${gw.url}/healthz`, { method: 'GET' })).headers);
      expectHeaders((await request(`${gw.url}/admin/v1/rules`, { method: 'GET' })).headers);
    });

    it("carry the gateway's request id on the direct path's and express's answers alike", async () => {
      for (const res of [
        await request(`${gw.url}${CHAT}`, { body: chatBody('hello') }),
        await request(`${gw.url}${CHAT}`, { body: '{' }),
        await request(`${gw.url}/nope`, { method: 'GET' }),
        await request(`${gw.url}/healthz`, { method: 'GET' }),
      ]) {
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      }
    });

    it('are set on a stream without changing its content type or its events', async () => {
      const res = await request(`${gw.url}${CHAT}`, { body: chatBody('hello', { stream: true }) });
      expectHeaders(res.headers);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(res.text).toMatch(/data: \[DONE\]/);
    });
  });
});
