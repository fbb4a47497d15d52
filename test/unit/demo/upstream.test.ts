import OpenAI from 'openai';
import { DemoUpstream, DemoUpstreamOptions, startDemoUpstream } from '../../../src/demo/upstream';

const running: DemoUpstream[] = [];

async function start(opts?: DemoUpstreamOptions): Promise<{ upstream: DemoUpstream; client: OpenAI }> {
  const upstream = await startDemoUpstream(opts);
  running.push(upstream);
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: upstream.url + '/v1', maxRetries: 0 });
  return { upstream, client };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((u) => u.close()));
});

describe('demo upstream: chat completions', () => {
  it('answers a chat.completion echoing the last user message', async () => {
    const { upstream, client } = await start();
    const res = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'hello there' },
      ],
    });
    expect(upstream.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(res.object).toBe('chat.completion');
    expect(res.id).toMatch(/^chatcmpl-/);
    expect(res.model).toBe('demo-echo');
    expect(typeof res.created).toBe('number');
    expect(res.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: '[demo echo] hello there', refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ]);
    expect(res.usage?.total_tokens).toBe((res.usage?.prompt_tokens ?? 0) + (res.usage?.completion_tokens ?? 0));
  });

  it('echoes the text parts of an array content and honours n', async () => {
    const { client } = await start();
    const res = await client.chat.completions.create({
      model: 'm',
      n: 3,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image_url', image_url: { url: 'data:,' } }, { type: 'text', text: 'b' }] }],
    });
    expect(res.choices.map((c) => [c.index, c.message.content])).toEqual([
      [0, '[demo echo] ab'],
      [1, '[demo echo] ab'],
      [2, '[demo echo] ab'],
    ]);
  });

  it('streams role, one-character deltas, a stop chunk and a usage chunk', async () => {
    const { upstream, client } = await start({ chunkChars: 1 });
    const stream = await client.chat.completions.create({
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }],
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0].id)).toBe(true);
    expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant', content: '' });
    const deltas = chunks.slice(1).flatMap((c) => c.choices.map((ch) => ch.delta.content ?? '')).filter(Boolean);
    expect(deltas).toHaveLength('[demo echo] hi'.length);
    expect(deltas.join('')).toBe('[demo echo] hi');
    const stop = chunks[chunks.length - 2];
    expect(stop.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBeGreaterThan(0);

    const raw = await fetch(upstream.url + '/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(raw.headers.get('content-type')).toBe('text/event-stream');
    expect(raw.headers.get('cache-control')).toBe('no-cache');
    const text = await raw.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(text).not.toContain('"usage"'); // no include_usage, no usage field at all
  });

  it('splits streamed deltas by code point, never inside a surrogate pair', async () => {
    const { client } = await start({ chunkChars: 1, reply: () => 'a😀中' });
    const stream = await client.chat.completions.create({ model: 'm', stream: true, messages: [] });
    const deltas: string[] = [];
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) deltas.push(content);
    }
    expect(deltas).toEqual(['a', '😀', '中']);
  });
});

