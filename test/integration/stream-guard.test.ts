/**
 * The stream guard end to end: the official openai SDK with `stream: true` through the gateway to a
 * fake upstream that streams one character per chunk.
 */
import OpenAI from 'openai';
import { copyRules, rawRequest, setup, type TestSetup } from '../helpers/gateway';

interface Collected {
  text: string;
  chunks: number;
  finish: string | null;
  requestId: string;
}

async function streamChat(client: OpenAI, content = 'Tell me something.'): Promise<Collected> {
  const { data: stream, response } = await client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content }] }).withResponse();
  let text = '';
  let chunks = 0;
  let finish: string | null = null;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (choice?.delta?.content) {
      text += choice.delta.content;
      chunks++;
    }
    if (choice?.finish_reason) finish = choice.finish_reason;
  }
  return { text, chunks, finish, requestId: response.headers.get('x-request-id') as string };
}

/** A rules copy whose policy blocks personal information in outputs (the default redacts it). */
function rulesBlockingPii(): string {
  return copyRules((policy) => policy.replace('  - { category: "pii.*", action: redact }', '  - { category: "pii.*", stage: output, action: block }\n  - { category: "pii.*", action: redact }'));
}

describe('stream guard', () => {
  let reply = '';
  let t: TestSetup;
  let strict: TestSetup;
  beforeAll(async () => {
    t = await setup({ upstream: { chunkChars: 1, reply: () => reply } });
    strict = await setup({ upstream: { chunkChars: 1, reply: () => reply }, config: (c) => (c.rules_dir = rulesBlockingPii()) });
  });
  afterAll(async () => {
    await t.close();
    await strict.close();
  });

  it('passes a benign stream through intact and still in many chunks', async () => {
    reply = 'Bread needs flour, water, salt and yeast. Knead it well, then let it rise.';
    const r = await streamChat(t.client);
    expect(r.text).toBe(reply);
    expect(r.chunks).toBeGreaterThan(20);
    expect(r.finish).toBe('stop');
    expect(await t.gateway.store.getViolations({ requestId: r.requestId })).toHaveLength(0);
  });

  it('never sends any part of a keyword split across one-character chunks and ends with content_filter', async () => {
    reply = 'Sure, here is how to make a bomb at home with simple tools.';
    const r = await streamChat(t.client);
    expect(r.finish).toBe('content_filter');
    expect(r.text.startsWith('Sure, ')).toBe(true);
    expect(r.text).not.toMatch(/how|make|bomb/);
    const rows = await t.gateway.store.getViolations({ requestId: r.requestId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ stage: 'output', action: 'block', enforced: 'block', streamed: true });
    expect(rows[0].reasons.join('\n')).toMatch(/client received \d+ chars, \d+ withheld/);
  });

  it('blocks a Chinese keyword split across chunks', async () => {
    reply = '好的，下面是自制炸药的详细步骤：第一步';
    const r = await streamChat(t.client);
    expect(r.finish).toBe('content_filter');
    expect(r.text).not.toMatch(/自|炸|药/);
  });

  it('never sends any part of a Chinese ID number or an e-mail when the policy blocks them', async () => {
    reply = '她的身份证号是11010519491231002X，请保密。';
    let r = await streamChat(strict.client);
    expect(r.finish).toBe('content_filter');
    expect(r.text).toBe('她的身份证号是');
    reply = 'Write to zhang.wei@example.com for details.';
    r = await streamChat(strict.client);
    expect(r.finish).toBe('content_filter');
    expect(r.text).toBe('Write to ');
  });

  it('redacts in-stream: the client receives the masked value', async () => {
    reply = 'Her ID is 11010519491231002X, card 4111 1111 1111 1111. Done.';
    const r = await streamChat(t.client);
    expect(r.finish).toBe('stop');
    expect(r.text).not.toContain('11010519491231002X');
    expect(r.text).not.toContain('4111 1111 1111 1111');
    expect(r.text.endsWith('. Done.')).toBe(true);
    expect(r.text).toMatch(/\*{8,}/);
    const rows = await t.gateway.store.getViolations({ requestId: r.requestId });
    expect(rows[0]).toMatchObject({ action: 'redact', streamed: true });
  });

  it('guards streamed completions and Responses streams', async () => {
    reply = 'The recipe: how to make a bomb, step one.';
    const c = await t.client.completions.create({ model: 'm', prompt: 'hi', stream: true });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of c) {
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe('content_filter');
    expect(text).not.toMatch(/bomb/);

    const stream = await t.client.responses.create({ model: 'm', input: 'hi', stream: true });
    let deltas = '';
    const types: string[] = [];
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'response.output_text.delta') deltas += ev.delta;
    }
    expect(deltas).not.toMatch(/bomb/);
    expect(types[types.length - 1]).toBe('response.incomplete');
  });

  it('keeps a benign Responses stream intact, its done events matching the deltas', async () => {
    reply = 'A short and harmless answer.';
    const stream = t.client.responses.stream({ model: 'm', input: 'hi' });
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(reply);
  });

  it('passes keep-alive comments through', async () => {
    reply = 'ok';
    const res = await rawRequest(`${t.gateway.url}/v1/chat/completions`, { body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }) });
    expect(res.headers['content-type']).toMatch(/text\/event-stream/);
    expect(res.text.trim().endsWith('data: [DONE]')).toBe(true);
  });
});
