/**
 * The stream guard's classifier lane: classifiers see windows of accumulated text, never single
 * deltas, with at most one call in flight; `hold` releases only checked text, `stream-first`
 * releases at once and stops the stream when a window fails. A fake moderation endpoint on
 * 127.0.0.1 plays the classifier, so the verdicts are deterministic.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyRules, setup, type TestSetup } from '../helpers/gateway';

interface Moderator {
  url: string;
  inputs: string[];
  maxInFlight: number;
  close(): Promise<void>;
}

/** Flags any text mentioning "forbidden ritual"; answers after a short delay. */
async function startModerator(): Promise<Moderator> {
  const m: Moderator = { url: '', inputs: [], maxInFlight: 0, close: async () => undefined };
  let inFlight = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      inFlight++;
      m.maxInFlight = Math.max(m.maxInFlight, inFlight);
      const texts = (JSON.parse(body) as { input: string[] }).input;
      m.inputs.push(...texts);
      setTimeout(() => {
        inFlight--;
        const results = texts.map((t) => ({ flagged: /forbidden ritual/.test(t), categories: {}, category_scores: { violence: /forbidden ritual/.test(t) ? 0.99 : 0.01 } }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'modr-1', model: 'fake', results }));
      }, 5);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  m.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/moderations`;
  m.close = () => new Promise((r) => server.close(() => r()));
  return m;
}

function rulesWithModerator(url: string, mode: 'hold' | 'stream-first'): string {
  return copyRules((policy) =>
    policy.replace(
      /  stream: \{ mode: [^\n]*/,
      `  stream: { mode: ${mode}, window_chars: 40, overlap_chars: 20 }\n  external:\n    - { id: fake-mod, kind: openai_moderation, url: "${url}", stages: [output], timeout_ms: 1000, concurrency: 4, on_error: fail_closed, thresholds: { flag: 0.5, block: 0.8 }, categories: { violence: A.1.f } }`,
    ),
  );
}

async function stream(t: TestSetup): Promise<{ text: string; chunks: number; finish: string | null }> {
  const s = await t.client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'tell me' }] });
  let text = '';
  let chunks = 0;
  let finish: string | null = null;
  for await (const c of s) {
    if (c.choices[0]?.delta?.content) {
      text += c.choices[0].delta.content;
      chunks++;
    }
    finish = c.choices[0]?.finish_reason ?? finish;
  }
  return { text, chunks, finish };
}

const BENIGN = 'The village held a harvest festival every autumn, with music, dancing and long tables of food for everyone who came.';
const HARMFUL = 'The village was calm and quiet that year. Then the elders began the forbidden ritual, and it went on for days.';

describe.each(['hold', 'stream-first'] as const)('classifier lane (%s)', (mode) => {
  let moderator: Moderator;
  let t: TestSetup;
  let reply = '';
  beforeAll(async () => {
    moderator = await startModerator();
    t = await setup({ upstream: { chunkChars: 1, chunkDelayMs: 1, reply: () => reply }, config: (c) => (c.rules_dir = rulesWithModerator(moderator.url, mode)) });
  });
  afterAll(async () => {
    await t.close();
    await moderator.close();
  });

  it('classifies windows, not deltas, one call at a time, and passes a benign stream in many chunks', async () => {
    reply = BENIGN;
    moderator.inputs.length = 0;
    const r = await stream(t);
    expect(r.text).toBe(BENIGN);
    expect(r.finish).toBe('stop');
    expect(r.chunks).toBeGreaterThan(2);
    expect(moderator.inputs.length).toBeGreaterThanOrEqual(2);
    expect(moderator.inputs.length).toBeLessThan(BENIGN.length / 20);
    expect(moderator.maxInFlight).toBe(1);
  });

  it('ends a stream whose window the classifier fails with content_filter', async () => {
    reply = HARMFUL;
    const r = await stream(t);
    expect(r.finish).toBe('content_filter');
    expect(r.text).not.toContain('days');
    if (mode === 'hold') expect(r.text).not.toContain('forbidden ritual');
    const rows = await t.gateway.store.getViolations({ limit: 5 });
    expect(rows[0]).toMatchObject({ stage: 'output', action: 'block', streamed: true });
    expect(rows[0].ruleIds.some((id) => id.includes('fake-mod'))).toBe(true);
  });
});
