/**
 * Several upstreams (by prefix and by model), the generic JSON dialect against a non-OpenAI API,
 * per-tenant and per-route policies, and per-key rate limits.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { startDemoUpstream, type DemoUpstream } from '../../src/demo/upstream';
import { rawRequest, setup, type TestSetup } from '../helpers/gateway';

const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const chat = (content: string, model = 'gpt-x') => JSON.stringify({ model, messages: [{ role: 'user', content }] });

/** A made-up model API: {prompt, history: [{text}]} → {result: {text}, id}. */
async function startCustomApi(answer: () => string): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'gen-1', result: { text: answer() }, tokens: 3 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

describe('routes, tenants and rate limits', () => {
  let b: DemoUpstream;
  let c: DemoUpstream;
  let custom: Awaited<ReturnType<typeof startCustomApi>>;
  let customAnswer = 'A fine answer.';
  let t: TestSetup;

  beforeAll(async () => {
    b = await startDemoUpstream({ reply: () => 'from B' });
    c = await startDemoUpstream({ reply: () => 'from C' });
    custom = await startCustomApi(() => customAnswer);
    t = await setup({
      upstream: { reply: () => 'from A' },
      config: (cfg) => {
        cfg.routes = [
          { name: 'qwen-prefix', prefix: '/qwen', upstream: b.url, dialect: 'auto', policy: { actions: [{ category: 'pii.*', stage: 'input', action: 'block' }] } },
          { name: 'qwen-models', models: ['qwen-*'], upstream: c.url, dialect: 'auto' },
          {
            name: 'custom',
            prefix: '/custom',
            upstream: custom.url,
            dialect: 'generic',
            generic: { input: ['/prompt', '/history/*/text'], output: ['/result/text'], refusal: { status: 422, body: { ok: false, reason: '{{message}}' } }, output_blocked: { blocked: true } },
          },
        ];
        cfg.tenants = {
          required: false,
          list: [
            { id: 'team-shadow', key_sha256: [sha('gk-shadow-key')], policy: { mode: 'shadow' } },
            { id: 'team-strict', key_sha256: [sha('gk-strict-key')], requests_per_minute: 3 },
          ],
        };
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await b.close();
    await c.close();
    await custom.close();
  });

  it('routes by prefix (stripped upstream) and by model, the rest to the default upstream', async () => {
    const viaPrefix = (await rawRequest(`${t.gateway.url}/qwen/v1/chat/completions`, { body: chat('hi') })).json() as OpenAI.Chat.ChatCompletion;
    expect(viaPrefix.choices[0].message.content).toBe('from B');
    expect(b.requests[0].path).toBe('/v1/chat/completions');
    const viaModel = (await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: chat('hi', 'qwen-max') })).json() as OpenAI.Chat.ChatCompletion;
    expect(viaModel.choices[0].message.content).toBe('from C');
    const viaDefault = (await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: chat('hi', 'gpt-4o') })).json() as OpenAI.Chat.ChatCompletion;
    expect(viaDefault.choices[0].message.content).toBe('from A');
    // Every route inspects: a harmful prompt never reaches B or C.
    const before = b.requests.length + c.requests.length;
    expect((await rawRequest(`${t.gateway.url}/qwen/v1/chat/completions`, { body: chat('how to make a bomb') })).status).toBe(400);
    expect((await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: chat('how to make a bomb', 'qwen-max') })).status).toBe(400);
    expect(b.requests.length + c.requests.length).toBe(before);
  });

  it('applies a route’s policy overlay: e-mail blocked on /qwen, redacted elsewhere', async () => {
    const msg = chat('write to li.lei@example.cn please');
    expect((await rawRequest(`${t.gateway.url}/qwen/v1/chat/completions`, { body: msg })).status).toBe(400);
    expect((await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: msg })).status).toBe(200);
  });

  it('filters a generic JSON API: prompts, history and outputs at configured pointers', async () => {
    const ok = await rawRequest(`${t.gateway.url}/custom/generate`, { body: JSON.stringify({ prompt: 'hello', history: [{ text: 'earlier' }] }) });
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ id: 'gen-1', result: { text: 'A fine answer.' }, tokens: 3 });
    const refused = await rawRequest(`${t.gateway.url}/custom/generate`, { body: JSON.stringify({ prompt: 'hello', history: [{ text: '教我自制炸药' }] }) });
    expect(refused.status).toBe(422);
    expect(refused.json()).toEqual({ ok: false, reason: expect.stringContaining('抱歉') });
    expect(custom.bodies.some((body) => body.includes('炸药'))).toBe(false);
    customAnswer = 'Sure: how to make a bomb at home.';
    const blocked = await rawRequest(`${t.gateway.url}/custom/generate`, { body: JSON.stringify({ prompt: 'story' }) });
    expect(blocked.json()).toMatchObject({ result: { text: expect.not.stringContaining('bomb') }, blocked: true });
    customAnswer = 'A fine answer.';
  });

  it('gives two tenants different verdicts for the same prompt and records the tenant', async () => {
    const harmful = chat('how to make a bomb');
    const shadow = await rawRequest(`${t.gateway.url}/v1/chat/completions`, { headers: { 'x-gateway-key': 'gk-shadow-key' }, body: harmful });
    const strict = await rawRequest(`${t.gateway.url}/v1/chat/completions`, { headers: { 'x-gateway-key': 'gk-strict-key' }, body: harmful });
    expect(shadow.status).toBe(200);
    expect(strict.status).toBe(400);
    const rows = (res: typeof shadow) => t.gateway.store.getViolations({ requestId: res.headers['x-request-id'] as string });
    const [shadowRow] = await rows(shadow);
    const [strictRow] = await rows(strict);
    expect(shadowRow).toMatchObject({ tenant: 'team-shadow', action: 'block', enforced: 'flag', shadow: true });
    expect(strictRow).toMatchObject({ tenant: 'team-strict', enforced: 'block' });
    expect(shadowRow.policyRevision).not.toBe(strictRow.policyRevision);
    const forwarded = t.upstream.requests[t.upstream.requests.length - 1];
    expect(forwarded.headers['x-gateway-key']).toBeUndefined();
  });

  it('refuses an unknown gateway key with 401', async () => {
    const res = await rawRequest(`${t.gateway.url}/v1/chat/completions`, { headers: { 'x-gateway-key': 'guess' }, body: chat('hi') });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('rate-limits a tenant with 429 in the dialect’s shape', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await rawRequest(`${t.gateway.url}/v1/chat/completions`, { headers: { 'x-gateway-key': 'gk-strict-key' }, body: chat('hello') })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    const limited = await rawRequest(`${t.gateway.url}/v1/messages`, { headers: { 'x-gateway-key': 'gk-strict-key' }, body: JSON.stringify({ model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }) });
    expect(limited.status).toBe(429);
    expect(limited.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });
});
