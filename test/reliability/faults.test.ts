/**
 * Fault injection with real processes on loopback: an upstream that refuses, hangs, answers 5xx,
 * answers invalid JSON, resets mid-body and mid-stream, streams forever or sends 100 MB; a client
 * that leaves mid-request and mid-stream or sends 100 MB. Each gets a clear error in the dialect's
 * shape (OpenAI and Anthropic), leaves no socket open on the gateway, raises no unhandled
 * rejection, and the gateway answers the next request normally.
 * (errors.test.ts / stream-faults.test.ts prove the OpenAI status codes; this adds the Anthropic
 * shape, socket accounting, the size faults and the client-side faults.)
 */
import http from 'node:http';
import net from 'node:net';
import { setup, type TestSetup } from '../helpers/gateway';
import {
  CHAT, MESSAGES, chatBody, closedPort, connections, expectNoHungSockets, messagesBody, recordUnhandled, request, startScriptedUpstream, waitFor, type ScriptedUpstream,
} from './helpers';

type DialectCase = { name: string; path: string; body: (s: string, extra?: Record<string, unknown>) => string; expectError: (text: string, code: string) => void };

const DIALECTS: DialectCase[] = [
  {
    name: 'openai',
    path: CHAT,
    body: chatBody,
    expectError: (text, code) => expect(JSON.parse(text)).toEqual({ error: { message: expect.any(String), type: expect.any(String), param: null, code } }),
  },
  {
    name: 'anthropic',
    path: MESSAGES,
    body: messagesBody,
    expectError: (text) => expect(JSON.parse(text)).toEqual({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } }),
  },
];

const MB = 1024 * 1024;

function okScript(_req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] }));
}

