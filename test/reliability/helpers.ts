/**
 * Shared by the reliability suites: a scripted raw upstream, connection counting, an
 * unhandled-rejection recorder, raw-socket HTTP, and a waiter. Everything on 127.0.0.1.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export const CHAT = '/v1/chat/completions';
export const MESSAGES = '/v1/messages';
export const chatBody = (content: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ model: 'm', messages: [{ role: 'user', content }], ...extra });
export const messagesBody = (content: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ model: 'claude', max_tokens: 64, messages: [{ role: 'user', content }], ...extra });

export type Script = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

export interface ScriptedUpstream {
  url: string;
  server: http.Server;
  /** The script answering the next requests; replace it per test. */
  script: Script;
  /** Requests received (method and path). */
  seen: { method: string; path: string; headers: http.IncomingHttpHeaders; body: string }[];
  /** Resolves when every response the upstream has started is closed (socket gone or ended). */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

/** An upstream whose every answer is a test's script: raw bytes, resets, hangs, endless streams. */
export async function startScriptedUpstream(): Promise<ScriptedUpstream> {
  const open = new Set<Promise<void>>();
  const up: ScriptedUpstream = {
    url: '',
    server: http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        up.seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: body.toString('utf8') });
        const closed = new Promise<void>((r) => res.on('close', () => r()));
        open.add(closed);
        void closed.then(() => open.delete(closed));
        up.script(req, res, body);
      });
    }),
    script: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] }));
    },
    seen: [],
    async allClosed() {
      await Promise.all([...open]);
    },
    async close() {
      up.server.closeAllConnections();
      await new Promise((r) => up.server.close(r));
    },
  };
  await new Promise<void>((r) => up.server.listen(0, '127.0.0.1', r));
  up.url = `http://127.0.0.1:${(up.server.address() as AddressInfo).port}`;
  return up;
}

export function connections(server: http.Server | net.Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
}

export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** No socket is left open on the server: every client connection of the test has been closed. */
export async function expectNoHungSockets(server: http.Server): Promise<void> {
  await waitFor(async () => (await connections(server)) === 0, 'the gateway to hold no client connection');
}

/** Records process-level unhandled rejections and uncaught exceptions while installed. */
export function recordUnhandled(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onRejection = (reason: unknown) => errors.push(reason);
  const onException = (err: unknown) => errors.push(err);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtExceptionMonitor', onException);
  return {
    errors,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtExceptionMonitor', onException);
    },
  };
}

export interface RawHttpResponse {
  status: number;
  head: string;
  body: string;
  raw: string;
}

/**
 * Sends bytes exactly as given on a fresh TCP connection and reads until the server closes it (or
 * `idleMs` passes with nothing new), for request-smuggling and request-target tests that node:http
 * would refuse to send.
 */
export function rawSocket(port: number, bytes: string | Buffer, idleMs = 1500): Promise<RawHttpResponse> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | null = null;
    const finish = () => {
      if (timer) clearTimeout(timer);
      sock.destroy();
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      const head = split >= 0 ? raw.slice(0, split) : raw;
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({ status: m ? Number(m[1]) : 0, head, body: split >= 0 ? raw.slice(split + 4) : '', raw });
    };
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(finish, idleMs);
    };
    sock.on('connect', () => {
      sock.write(bytes);
      arm();
    });
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      arm();
    });
    sock.on('end', finish);
    sock.on('close', finish);
    sock.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? finish() : reject(err)));
  });
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** One request with `connection: close`, so the test's client holds no keep-alive socket. */
export function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method: init.method ?? 'POST', path: u.pathname + u.search, agent: false, headers: { 'content-type': 'application/json', connection: 'close', ...init.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
