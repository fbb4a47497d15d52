"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.measureLoad = measureLoad;
exports.checkOnce = checkOnce;
exports.round = round;
/**
 * Non-streamed load with autocannon's programmatic API, plus the CPU each server process spent per
 * request (sampled over IPC around the run). autocannon records latency in whole milliseconds, so
 * sub-millisecond figures come from throughput: at one connection, 1 / throughput is the mean cost.
 */
const node_http_1 = __importDefault(require("node:http"));
const autocannon_1 = __importDefault(require("autocannon"));
const fork_1 = require("./fork");
function run(url, body, connections, durationS) {
    return (0, autocannon_1.default)({
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-client-key' },
        body,
        connections,
        pipelining: 1,
        duration: durationS,
        timeout: 30,
    });
}
async function measureLoad(opts) {
    if (opts.warmupS > 0)
        await run(opts.url, opts.body, opts.connections, opts.warmupS);
    const before = await Promise.all(opts.processes.map((p) => p.stats()));
    const r = await run(opts.url, opts.body, opts.connections, opts.durationS);
    const after = await Promise.all(opts.processes.map((p) => p.stats()));
    const ok = r['2xx'];
    const cpuUsPerRequest = {};
    opts.processes.forEach((p, i) => {
        cpuUsPerRequest[p.name] = ok > 0 ? Math.round((0, fork_1.cpuDeltaUs)(before[i], after[i]) / ok) : 0;
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
    };
}
/** One request through `url`; throws unless it answers 200, so a refusal cannot be measured as speed. */
function checkOnce(url, body) {
    return new Promise((resolve, reject) => {
        const req = node_http_1.default.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
            const parts = [];
            res.on('data', (c) => parts.push(c));
            res.on('end', () => {
                if (res.statusCode === 200)
                    return resolve();
                const text = Buffer.concat(parts).toString('utf8').slice(0, 300);
                reject(new Error(`${url} answered ${res.statusCode}: ${text}`));
            });
        });
        req.on('error', reject);
        req.end(body);
    });
}
function round(n, digits) {
    const f = 10 ** digits;
    return Math.round(n * f) / f;
}