describe('upstream faults', () => {
  let up: ScriptedUpstream;
  let t: TestSetup;
  let unhandled: ReturnType<typeof recordUnhandled>;

  beforeAll(async () => {
    up = await startScriptedUpstream();
    t = await setup({ upstreamUrl: up.url, config: (c) => (c.upstream.timeout_ms = 400) });
    unhandled = recordUnhandled();
  });
  afterAll(async () => {
    unhandled.stop();
    await t.close();
    await up.close();
  });
  afterEach(async () => {
    up.script = okScript;
    await expectNoHungSockets(t.gateway.server);
    // The gateway keeps serving after the fault.
    const ok = await request(`${t.gateway.url}${CHAT}`, { body: chatBody('hello') });
    expect(ok.status).toBe(200);
    expect(unhandled.errors).toEqual([]);
  });

  describe.each(DIALECTS)('$name dialect', (d) => {
    it('answers an upstream that never answers with 504 in the dialect’s shape', async () => {
      up.script = () => undefined;
      const res = await request(`${t.gateway.url}${d.path}`, { body: d.body('hello') });
      expect(res.status).toBe(504);
      d.expectError(res.text, 'upstream_timeout');
    });

    it('answers a 2xx that is not JSON with 502 in the dialect’s shape', async () => {
      up.script = (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('<html>oops</html>');
      };
      const res = await request(`${t.gateway.url}${d.path}`, { body: d.body('hello') });
      expect(res.status).toBe(502);
      d.expectError(res.text, 'upstream_error');
    });

    it('answers an upstream that resets mid-body with 502 in the dialect’s shape', async () => {
      up.script = (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
        res.write('{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"par');
        setTimeout(() => res.socket?.destroy(), 20);
      };
      const res = await request(`${t.gateway.url}${d.path}`, { body: d.body('hello') });
      expect(res.status).toBe(502);
      d.expectError(res.text, 'upstream_error');
    });

    it('refuses a 100 MB upstream body with 502 without buffering it, and the upstream socket is closed', async () => {
      const block = Buffer.alloc(MB, 0x61);
      let sent = 0;
      up.script = (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 * MB + 2) });
        res.write('"');
        const pump = () => {
          while (sent < 100 * MB && !res.destroyed) {
            sent += MB;
            if (!res.write(block)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end('"');
        };
        pump();
      };
      const res = await request(`${t.gateway.url}${d.path}`, { body: d.body('hello') });
      expect(res.status).toBe(502);
      d.expectError(res.text, 'upstream_response_too_large');
      await up.allClosed();
      expect(sent).toBeLessThan(100 * MB);
    });

    it('passes an upstream 5xx through with its status, and keeps serving', async () => {
      up.script = (_q, res) => {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"overloaded","type":"server_error","param":null,"code":null}}');
      };
      const res = await request(`${t.gateway.url}${d.path}`, { body: d.body('hello') });
      expect(res.status).toBe(503);
      expect(JSON.parse(res.text)).toMatchObject({ error: { message: 'overloaded' } });
    });

    it('ends a stream whose upstream resets mid-stream (no hang), and tells the client', async () => {
      up.script = (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(d.name === 'openai'
          ? `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Partial answer ' }, finish_reason: null }] })}\n\n`
          : `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg', type: 'message', role: 'assistant', content: [], model: 'claude', stop_reason: null, usage: { input_tokens: 1, output_tokens: 0 } } })}\n\nevent: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\nevent: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Partial answer "}}\n\n`);
        setTimeout(() => res.socket?.destroy(), 30);
      };
      const res = await request(`${t.gateway.url}${d.path}`, { body: d.body('hello', { stream: true }) }).catch((e: Error) => ({ status: -1, text: e.message, headers: {} }));
      // Either an error event ends the stream, or the connection is cut: never a clean end.
      expect(res.text).toMatch(/error|socket hang up|aborted/i);
      expect(res.text).not.toMatch(/\[DONE\]|message_stop/);
    });

    it('stops an endless upstream stream when the client leaves mid-stream', async () => {
      up.script = (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const timer = setInterval(() => {
          res.write(d.name === 'openai'
            ? `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'more words and more words ' }, finish_reason: null }] })}\n\n`
            : ': keep-alive\n\n');
        }, 5);
        res.on('close', () => clearInterval(timer));
      };
      const got = await new Promise<number>((resolve, reject) => {
        const u = new URL(`${t.gateway.url}${d.path}`);
        const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path: u.pathname, agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => {
            n += c.length;
            if (n > 2000) {
              req.destroy();
              resolve(n);
            }
          });
        });
        req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
        req.end(d.body('hello', { stream: true }));
      });
      expect(got).toBeGreaterThan(2000);
      // Resolves only once the upstream response is closed: the gateway did not keep it running.
      await up.allClosed();
    });

    it('aborts the upstream call when the client leaves while waiting for a non-streamed answer', async () => {
      let started = false;
      up.script = (_q, res) => {
        started = true;
        setTimeout(() => !res.destroyed && res.end('{}'), 60_000).unref();
      };
      const sock = net.connect(t.gateway.port, '127.0.0.1');
      const body = d.body('hello');
      sock.write(`POST ${d.path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await waitFor(() => started, 'the request to reach the upstream');
      sock.destroy();
      await up.allClosed();
    });

    it('forwards nothing when the client leaves mid-request body', async () => {
      const before = up.seen.length;
      const sock = net.connect(t.gateway.port, '127.0.0.1');
      sock.write(`POST ${d.path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 10000\r\n\r\n{"model":"m","messages":[{"role":"user","content":"how to make a`);
      await waitFor(async () => (await connections(t.gateway.server)) === 1, 'the gateway to accept the connection');
      sock.destroy();
      await expectNoHungSockets(t.gateway.server);
      expect(up.seen.length).toBe(before);
    });

    it('answers a client that sends 100 MB with 413 and closes the connection', async () => {
      const before = up.seen.length;
      const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const u = new URL(`${t.gateway.url}${d.path}`);
        const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path: u.pathname, agent: false, headers: { 'content-type': 'application/json', 'content-length': String(100 * MB) } }, (r) => {
          let text = '';
          r.on('data', (c: Buffer) => (text += c.toString('utf8')));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, text }));
        });
        req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
        const block = Buffer.alloc(MB, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < 100 * MB && !req.destroyed) {
            sent += MB;
            if (!req.write(block)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      expect(res.status).toBe(413);
      d.expectError(res.text, 'body_too_large');
      expect(up.seen.length).toBe(before);
    });
  });
});

describe('an upstream that refuses connections', () => {
  it.each(DIALECTS)('answers 502 upstream_unreachable in the $name shape, holds no socket and keeps serving', async (d) => {
    const unhandled = recordUnhandled();
    const t = await setup({ upstreamUrl: `http://127.0.0.1:${await closedPort()}` });
    try {
      for (let i = 0; i < 20; i++) {
        const res = await request(`${t.gateway.url}${d.path}`, { body: d.body('hello') });
        expect(res.status).toBe(502);
        d.expectError(res.text, 'upstream_unreachable');
      }
      await expectNoHungSockets(t.gateway.server);
      expect((await request(`${t.gateway.url}/healthz`, { method: 'GET' })).status).toBe(200);
      expect(unhandled.errors).toEqual([]);
    } finally {
      unhandled.stop();
      await t.close();
    }
  });
});
