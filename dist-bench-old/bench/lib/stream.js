"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.measureStream = measureStream;
/**
 * Streamed (SSE) load with our own client, because autocannon does not see inside a response.
 * `connections` loops each send one streamed chat request after another over a keep-alive agent for
 * the duration, and every stream is timed with performance.now() (sub-millisecond):
 *   ttfb  request sent → response headers;
 *   ttft  request sent → first SSE frame carrying a content delta (what a user waits for);
 *   total request sent → end of the stream;
 *   gap   between consecutive SSE frames as the client receives them (holdback shows up here).
 */
const node_http_1 = __importDefault(require("node:http"));
const node_perf_hooks_1 = require("node:perf_hooks");
const load_1 = require("./load");
function oneStream(agent, url, body) {
    return new Promise((resolve, reject) => {
        const t0 = node_perf_hooks_1.performance.now();
        const req = node_http_1.default.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
            const ttfb = node_perf_hooks_1.performance.now() - t0;
            if (res.statusCode !== 200) {
                res.resume();
                return reject(new Error(`status ${res.statusCode}`));
            }
            let ttft = -1;
            let last = -1;
            let frames = 0;
            let pending = '';
            const gaps = [];
            res.setEncoding('utf8');
            res.on('data', (chunk) => {
                const now = node_perf_hooks_1.performance.now();
                pending += chunk;
                // SSE frames end with a blank line; only complete frames count as received.
                let end = pending.indexOf('\n\n');
                while (end >= 0) {
                    const frame = pending.slice(0, end);
                    pending = pending.slice(end + 2);
                    frames++;
                    if (last >= 0)
                        gaps.push(now - last);
                    last = now;
                    if (ttft < 0 && /"content":"[^"]/.test(frame))
                        ttft = now - t0;
                    end = pending.indexOf('\n\n');
                }
            });
            res.on('end', () => resolve({ ttfb, ttft: ttft < 0 ? ttfb : ttft, total: node_perf_hooks_1.performance.now() - t0, gaps, frames }));
            res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
    });
}
function dist(values) {
    if (values.length === 0)
        return { p50: 0, p99: 0, mean: 0 };
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
    return { p50: (0, load_1.round)(at(0.5), 2), p99: (0, load_1.round)(at(0.99), 2), mean: (0, load_1.round)(mean, 2) };
}
async function loop(url, body, connections, durationS) {
    const agent = new node_http_1.default.Agent({ keepAlive: true, maxSockets: connections });
    const samples = [];
    let failures = 0;
    const started = node_perf_hooks_1.performance.now();
    const deadline = started + durationS * 1000;
    const worker = async () => {
        while (node_perf_hooks_1.performance.now() < deadline) {
            try {
                samples.push(await oneStream(agent, url, body));
            }
            catch {
                failures++;
            }
        }
    };
    await Promise.all(Array.from({ length: connections }, worker));
    const elapsedS = (node_perf_hooks_1.performance.now() - started) / 1000;
    agent.destroy();
    return { samples, failures, elapsedS };
}
async function measureStream(opts) {
    if (opts.warmupS > 0)
        await loop(opts.url, opts.body, opts.connections, opts.warmupS);
    const { samples, failures, elapsedS } = await loop(opts.url, opts.body, opts.connections, opts.durationS);
    return {
        connections: opts.connections,
        durationS: (0, load_1.round)(elapsedS, 2),
        streamsPerSec: (0, load_1.round)(samples.length / elapsedS, 1),
        streams: samples.length,
        failures,
        ttfbMs: dist(samples.map((s) => s.ttfb)),
        ttftMs: dist(samples.map((s) => s.ttft)),
        totalMs: dist(samples.map((s) => s.total)),
        gapMs: dist(samples.flatMap((s) => s.gaps)),
        framesPerStream: samples.length ? (0, load_1.round)(samples.reduce((n, s) => n + s.frames, 0) / samples.length, 1) : 0,
    };
}
