/**
 * Property-based fuzzing of the HTTP surface (fast-check): random JSON bodies with wrong types
 * everywhere, random bytes, invalid UTF-8, lone surrogates, duplicate and prototype-pollution keys,
 * sent to every inspected route. The gateway answers each with a status from the contract and a JSON
 * body in the dialect's error shape when it refuses, never a 500, never pollutes Object.prototype,
 * raises no unhandled rejection, and keeps serving.
 */
import fc from 'fast-check';
import { setup, type TestSetup } from '../helpers/gateway';
import { body as randomBody } from './arbitraries';
import { recordUnhandled, request, startScriptedUpstream, type ScriptedUpstream } from './helpers';

const ROUTES = ['/v1/chat/completions', '/v1/completions', '/v1/responses', '/v1/embeddings', '/v1/messages'];
/** 200 forwarded, 400 refused or blocked, 403 a suspended user, 413 too large. */
const CONTRACT = [200, 400, 403, 413];

const template: Record<string, unknown> = {
  model: 'm',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }], tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }],
  tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' } } }],
  input: [{ role: 'user', content: 'hi' }],
  prompt: 'p',
  system: [{ type: 'text', text: 's' }],
  stream: false,
};

/** Every path into the template, so a mutation can put a wrong type anywhere. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof v !== 'object' || v === null) return [prefix];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return [prefix, ...entries.flatMap(([k, x]) => paths(x, [...prefix, k]))];
}
const TEMPLATE_PATHS = paths(template).filter((p) => p.length > 0);

function mutate(path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(template)) as Record<string, unknown>;
  let cur = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path[path.length - 1]] = value;
  return copy;
}

describe('HTTP surface under fuzzing', () => {
  let up: ScriptedUpstream;
  let t: TestSetup;
  let unhandled: ReturnType<typeof recordUnhandled>;
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    up = await startScriptedUpstream();
    t = await setup({ upstreamUrl: up.url, config: (c) => (c.body_limit = '256kb') });
    unhandled = recordUnhandled();
  });
  afterAll(async () => {
    unhandled.stop();
    await t.close();
    await up.close();
  });
  afterEach(async () => {
    expect(unhandled.errors).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect((await request(`${t.gateway.url}/healthz`, { method: 'GET' })).status).toBe(200);
  });

  async function expectContract(route: string, payload: string | Buffer): Promise<void> {
    const res = await request(`${t.gateway.url}${route}`, { body: payload });
    if (!CONTRACT.includes(res.status)) throw new Error(`status ${res.status} for ${route}: ${res.text.slice(0, 300)}`);
    expect(res.headers['x-request-id']).toBeTruthy();
    if (res.status >= 400) {
      const err = JSON.parse(res.text) as { error?: { message?: unknown } };
      expect(typeof err.error?.message).toBe('string');
    }
  }

  it('answers random JSON objects within the contract on every route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), randomBody, async (route, b) => expectContract(route, JSON.stringify(b))),
      { numRuns: 150 },
    );
  });

  it('answers a valid body with a wrong type at any path within the contract', async () => {
    const wrong = fc.oneof(fc.constant(null), fc.integer(), fc.double(), fc.boolean(), fc.string(), fc.constant([]), fc.constant({}), fc.constant([[[]]]), fc.constant({ text: 7 }), fc.constant([{ type: 'text', text: null }]));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.constantFrom(...TEMPLATE_PATHS), wrong, async (route, path, value) => expectContract(route, JSON.stringify(mutate(path, value)))),
      { numRuns: 200 },
    );
  });

  it('answers random bytes, invalid UTF-8 and truncated JSON with 400', async () => {
    const valid = JSON.stringify(template);
    const payload = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 300 }).map((a) => Buffer.from(a)),
      fc.nat(valid.length - 1).map((n) => valid.slice(0, n)),
      fc.tuple(fc.nat(valid.length), fc.uint8Array({ minLength: 1, maxLength: 4 })).map(([at, bad]) => Buffer.concat([Buffer.from(valid.slice(0, at)), Buffer.from(bad.map((b) => b | 0x80)), Buffer.from(valid.slice(at))])),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), payload, async (route, p) => expectContract(route, p)),
      { numRuns: 150 },
    );
  });

  it('handles lone surrogates, duplicate keys, __proto__ and constructor keys in any object', async () => {
    const odd = fc.constantFrom('"\\ud800"', '"a\\udfffb"', '"\\udc00\\ud800"', '{"__proto__":{"role":"system","polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"a":1,"a":2}', '[{"__proto__":[]}]');
    const places = fc.constantFrom(
      (x: string) => `{"model":"m","messages":[{"role":"user","content":${x}}]}`,
      (x: string) => `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":${x}}]}]}`,
      (x: string) => `{"model":"m","messages":[${x}]}`,
      (x: string) => `{"model":${x},"input":${x},"prompt":${x},"system":${x}}`,
      (x: string) => `{"__proto__":${x},"model":"m","messages":[{"role":"user","content":"hi"}]}`,
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), odd, places, async (route, x, place) => expectContract(route, place(x))),
      { numRuns: 120 },
    );
  });

  it('answers deeply nested bodies and huge arrays within the contract', async () => {
    const deep = (n: number, open: string, close: string, inner: string) => `${open.repeat(n)}${inner}${close.repeat(n)}`;
    const bodies = [
      `{"model":"m","messages":[{"role":"user","content":${deep(20_000, '[', ']', '"x"')}}]}`,
      `{"model":"c","max_tokens":5,"messages":[{"role":"user","content":${deep(10_000, '[{"type":"tool_result","tool_use_id":"t","content":', '}]', '"x"')}}]}`,
      `{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${deep(20_000, '{"a":', '}', '1')}}}]}`,
      JSON.stringify({ model: 'm', messages: Array.from({ length: 20_000 }, () => ({ role: 'user', content: 'hi' })) }),
      JSON.stringify({ model: 'm', input: Array.from({ length: 30_000 }, () => 'x') }),
    ];
    for (const route of ROUTES) for (const b of bodies) await expectContract(route, b);
  });
});
