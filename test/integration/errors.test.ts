/**
 * Bad input and upstream failures: each gets a clear error in OpenAI's shape, nothing reaches the
 * upstream that should not, and the gateway keeps serving.
 */
import net from 'node:net';
import OpenAI from 'openai';
import { copyRules, rawRequest, setup, type TestSetup } from '../helpers/gateway';

const CHAT = '/v1/chat/completions';
const benign = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hello' }] });

function expectOpenAiError(body: unknown, code: string): void {
  expect(body).toEqual({ error: { message: expect.any(String), type: expect.any(String), param: null, code } });
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('bad input', () => {
  let t: TestSetup;
  beforeAll(async () => {
    t = await setup({ config: (c) => (c.body_limit = '64kb') });
  });
  afterAll(() => t.close());

  it('answers malformed JSON with 400 invalid_json and forwards nothing', async () => {
    const res = await rawRequest(`${t.gateway.url}${CHAT}`, { body: '{"model": "m", "messages": [' });
    expect(res.status).toBe(400);
    expectOpenAiError(res.json(), 'invalid_json');
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(t.upstream.requests).toHaveLength(0);
  });

  it('answers invalid UTF-8 with 400 invalid_utf8', async () => {
    const body = Buffer.concat([Buffer.from('{"model":"m","messages":[{"role":"user","content":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}]}')]);
    const res = await rawRequest(`${t.gateway.url}${CHAT}`, { body });
    expect(res.status).toBe(400);
    expectOpenAiError(res.json(), 'invalid_utf8');
  });

  it('answers an empty body, a JSON array and a JSON string with 400 invalid_request', async () => {
    for (const body of ['', '[]', '"text"']) {
      const res = await rawRequest(`${t.gateway.url}${CHAT}`, { body });
      expect(res.status).toBe(400);
      expectOpenAiError(res.json(), 'invalid_request');
    }
  });

  it('answers a body over the limit with 413 and keeps serving', async () => {
    const huge = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(100_000) }] });
    const res = await rawRequest(`${t.gateway.url}${CHAT}`, { body: huge });
    expect(res.status).toBe(413);
    expectOpenAiError(res.json(), 'body_too_large');
    const ok = await rawRequest(`${t.gateway.url}${CHAT}`, { body: benign });
    expect(ok.status).toBe(200);
  });

  it('surfaces as the SDK errors a client already handles', async () => {
    const err = await t.client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(100_000) }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(413);
  });
});

describe('upstream failures', () => {
  it('answers an unreachable upstream with 502 upstream_unreachable and keeps serving', async () => {
    const t = await setup({ upstreamUrl: `http://127.0.0.1:${await freePort()}` });
    try {
      const res = await rawRequest(`${t.gateway.url}${CHAT}`, { body: benign });
      expect(res.status).toBe(502);
      expectOpenAiError(res.json(), 'upstream_unreachable');
      const again = await rawRequest(`${t.gateway.url}/healthz`, { method: 'GET' });
      expect(again.status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('answers an upstream that hangs with 504 upstream_timeout after the configured time', async () => {
    let hang = true;
    const t = await setup({ upstream: { intercept: () => (hang ? 'hang' : undefined) }, config: (c) => (c.upstream.timeout_ms = 300) });
    try {
      const res = await rawRequest(`${t.gateway.url}${CHAT}`, { body: benign });
      expect(res.status).toBe(504);
      expectOpenAiError(res.json(), 'upstream_timeout');
      hang = false;
      const ok = await rawRequest(`${t.gateway.url}${CHAT}`, { body: benign });
      expect(ok.status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('passes an upstream error status and body through unchanged', async () => {
    const body = '{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}';
    const t = await setup({ upstream: { intercept: () => ({ status: 429, headers: { 'content-type': 'application/json' }, body }) } });
    try {
      const res = await rawRequest(`${t.gateway.url}${CHAT}`, { body: benign });
      expect(res.status).toBe(429);
      expect(res.text).toBe(body);
    } finally {
      await t.close();
    }
  });

  it('fails closed with 502 when a 200 response is not valid JSON', async () => {
    const t = await setup({ upstream: { intercept: () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"choices": [ truncated' }) } });
    try {
      const res = await rawRequest(`${t.gateway.url}${CHAT}`, { body: benign });
      expect(res.status).toBe(502);
      expectOpenAiError(res.json(), 'upstream_error');
    } finally {
      await t.close();
    }
  });

  it('answers an upstream that resets the connection with 502', async () => {
    const t = await setup({ upstream: { intercept: () => 'reset' } });
    try {
      const res = await rawRequest(`${t.gateway.url}${CHAT}`, { body: benign });
      expect(res.status).toBe(502);
      expectOpenAiError(res.json(), 'upstream_error');
    } finally {
      await t.close();
    }
  });
});

describe('policy modes and routes', () => {
  it('denies unknown /v1 routes with 403 when configured to', async () => {
    const t = await setup({ config: (c) => (c.unknown_routes = 'deny') });
    try {
      const res = await rawRequest(`${t.gateway.url}/v1/files`, { method: 'GET' });
      expect(res.status).toBe(403);
      expectOpenAiError(res.json(), 'route_denied');
      expect(t.upstream.requests).toHaveLength(0);
      expect((await rawRequest(`${t.gateway.url}${CHAT}`, { body: benign })).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('in shadow mode forwards a harmful prompt unchanged and records that it would have blocked it', async () => {
    const rules = copyRules((policy) => policy.replace('mode: enforce', 'mode: shadow'));
    const t = await setup({ config: (c) => (c.rules_dir = rules) });
    try {
      const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'how to make a bomb' }] });
      const res = await rawRequest(`${t.gateway.url}${CHAT}`, { body });
      expect(res.status).toBe(200);
      expect(t.upstream.requests[0].body).toBe(body);
      const rows = await t.gateway.store.getViolations({ requestId: res.headers['x-request-id'] as string });
      expect(rows[0]).toMatchObject({ action: 'block', enforced: 'flag', shadow: true });
    } finally {
      await t.close();
    }
  });

  it('refuses with 503 and forwards nothing when a block cannot be recorded', async () => {
    const t = await setup();
    try {
      await t.gateway.store.close();
      const res = await rawRequest(`${t.gateway.url}${CHAT}`, { body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'how to make a bomb' }] }) });
      expect(res.status).toBe(503);
      expectOpenAiError(res.json(), 'audit_unavailable');
      expect(t.upstream.requests).toHaveLength(0);
      expect((await rawRequest(`${t.gateway.url}/readyz`, { method: 'GET' })).status).toBe(503);
    } finally {
      await t.close();
    }
  });
});
