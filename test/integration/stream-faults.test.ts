/**
 * Stream guard edge cases against a scripted SSE upstream: tool-call deltas, several choices,
 * an upstream that dies mid-stream, and a client that goes away.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { setup, type TestSetup } from '../helpers/gateway';

type Script = (res: http.ServerResponse) => void;

const chunk = (choices: unknown[]) => `data: ${JSON.stringify({ id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1, model: 'm', choices })}\n\n`;
const text = (index: number, content: string) => chunk([{ index, delta: { content }, finish_reason: null }]);
const finish = (index: number, reason = 'stop') => chunk([{ index, delta: {}, finish_reason: reason }]);

describe('stream guard faults and shapes', () => {
  let script: Script = () => undefined;
  let upstreamClosed: Promise<void> = Promise.resolve();
  let server: http.Server;
  let t: TestSetup;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        let closed: () => void = () => undefined;
        upstreamClosed = new Promise((r) => (closed = r));
        res.on('close', () => closed());
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
        script(res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t = await setup({ upstreamUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    await t.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  async function collect(): Promise<{ texts: string[]; finishes: (string | null)[]; args: string }> {
    const stream = await t.client.chat.completions.create({ model: 'm', stream: true, n: 2, messages: [{ role: 'user', content: 'hi' }] });
    const texts = ['', ''];
    const finishes: (string | null)[] = [null, null];
    let args = '';
    for await (const c of stream) {
      for (const ch of c.choices) {
        texts[ch.index] += ch.delta?.content ?? '';
        for (const tc of ch.delta?.tool_calls ?? []) args += tc.function?.arguments ?? '';
        if (ch.finish_reason) finishes[ch.index] = ch.finish_reason;
      }
    }
    return { texts, finishes, args };
  }

  it('checks tool-call argument deltas like text', async () => {
    script = (res) => {
      const parts = ['{"q":"how to ', 'make a ', 'bomb"}'];
      res.write(chunk([{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'search', arguments: '' } }] }, finish_reason: null }]));
      for (const p of parts) res.write(chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: p } }] }, finish_reason: null }]));
      res.end(`${finish(0, 'tool_calls')}data: [DONE]\n\n`);
    };
    const r = await collect();
    expect(r.finishes[0]).toBe('content_filter');
    expect(r.args).not.toMatch(/how to|make|bomb/);
  });

  it('passes benign tool-call arguments intact', async () => {
    script = (res) => {
      res.write(chunk([{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '' } }] }, finish_reason: null }]));
      for (const p of ['{"city":', '"Paris"}']) res.write(chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: p } }] }, finish_reason: null }]));
      res.end(`${finish(0, 'tool_calls')}data: [DONE]\n\n`);
    };
    const r = await collect();
    expect(r.args).toBe('{"city":"Paris"}');
    expect(r.finishes[0]).toBe('tool_calls');
  });

  it('guards every choice of an n > 1 stream', async () => {
    script = (res) => {
      for (const ch of Array.from('A fine answer.')) res.write(text(0, ch));
      for (const ch of Array.from('Try how to make a bomb.')) res.write(text(1, ch));
      res.end(`${finish(0)}${finish(1)}data: [DONE]\n\n`);
    };
    const r = await collect();
    expect(r.texts[1]).not.toMatch(/how|bomb/);
    expect(r.finishes).toContain('content_filter');
  });

  it('ends the client stream with an error event when the upstream dies mid-stream, and keeps serving', async () => {
    script = (res) => {
      res.write(text(0, 'Partial answer that '));
      setTimeout(() => res.destroy(), 20);
    };
    const err = await collect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(String((err as Error).message)).toMatch(/upstream/i);
    script = (res) => res.end(`${text(0, 'ok')}${finish(0)}data: [DONE]\n\n`);
    expect((await collect()).texts[0]).toBe('ok');
  });

  it('aborts the upstream request when the client disconnects mid-stream', async () => {
    script = (res) => {
      res.write(text(0, 'Streaming forever. '));
      const timer = setInterval(() => res.write(text(0, 'more text. ')), 10);
      res.on('close', () => clearInterval(timer));
    };
    const controller = new AbortController();
    const stream = await t.client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
    let got = 0;
    try {
      for await (const c of stream) {
        got += c.choices[0]?.delta?.content?.length ?? 0;
        if (got > 30) controller.abort();
      }
    } catch {
      // the SDK may end the iteration or throw an abort error; either way the client is gone
    }
    // Resolves only when the upstream's response socket closes (the test times out otherwise).
    await upstreamClosed;
    expect(got).toBeGreaterThan(30);
  });
});
