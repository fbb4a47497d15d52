/**
 * An OpenAI-compatible model server on loopback, speaking the real OpenAI wire formats.
 *
 * Two users: the gateway starts it as the built-in demo upstream when none is configured (an echo
 * model, `demo-echo`, every reply prefixed "[demo echo] " so nobody mistakes it for a real model),
 * and integration tests start it as the fake upstream, scripting replies with `reply` and raw
 * responses or network failures with `intercept`. Plain node `http`, no framework.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { echoReply, isRecord } from './echo';
import { handleModels, postRoutes, sendJson } from './handlers';
import * as wire from './wire';

export interface UpstreamRequestLog {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw request body, as received (utf-8). */
  body: string;
}

export type InterceptResult =
  | { status: number; headers?: Record<string, string>; body: string | Buffer }
  | 'hang'
  | 'reset'
  | undefined;

export interface DemoUpstreamOptions {
  host?: string;
  /** 0 (the default) picks an ephemeral port. */
  port?: number;
  /** Decides the reply text for chat/completions/responses. Default: echo — "[demo echo] " + the last user message text. */
  reply?: (body: unknown, path: string) => string;
  /**
   * Per-request override hook for tests: return a raw response to send instead, 'hang' to never
   * answer, 'reset' to destroy the socket, or undefined for normal behaviour.
   */
  intercept?: (req: UpstreamRequestLog) => InterceptResult;
  /** SSE: characters (code points) per content delta; default 4. */
  chunkChars?: number;
  /** SSE: milliseconds between chunks; default 0. */
  chunkDelayMs?: number;
}

export interface DemoUpstream {
  /** http://127.0.0.1:PORT, without a trailing slash or /v1. */
  url: string;
  port: number;
  /** Every request received, appended before it is answered. */
  requests: UpstreamRequestLog[];
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** Sends a scripted raw response; a length is added only if the script did not frame the body itself. */
function sendRaw(res: http.ServerResponse, raw: Exclude<InterceptResult, string | undefined>): void {
  const headers = { ...(raw.headers ?? {}) };
  if (!hasHeader(headers, 'content-length') && !hasHeader(headers, 'transfer-encoding')) {
    headers['content-length'] = String(Buffer.byteLength(raw.body));
  }
  res.writeHead(raw.status, headers);
  res.end(raw.body);
}

function notFound(res: http.ServerResponse, method: string, path: string): void {
  sendJson(res, 404, wire.errorBody(`Invalid URL (${method} ${path})`, 'not_found'));
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function startDemoUpstream(opts: DemoUpstreamOptions = {}): Promise<DemoUpstream> {
  const requests: UpstreamRequestLog[] = [];
  const reply = opts.reply ?? echoReply;
  const timing = {
    chunkChars: Math.floor(positive(opts.chunkChars, 4)) || 1,
    chunkDelayMs: opts.chunkDelayMs !== undefined && opts.chunkDelayMs > 0 ? opts.chunkDelayMs : 0,
  };
  const startedAt = wire.nowSeconds();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://upstream').pathname;
    const entry: UpstreamRequestLog = { method, path, headers: req.headers, body: raw };
    // Logged before anything is sent, so a test that sees the response can also see the request.
    requests.push(entry);

    const scripted = opts.intercept?.(entry);
    if (scripted === 'hang') return; // close() destroys the socket.
    if (scripted === 'reset') return void req.socket.destroy();
    if (scripted) return sendRaw(res, scripted);

    if (method === 'GET' && handleModels(res, path, startedAt)) return;
    const route = method === 'POST' ? postRoutes[path] : undefined;
    if (!route) return notFound(res, method, path);

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    if (!isRecord(body)) {
      // OpenAI's wording for a body that is not a JSON object.
      const message = 'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)';
      return sendJson(res, 400, wire.errorBody(message, null));
    }
    const parsed = body;
    await route({ body: parsed, path, res, timing, replyText: () => reply(parsed, path) });
  }

  const server = http.createServer({ keepAlive: true }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A throwing `reply` or `intercept` is a test bug; answer like an upstream 500 so it shows.
      if (res.headersSent) return void res.destroy();
      const message = err instanceof Error ? err.message : String(err);
      sendJson(res, 500, wire.serverErrorBody(`demo upstream failed: ${message}`));
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const { port, address } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        port,
        requests,
        close: () =>
          new Promise<void>((done, fail) => {
            if (!server.listening) return done(); // a second close() is harmless
            server.close((err) => (err ? fail(err) : done()));
            // Idle keep-alive sockets and hung requests would otherwise hold the server (and jest) open.
            server.closeAllConnections();
          }),
      });
    });
  });
}
