/**
 * Non-streamed load with autocannon's programmatic API, plus the CPU each server process spent per
 * request (sampled over IPC around the run). autocannon records latency in whole milliseconds, so
 * sub-millisecond figures come from throughput: at one connection, 1 / throughput is the mean cost.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { cpuDeltaUs, type ServerProcess } from './fork';
import { cpuTicks, stealPct } from './machine';

export interface LoadResult {
  connections: number;
  durationS: number;
  /** 2xx responses per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Responses per status code, so a non-2xx count says what it was (413, 502, 504 …). */
  statusCodes: Record<string, number>;
  /** CPU microseconds per request in each server process (user + system). */
  cpuUsPerRequest: Record<string, number>;
  /** Share of the machine's CPU time taken by other guests during the run (%; null off Linux, or recorded before it was). */
  stealPct?: number | null;
}

/** One body for every request, or a source that makes a new body per request. */
export type BodySource = string | (() => string);

export interface LoadOptions {
  url: string;
  body: BodySource;
  connections: number;
  durationS: number;
  warmupS: number;
  /** Processes whose CPU per request is reported. */
  processes: ServerProcess[];
  /** Request headers beyond the content type and the client's key (a peer gateway's routing headers). */
  headers?: Record<string, string>;
}

function run(url: string, body: BodySource, connections: number, durationS: number, headers: Record<string, string> = {}): Promise<autocannon.Result> {
  const next = typeof body === 'string' ? null : body;
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-client-key', ...headers },
    ...(next ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: next() }) }] } : { body: body as string }),
    connections,
    pipelining: 1,
    duration: durationS,
    timeout: 30,
  });
}

export async function measureLoad(opts: LoadOptions): Promise<LoadResult> {
  if (opts.warmupS > 0) await run(opts.url, opts.body, opts.connections, opts.warmupS, opts.headers);
  const before = await Promise.all(opts.processes.map((p) => p.stats()));
  const ticks = cpuTicks();
  const r = await run(opts.url, opts.body, opts.connections, opts.durationS, opts.headers);
  const steal = stealPct(ticks, cpuTicks());
  const after = await Promise.all(opts.processes.map((p) => p.stats()));
  const ok = r['2xx'];
  const cpuUsPerRequest: Record<string, number> = {};
  opts.processes.forEach((p, i) => {
    cpuUsPerRequest[p.name] = ok > 0 ? Math.round(cpuDeltaUs(before[i], after[i]) / ok) : 0;
  });
  return {
    connections: opts.connections,
    durationS: r.duration,
    rps: round(ok / r.duration, 1),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    meanMs: round(r.latency.mean, 2),
    requests: ok,
    non2xx: r.non2xx,
    errors: r.errors,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, v]) => [code, v.count ?? 0])),
    cpuUsPerRequest,
    stealPct: steal,
  };
}

/** One request through `url`; throws unless it answers 200, so a refusal cannot be measured as speed. */
export function checkOnce(url: string, body: string, headers: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        if (res.statusCode === 200) return resolve();
        const text = Buffer.concat(parts).toString('utf8').slice(0, 300);
        reject(new Error(`${url} answered ${res.statusCode}: ${text}`));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