describe('demo upstream: completions, responses, embeddings, models', () => {
  it('answers a text_completion, streamed and not', async () => {
    const { client } = await start({ chunkChars: 2 });
    const res = await client.completions.create({ model: 'm', prompt: ['say this', 'ignored'] });
    expect(res.object).toBe('text_completion');
    expect(res.choices).toEqual([{ text: '[demo echo] say this', index: 0, logprobs: null, finish_reason: 'stop' }]);

    const stream = await client.completions.create({ model: 'm', prompt: 'abc', stream: true });
    const parts: OpenAI.Completions.Completion[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.map((p) => p.choices[0]?.text ?? '').join('')).toBe('[demo echo] abc');
    expect(parts[parts.length - 1].choices[0].finish_reason).toBe('stop');
  });

  it('answers a Responses API response whose output_text the SDK derives', async () => {
    const { client } = await start();
    const res = await client.responses.create({
      model: 'm',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'from a list' }] }],
    });
    expect(res.id).toMatch(/^resp_/);
    expect(res.object).toBe('response');
    expect(res.status).toBe('completed');
    expect(res.output).toEqual([
      {
        type: 'message', id: expect.stringMatching(/^msg_/), role: 'assistant', status: 'completed',
        content: [{ type: 'output_text', text: '[demo echo] from a list', annotations: [], logprobs: [] }],
      },
    ]);
    expect(res.output_text).toBe('[demo echo] from a list');
    expect(res.usage?.output_tokens).toBeGreaterThan(0);
  });

  it('streams Responses API events in order with sequence numbers', async () => {
    const { client } = await start({ chunkChars: 1 });
    const stream = await client.responses.create({ model: 'm', input: 'yo', stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0].type).toBe('response.created');
    expect(events[events.length - 1].type).toBe('response.completed');
    const deltas = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : []));
    expect(deltas.length).toBe('[demo echo] yo'.length);
    expect(deltas.join('')).toBe('[demo echo] yo');

    // The SDK's stream helper rebuilds the response from the events; it rejects incomplete sequences.
    const final = await client.responses.stream({ model: 'm', input: 'again' }).finalResponse();
    expect(final.output_text).toBe('[demo echo] again');
  });

  it('returns deterministic embeddings for string and array input, float or base64', async () => {
    const { client } = await start();
    const viaBase64 = await client.embeddings.create({ model: 'm', input: ['one', 'two'] });
    const viaFloat = await client.embeddings.create({ model: 'm', input: 'one', encoding_format: 'float' });
    expect(viaBase64.object).toBe('list');
    expect(viaBase64.data.map((d) => [d.object, d.index, d.embedding.length])).toEqual([
      ['embedding', 0, 8],
      ['embedding', 1, 8],
    ]);
    expect(viaBase64.data[0].embedding).toEqual(viaFloat.data[0].embedding);
    expect(viaBase64.data[0].embedding).not.toEqual(viaBase64.data[1].embedding);
    expect(viaFloat.usage.total_tokens).toBeGreaterThan(0);
  });

  it('lists demo-echo as the only model', async () => {
    const { client } = await start();
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(['demo-echo']);
    expect((await client.models.retrieve('demo-echo')).object).toBe('model');
  });
});

describe('demo upstream: errors, logging and test hooks', () => {
  it('answers unknown paths with an OpenAI 404 the SDK raises as NotFoundError', async () => {
    const { client } = await start();
    const err = await client.post('/nope', { body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).error).toMatchObject({
      type: 'invalid_request_error', param: null, code: 'not_found',
    });
  });

  it('answers malformed JSON with a 400 in the OpenAI error shape', async () => {
    const { upstream } = await start();
    const res = await fetch(upstream.url + '/v1/chat/completions', { method: 'POST', body: '{"messages":' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: unknown };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: null });
  });

  it('logs every request, with raw body and headers, before it answers', async () => {
    let seenAtIntercept = -1;
    const { upstream, client } = await start({
      intercept: () => {
        seenAtIntercept = upstream.requests.length;
        return undefined;
      },
    });
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'log me' }] });
    expect(seenAtIntercept).toBe(1);
    expect(upstream.requests).toHaveLength(1);
    const [req] = upstream.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(JSON.parse(req.body).messages[0].content).toBe('log me');
  });

  it('uses a scripted reply instead of the echo', async () => {
    const { client } = await start({ reply: (_body, path) => `scripted for ${path}` });
    const res = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(res.choices[0].message.content).toBe('scripted for /v1/chat/completions');
  });

  it('sends an intercepted raw response, which the SDK raises as InternalServerError', async () => {
    const { client } = await start({
      intercept: () => ({
        status: 500,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: { message: 'boom', type: 'server_error', param: null, code: null } }),
      }),
    });
    const err = await client.chat.completions.create({ model: 'm', messages: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
  });

  it('resets or hangs when told to, and close() still ends hung connections', async () => {
    const { upstream, client } = await start({
      intercept: (req) => (req.body.includes('reset') ? 'reset' : 'hang'),
    });
    const reset = await client.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'reset' }] })
      .catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(OpenAI.APIConnectionError);

    const hung = client.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'hang' }] })
      .catch((e: unknown) => e);
    while (upstream.requests.length < 2) await new Promise((r) => setTimeout(r, 5));
    await upstream.close();
    expect(await hung).toBeInstanceOf(OpenAI.APIConnectionError);
  });
});
