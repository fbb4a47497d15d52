/**
 * Streamed (SSE) load with our own client, because autocannon does not see inside a response.
 * `connections` loops each send one streamed chat request after another over a keep-alive agent for
 * the duration, and every stream is timed with performance.now() (sub-millisecond):
 *   ttfb  request sent → response headers;
 *   ttft  request sent → first SSE frame carrying a content delta (what a user waits for);
 *   total request sent → end of the stream;
 *   gap   between consecutive SSE frames as the client receives them (holdback shows up here).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { round } from './load';

export interface Dist { p50: number; p99: number; mean: number }
export interface StreamResult {
  connections: number;
  durationS: number;
  streamsPerSec: number;
  streams: number;
  failures: number;
  ttfbMs: Dist;
  ttftMs: Dist;
  totalMs: Dist;
  gapMs: Dist;
  framesPerStream: number;
}

interface Sample { ttfb: number; ttft: number; total: number; gaps: number[]; frames: number }

function oneStream(agent: http.Agent, url: string, body: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const ttfb = performance.now() - t0;
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`status ${res.statusCode}`));
      }
      let ttft = -1;
      let last = -1;
      let frames = 0;
      let pending = '';
      const gaps: number[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const now = performance.now();
        pending += chunk;
        // SSE frames end with a blank line; only complete frames count as received.
        let end = pending.indexOf('\n\n');
        while (end >= 0) {
          const frame = pending.slice(0, end);
          pending = pending.slice(end + 2);
          frames++;
          if (last >= 0) gaps.push(now - last);
          last = now;
          if (ttft < 0 && /"content":"[^"]/.test(frame)) ttft = now - t0;
          end = pending.indexOf('\n\n');
        }
      });
      res.on('end', () => resolve({ ttfb, ttft: ttft < 0 ? ttfb : ttft, total: performance.now() - t0, gaps, frames }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function dist(values: number[]): Dist {
  if (values.length === 0) return { p50: 0, p99: 0, mean: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { p50: round(at(0.5), 2), p99: round(at(0.99), 2), mean: round(mean, 2) };
}

async function loop(url: string, body: string | (() => string), connections: number, durationS: number): Promise<{ samples: Sample[]; failures: number; elapsedS: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const samples: Sample[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + durationS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      try {
        samples.push(await oneStream(agent, url, typeof body === 'string' ? body : body()));
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();
  return { samples, failures, elapsedS };
}

export async function measureStream(opts: { url: string; body: string | (() => string); connections: number; durationS: number; warmupS: number }): Promise<StreamResult> {
  if (opts.warmupS > 0) await loop(opts.url, opts.body, opts.connections, opts.warmupS);
  const { samples, failures, elapsedS } = await loop(opts.url, opts.body, opts.connections, opts.durationS);
  return {
    connections: opts.connections,
    durationS: round(elapsedS, 2),
    streamsPerSec: round(samples.length / elapsedS, 1),
    streams: samples.length,
    failures,
    ttfbMs: dist(samples.map((s) => s.ttfb)),
    ttftMs: dist(samples.map((s) => s.ttft)),
    totalMs: dist(samples.map((s) => s.total)),
    gapMs: dist(samples.flatMap((s) => s.gaps)),
    framesPerStream: samples.length ? round(samples.reduce((n, s) => n + s.frames, 0) / samples.length, 1) : 0,
  };
}
