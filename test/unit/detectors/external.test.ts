/**
 * External classifiers against fake endpoints on 127.0.0.1 that speak the OpenAI moderation and
 * chat-completions formats, including slow answers, 5xx and malformed bodies.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifiersSchema, type ExternalSettings } from '../../../src/classifier/settings';
import { parseJudgeVerdict } from '../../../src/classifier/external-formats';
import { createExternalDetector } from '../../../src/detectors/external';
import { decide } from '../../../src/policy/decide';
import { createEngine } from '../../../src/policy/engine';
import { loadRuleSet } from '../../../src/policy/rules';
import { makePolicy } from '../../helpers/factories';
import { RULES_DIR } from '../../helpers/gateway';

type Handler = (body: Record<string, unknown>, res: http.ServerResponse) => void;

interface Fake {
  url: string;
  requests: Record<string, unknown>[];
  maxInFlight: number;
  close(): Promise<void>;
}

async function fakeServer(handler: Handler): Promise<Fake> {
  const requests: Record<string, unknown>[] = [];
  let inFlight = 0;
  const fake = { url: '', requests, maxInFlight: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      inFlight++;
      fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      const body = JSON.parse(data) as Record<string, unknown>;
      requests.push({ ...body, authorization: req.headers.authorization });
      handler(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/moderations`;
  fake.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return fake;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function settings(overrides: Partial<ExternalSettings> & { url: string }): ExternalSettings {
  const parsed = classifiersSchema.parse({ external: [{ id: 'mod', kind: 'openai_moderation', timeout_ms: 10_000, categories: { violence: 'A.1.f', 'self-harm': 'A.4.a' }, ...overrides }] });
  return parsed.external[0];
}

const signal = new AbortController().signal;
const segments = [{ path: 'messages[0].content', text: 'first' }, { path: 'messages[1].content', text: 'second' }];
let fake: Fake | undefined;
afterEach(async () => fake?.close());

describe('openai_moderation', () => {
  it('sends all segments in one request and maps category scores to taxonomy codes and severities', async () => {
    fake = await fakeServer((body, res) =>
      json(res, 200, {
        results: (body.input as string[]).map((t) => ({ flagged: true, categories: {}, category_scores: t === 'first' ? { violence: 0.93, sexual: 0.99 } : { 'self-harm': 0.6 } })),
      }),
    );
    const d = createExternalDetector({ settings: settings({ url: fake.url, api_key_env: 'MOD_KEY' }), env: { MOD_KEY: 'sk-test' } });
    const findings = await d.detect(segments, signal);
    expect(findings).toEqual([
      { detector: 'mod', ruleId: 'ext:mod:violence', category: 'A.1.f', severity: 'high', score: 0.93, segment: 0, excerpt: 'violence 0.93' },
      { detector: 'mod', ruleId: 'ext:mod:self-harm', category: 'A.4.a', severity: 'medium', score: 0.6, segment: 1, excerpt: 'self-harm 0.60' },
    ]);
    expect(fake.requests).toEqual([{ input: ['first', 'second'], authorization: 'Bearer sk-test' }]);
  });

  it('fails with the status on a 5xx, and the failure mode comes from the detector', async () => {
    fake = await fakeServer((_, res) => json(res, 503, { error: 'down' }));
    const d = createExternalDetector({ settings: settings({ url: fake.url, on_error: 'fail_closed' }) });
    await expect(d.detect(segments, signal)).rejects.toThrow('mod: HTTP 503');
    expect(d.onError).toBe('fail_closed');
  });

  it('times out on its own deadline', async () => {
    fake = await fakeServer((body, res) => setTimeout(() => json(res, 200, { results: [] }), 500));
    const d = createExternalDetector({ settings: settings({ url: fake.url, timeout_ms: 50 }) });
    await expect(d.detect(segments, signal)).rejects.toThrow('mod timed out after 50 ms');
  });

  it('treats a malformed answer as an error, never as safe', async () => {
    fake = await fakeServer((_, res) => json(res, 200, { results: [{ nothing: true }] }));
    const d = createExternalDetector({ settings: settings({ url: fake.url }) });
    await expect(d.detect(segments, signal)).rejects.toThrow(/moderation answer/);
  });
});

describe('llm_judge', () => {
  it('asks once per segment with a Llama Guard prompt and maps the violated codes', async () => {
    fake = await fakeServer((body, res) => {
      const prompt = (body.messages as { content: string }[])[0].content;
      json(res, 200, { choices: [{ message: { role: 'assistant', content: prompt.includes('Agent: second') ? 'unsafe\nS9,S1' : 'safe' } }] });
    });
    const d = createExternalDetector({ settings: settings({ url: fake.url, kind: 'llm_judge', model: 'llama-guard3', categories: { S1: 'A.1.f', S9: 'A.1.f' } }) });
    const findings = await d.detect([segments[0], { ...segments[1], role: 'assistant' }], signal);
    expect(findings).toMatchObject([{ category: 'A.1.f', severity: 'high', segment: 1 }]);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]).toMatchObject({ model: 'llama-guard3', temperature: 0 });
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    fake = await fakeServer((_, res) => setTimeout(() => json(res, 200, { choices: [{ message: { content: 'safe' } }] }), 20));
    const d = createExternalDetector({ settings: settings({ url: fake.url, kind: 'llm_judge', concurrency: 2, categories: {} }) });
    const many = Array.from({ length: 6 }, (_, i) => ({ path: `p${i}`, text: `t${i}` }));
    expect(await d.detect(many, signal)).toEqual([]);
    expect(fake.requests).toHaveLength(6);
    expect(fake.maxInFlight).toBe(2);
  });

  it.each([
    ['safe', {}],
    ['unsafe\nS1, s10', { S1: 1, S10: 1 }],
    ['unsafe', { unsafe: 1 }],
  ])('parses %j', (content, scores) => {
    expect(parseJudgeVerdict(content)).toEqual(scores);
  });

  it('rejects an answer that is neither safe nor unsafe', () => {
    expect(() => parseJudgeVerdict('I cannot help with that')).toThrow(/neither/);
  });
});

describe('failure modes in the verdict', () => {
  it.each([
    ['fail_open', 'flag'],
    ['fail_closed', 'block'],
  ] as const)('an external error with %s gives %s, whatever the policy default', (onError, action) => {
    const policy = makePolicy({ onDetectorError: onError === 'fail_open' ? 'fail_closed' : 'fail_open' });
    const v = decide({ policy, policyRevision: 'r', stage: 'input', segments, findings: [], errors: [{ detector: 'external:mod', message: 'HTTP 503', onError }] });
    expect(v.action).toBe(action);
    expect(v.reasons[0]).toContain(`on_detector_error ${onError}`);
  });
});

describe('resent chat turns', () => {
  const ruleSet = loadRuleSet(RULES_DIR);
  const turn = (n: number) => `Turn ${n}: we compared tomato varieties and planned the watering rota for the school garden. `.repeat(4);
  const chat = (turns: number, lastRole = 'user') => Array.from({ length: turns }, (_, i) => ({ path: `messages[${i}].content`, role: i === turns - 1 ? lastRole : i % 2 ? 'assistant' : 'user', text: turn(i) }));
  const moderation = () => fakeServer((body, res) => json(res, 200, { results: (body.input as string[]).map(() => ({ category_scores: { violence: 0.1 } })) }));
  const sent = (f: Fake) => f.requests.flatMap((r) => r.input as string[]);

  it('judges each segment once per role in a scope: resent turns reuse the findings', async () => {
    fake = await moderation();
    const engine = createEngine(ruleSet, { extra: [createExternalDetector({ settings: settings({ url: fake.url }) })], resentCache: { maxEntries: 100 } });
    await engine.inspect(chat(1), 'input', { scope: 'key:a' });
    await engine.inspect(chat(3), 'input', { scope: 'key:a' });
    expect(sent(fake)).toEqual([turn(0), turn(1), turn(2)]);
    // The same text as another role, or in another scope, is judged again.
    await engine.inspect(chat(3, 'system'), 'input', { scope: 'key:a' });
    await engine.inspect(chat(1), 'input', { scope: 'key:b' });
    expect(sent(fake).slice(3)).toEqual([turn(2), turn(0)]);
  });

  it('sends every segment on every turn with reuse_resent off', async () => {
    fake = await moderation();
    const engine = createEngine(ruleSet, { extra: [createExternalDetector({ settings: settings({ url: fake.url, reuse_resent: false }) })], resentCache: { maxEntries: 100 } });
    await engine.inspect(chat(1), 'input', { scope: 'key:a' });
    await engine.inspect(chat(2), 'input', { scope: 'key:a' });
    expect(sent(fake)).toEqual([turn(0), turn(0), turn(1)]);
  });
});
