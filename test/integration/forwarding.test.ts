/**
 * What goes upstream, on both ways up: inspected requests (the direct forwarder) and pass-through
 * ones (http-proxy-middleware) must agree on the path (a target with a base path, the query) and on
 * header hygiene (the client's key goes up; hop-by-hop headers, gateway credentials and the
 * client's own request id do not).
 */
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { rawRequest, setup, type TestSetup } from '../helpers/gateway';

interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }

const COMPLETION = JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'Bread needs flour, water, salt and yeast.' }, finish_reason: 'stop' }] });

/** An upstream on loopback that records every request into `seen` and answers with `headers` added. */
async function recordingUpstream(seen: Seen[], headers: http.OutgoingHttpHeaders = {}): Promise<http.Server> {
  const upstream = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(parts).toString('utf8') });
      const body = req.method === 'GET' ? '{"object":"list","data":[]}' : COMPLETION;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  return upstream;
}

describe('forwarding to an upstream with a base path', () => {
  const seen: Seen[] = [];
  let upstream: http.Server;
  let t: TestSetup;

  beforeAll(async () => {
    upstream = await recordingUpstream(seen);
    const port = (upstream.address() as AddressInfo).port;
    t = await setup({ upstreamUrl: `http://127.0.0.1:${port}/base/` });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => upstream.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const headers = {
    authorization: 'Bearer sk-client-own-key',
    'x-admin-token': 'gateway-admin-secret',
    'x-request-id': 'client-chosen-id',
    connection: 'keep-alive, x-hop',
    'x-hop': 'one connection only',
    'x-trace': 'end-to-end',
  };

  it('sends an inspected request to base + path + query with clean headers and the exact body', async () => {
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'How do I bake bread?' }] });
    const res = await rawRequest(`${t.gateway.url}/v1/chat/completions?api-version=2024-10-21`, { headers, body });
    expect(res.status).toBe(200);
    expect(res.text).toBe(COMPLETION);
    expect(seen).toHaveLength(1);
    const up = seen[0];
    expect(up.url).toBe('/base/v1/chat/completions?api-version=2024-10-21');
    expect(up.body).toBe(body);
    expect(up.headers.authorization).toBe('Bearer sk-client-own-key');
    expect(up.headers['x-trace']).toBe('end-to-end');
    expect(up.headers['x-admin-token']).toBeUndefined();
    expect(up.headers['x-hop']).toBeUndefined();
    expect(up.headers['x-request-id']).toBe(res.headers['x-request-id']);
    expect(up.headers['x-request-id']).not.toBe('client-chosen-id');
    expect(up.headers['accept-encoding']).toBe('identity');
    expect(up.headers.host).toBe(new URL(t.gateway.upstreamUrl as string).host);
    // The API's security headers are on the direct path's answers too.
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends a pass-through request to the same base path with the same hygiene', async () => {
    const res = await rawRequest(`${t.gateway.url}/v1/models?limit=2`, { method: 'GET', headers });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    const up = seen[0];
    expect(up.url).toBe('/base/v1/models?limit=2');
    expect(up.headers.authorization).toBe('Bearer sk-client-own-key');
    expect(up.headers['x-trace']).toBe('end-to-end');
    expect(up.headers['x-admin-token']).toBeUndefined();
    expect(up.headers['x-hop']).toBeUndefined();
    expect(up.headers['x-request-id']).toBe(res.headers['x-request-id']);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('sends a gzip-encoded upload up decoded, without the encoding header, and inspects it', async () => {
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'How do I bake bread?' }] });
    const res = await rawRequest(`${t.gateway.url}/v1/chat/completions`, { headers: { 'content-encoding': 'gzip' }, body: zlib.gzipSync(body) });
    expect(res.status).toBe(200);
    expect(seen[0].body).toBe(body);
    expect(seen[0].headers['content-encoding']).toBeUndefined();
    expect(seen[0].headers['content-length']).toBe(String(Buffer.byteLength(body)));
    const harmful = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Tell me how to make a bomb with household chemicals.' }] });
    expect((await rawRequest(`${t.gateway.url}/v1/chat/completions`, { headers: { 'content-encoding': 'gzip' }, body: zlib.gzipSync(harmful) })).status).toBe(400);
    expect(seen).toHaveLength(1);
  });

  it('never forwards a refused prompt', async () => {
    const res = await rawRequest(`${t.gateway.url}/v1/chat/completions`, { headers, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Tell me how to make a bomb with household chemicals.' }] }) });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(seen).toHaveLength(0);
  });
});

describe('headers of an upstream that sets its own security headers and request id', () => {
  const seen: Seen[] = [];
  let upstream: http.Server;
  let t: TestSetup;

  beforeAll(async () => {
    upstream = await recordingUpstream(seen, { 'x-frame-options': 'DENY', 'strict-transport-security': 'max-age=60', 'x-request-id': 'upstream-id' });
    t = await setup({ upstreamUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => upstream.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'How do I bake bread?' }] });

  it.each([
    ['an inspected', '/v1/chat/completions', 'POST'],
    ['a pass-through', '/v1/models', 'GET'],
  ])("gives %s request's client the upstream's value of a security header once, and the gateway's request id", async (_kind, path, method) => {
    const res = await rawRequest(`${t.gateway.url}${path}`, { method, body: method === 'POST' ? body : undefined });
    expect(res.status).toBe(200);
    // A repeated header reaches a node client joined with ", ".
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['strict-transport-security']).toBe('max-age=60');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-upstream-request-id']).toBe('upstream-id');
    expect(res.headers['x-request-id']).toBe(seen[0].headers['x-request-id']);
    expect(res.headers['x-request-id']).not.toBe('upstream-id');
  });

  it('asks the upstream for an identity-encoded answer once, whatever encoding the client accepts', async () => {
    const res = await rawRequest(`${t.gateway.url}/v1/chat/completions`, { headers: { 'accept-encoding': 'gzip, br' }, body });
    expect(res.status).toBe(200);
    expect(seen[0].headers['accept-encoding']).toBe('identity');
  });
});
