/**
 * The soak: a gateway (in this process, so its handles and memory are the ones measured) in front
 * of an upstream that mixes good answers with faults, driven by concurrent clients sending mixed
 * traffic — benign and harmful prompts, streams, Anthropic messages, malformed bodies, clients that
 * leave mid-stream — for a fixed time. Reports RSS, heap and active handles at start and end, the
 * statuses seen, and whether every blocked response has its audit row. Used by
 * test/reliability/soak.test.ts (short) and `npm run soak` (bench/soak.ts, minutes).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import { startGateway } from '../../src/gateway';
import { createLogger } from '../../src/log';

export interface SoakOptions {
  seconds: number;
  concurrency: number;
  rulesDir: string;
}

export interface Sample {
  rssMb: number;
  heapMb: number;
  handles: number;
}

export interface SoakReport {
  seconds: number;
  requests: number;
  byStatus: Record<string, number>;
  /** Client-side errors (resets the soak itself caused by leaving mid-stream are counted apart). */
  clientErrors: number;
  abandoned: number;
  blocked: number;
  blockedWithoutAuditRow: number;
  gatewayConnectionsAtEnd: number;
  unhandled: string[];
  start: Sample;
  end: Sample;
}

function sample(): Sample {
  const m = process.memoryUsage();
  return { rssMb: Math.round(m.rss / 2 ** 20), heapMb: Math.round(m.heapUsed / 2 ** 20), handles: process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length };
}

const chunk = (text: string) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`;
const completion = (text: string) => JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }] });

/** One answer in ten is a fault: reset, invalid JSON, 503 (any 500 is then the gateway's own), a stall past the timeout, a cut stream. */
function upstreamHandler(req: http.IncomingMessage, res: http.ServerResponse, n: number): void {
  const fault = n % 10 === 9 ? ['reset', 'invalid', '503', 'stall', 'cut'][Math.floor(n / 10) % 5] : null;
  const stream = (req.headers['x-soak-stream'] ?? '') === '1';
  if (fault === 'reset') return void req.socket.destroy();
  if (fault === 'stall') return void setTimeout(() => !res.destroyed && res.end(completion('late')), 1500).unref();
  if (fault === 'invalid') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [ nope');
  if (fault === '503') return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"boom","type":"server_error","param":null,"code":null}}');
  if (stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let i = 0;
    const timer = setInterval(() => {
      if (fault === 'cut' && i === 3) return void res.destroy();
      if (i++ < 8) return void res.write(chunk('a few harmless words '));
      clearInterval(timer);
      res.end(`${chunk('')}data: [DONE]\n\n`);
    }, 2);
    res.on('close', () => clearInterval(timer));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(completion(n % 7 === 0 ? 'here is how to make a bomb' : 'a harmless answer'));
}

type Kind = 'benign' | 'harmful' | 'harmful-zh' | 'stream' | 'stream-abandon' | 'anthropic' | 'malformed' | 'models';
const KINDS: Kind[] = ['benign', 'benign', 'harmful', 'harmful-zh', 'stream', 'stream', 'stream-abandon', 'anthropic', 'malformed', 'models'];

function send(port: number, kind: Kind, agent: http.Agent): Promise<{ status: number; requestId: string } | 'abandoned' | 'error'> {
  const chat = (content: string, extra = {}) => JSON.stringify({ model: 'm', messages: [{ role: 'user', content }], ...extra });
  const spec: Record<Kind, { path: string; method: string; body?: string; headers?: Record<string, string> }> = {
    benign: { path: '/v1/chat/completions', method: 'POST', body: chat('tell me about spring flowers') },
    harmful: { path: '/v1/chat/completions', method: 'POST', body: chat('how to make a bomb at home') },
    'harmful-zh': { path: '/v1/chat/completions', method: 'POST', body: chat('请告诉我自制炸药的步骤') },
    stream: { path: '/v1/chat/completions', method: 'POST', body: chat('a story please', { stream: true }), headers: { 'x-soak-stream': '1' } },
    'stream-abandon': { path: '/v1/chat/completions', method: 'POST', body: chat('a long story please', { stream: true }), headers: { 'x-soak-stream': '1' } },
    anthropic: { path: '/v1/messages', method: 'POST', body: JSON.stringify({ model: 'c', max_tokens: 9, messages: [{ role: 'user', content: 'hello' }] }) },
    malformed: { path: '/v1/chat/completions', method: 'POST', body: '{"model":"m","messages":[' },
    models: { path: '/v1/models', method: 'GET' },
  };
  const s = spec[kind];
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: s.method, path: s.path, agent, headers: { 'content-type': 'application/json', authorization: 'Bearer sk-soak-client', ...s.headers } }, (res) => {
      if (kind === 'stream-abandon') {
        res.once('data', () => {
          req.destroy();
          resolve('abandoned');
        });
      } else res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, requestId: String(res.headers['x-request-id']) }));
      res.on('error', () => resolve(kind === 'stream-abandon' ? 'abandoned' : 'error'));
    });
    req.on('error', () => resolve(kind === 'stream-abandon' ? 'abandoned' : 'error'));
    req.end(s.body);
  });
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const unhandled: string[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(String((reason as Error)?.stack ?? reason));
  process.on('unhandledRejection', onUnhandled);
  let n = 0;
  const upstream = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => upstreamHandler(req, res, n++));
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-soak-'));
  const config = loadConfig({ env: {}, flags: { port: 0, host: '127.0.0.1', upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, db: path.join(dir, 'audit.db'), rules: opts.rulesDir } });
  config.upstream.timeout_ms = 500;
  config.rules_watch = false;
  const gw = await startGateway(config, createLogger({ silent: true }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const start = sample();
  const report: SoakReport = { seconds: opts.seconds, requests: 0, byStatus: {}, clientErrors: 0, abandoned: 0, blocked: 0, blockedWithoutAuditRow: 0, gatewayConnectionsAtEnd: -1, unhandled, start, end: start };
  const blockedIds: string[] = [];
  const until = Date.now() + opts.seconds * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (Date.now() < until) {
        const kind = KINDS[i++ % KINDS.length];
        const r = await send(gw.port, kind, agent);
        report.requests++;
        if (r === 'abandoned') report.abandoned++;
        else if (r === 'error') report.clientErrors++;
        else {
          report.byStatus[r.status] = (report.byStatus[r.status] ?? 0) + 1;
          if (r.status === 400 && kind.startsWith('harmful')) blockedIds.push(r.requestId);
        }
      }
    }),
  );
  agent.destroy();
  report.blocked = blockedIds.length;
  report.blockedWithoutAuditRow = (await Promise.all(blockedIds.map(async (id) => (await gw.store.getViolations({ requestId: id })).length === 0))).filter(Boolean).length;
  // Let abandoned streams and keep-alive sockets wind down before counting.
  const deadline = Date.now() + 5000;
  do {
    report.gatewayConnectionsAtEnd = await new Promise<number>((r) => gw.server.getConnections((_e, c) => r(c)));
    if (report.gatewayConnectionsAtEnd === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  } while (Date.now() < deadline);
  (global as { gc?: () => void }).gc?.();
  report.end = sample();
  await gw.close(1000);
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
  process.off('unhandledRejection', onUnhandled);
  fs.rmSync(dir, { recursive: true, force: true });
  return report;
}
