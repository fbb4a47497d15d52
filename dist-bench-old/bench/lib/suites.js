"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkTargets = checkTargets;
exports.nonStreamed = nonStreamed;
exports.streamed = streamed;
exports.keywordScaling = keywordScaling;
exports.summarizeMemory = summarizeMemory;
exports.memoryRun = memoryRun;
/**
 * The measured sections. Within each cell the three targets run back to back (direct, bare proxy,
 * gateway), so a noisy neighbour shifts all three alike and the ratios stay meaningful.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_os_1 = __importDefault(require("node:os"));
const node_path_1 = __importDefault(require("node:path"));
const fork_1 = require("./fork");
const keywords_1 = require("./keywords");
const load_1 = require("./load");
const prompts_1 = require("./prompts");
const stream_1 = require("./stream");
const littleMs = (r) => (r.rps > 0 ? (r.connections / r.rps) * 1000 : 0);
function mustBeClean(name, r) {
    if (r.non2xx > 0 || r.errors > 0)
        process.stderr.write(`  ! ${name}: ${r.non2xx} non-2xx ${JSON.stringify(r.statusCodes)}, ${r.errors} errors\n`);
}
async function checkTargets(servers, sizes) {
    for (const size of sizes) {
        for (const s of [servers.upstream, servers.bare, servers.gateway])
            await (0, load_1.checkOnce)(`${s.url}/v1/chat/completions`, (0, prompts_1.chatBody)(size, false));
    }
}
async function nonStreamed(servers, sizes, conns, t) {
    const cells = [];
    const all = [servers.upstream, servers.bare, servers.gateway];
    for (const size of sizes) {
        const body = (0, prompts_1.chatBody)(size, false);
        for (const connections of conns) {
            const load = (s) => (0, load_1.measureLoad)({ url: `${s.url}/v1/chat/completions`, body, connections, ...t, processes: all });
            const direct = await load(servers.upstream);
            const bare = await load(servers.bare);
            const gateway = await load(servers.gateway);
            for (const [n, r] of [['direct', direct], ['bare', bare], ['gateway', gateway]])
                mustBeClean(n, r);
            const mean = { direct: (0, load_1.round)(littleMs(direct), 3), bare: (0, load_1.round)(littleMs(bare), 3), gateway: (0, load_1.round)(littleMs(gateway), 3) };
            cells.push({
                promptBytes: size, connections, direct, bare, gateway, meanLatencyMs: mean,
                gatewayOverDirectMs: (0, load_1.round)(mean.gateway - mean.direct, 3),
                bareOverDirectMs: (0, load_1.round)(mean.bare - mean.direct, 3),
                gatewayOverBareMs: (0, load_1.round)(mean.gateway - mean.bare, 3),
                gatewayToBare: (0, load_1.round)(gateway.rps / Math.max(bare.rps, 1e-9), 3),
                loadAvg1m: (0, load_1.round)(node_os_1.default.loadavg()[0], 2),
            });
            process.stdout.write(`  ${size} B × ${connections} conn: direct ${direct.rps} rps, bare ${bare.rps}, gateway ${gateway.rps} (${Math.round(cells[cells.length - 1].gatewayToBare * 100)}% of bare)\n`);
        }
    }
    return cells;
}
async function streamed(servers, size, conns, t) {
    const body = (0, prompts_1.chatBody)(size, true);
    const cells = [];
    for (const connections of conns) {
        const run = (s) => (0, stream_1.measureStream)({ url: `${s.url}/v1/chat/completions`, body, connections, ...t });
        const cell = { connections, direct: await run(servers.upstream), bare: await run(servers.bare), gateway: await run(servers.gateway) };
        cells.push(cell);
        process.stdout.write(`  stream × ${connections}: TTFT p50 direct ${cell.direct.ttftMs.p50} ms, bare ${cell.bare.ttftMs.p50}, gateway ${cell.gateway.ttftMs.p50}; failures ${cell.gateway.failures}\n`);
    }
    return cells;
}
/** Gateways loaded with the default rules plus `extra` synthetic entries, each against the bare proxy. */
async function keywordScaling(servers, rulesDir, dbDir, extras, sizes, connections, t) {
    const runs = [];
    for (const extra of extras) {
        const rules = (0, keywords_1.rulesWithExtraKeywords)(rulesDir, extra);
        const gw = await (0, fork_1.startServer)(`gateway+${extra}`, 'gateway', ['--upstream', servers.upstream.url, '--db', node_path_1.default.join(dbDir, `kw-${extra}.db`), '--rules', rules]);
        try {
            const rss = (await gw.stats()).rss;
            const bySize = [];
            for (const size of sizes) {
                const body = (0, prompts_1.chatBody)(size, false);
                await (0, load_1.checkOnce)(`${gw.url}/v1/chat/completions`, body);
                const load = (s) => (0, load_1.measureLoad)({ url: `${s.url}/v1/chat/completions`, body, connections, ...t, processes: [s, servers.upstream] });
                const bare = await load(servers.bare);
                const gateway = await load(gw);
                mustBeClean(`gateway+${extra}`, gateway);
                bySize.push({ promptBytes: size, connections, gateway, bare, gatewayToBare: (0, load_1.round)(gateway.rps / Math.max(bare.rps, 1e-9), 3) });
                process.stdout.write(`  +${extra} keywords, ${size} B: gateway ${gateway.rps} rps, ${gateway.cpuUsPerRequest[gw.name]} µs CPU/request\n`);
            }
            runs.push({ extraKeywords: extra, startupMs: gw.startupMs, rssAfterStartMB: (0, load_1.round)(rss / 2 ** 20, 1), bySize });
        }
        finally {
            await gw.stop();
            node_fs_1.default.rmSync(rules, { recursive: true, force: true });
        }
    }
    return runs;
}
/** Judges flatness on half-run means after a tenth of the run (buffers, JIT and sockets grow first). */
function summarizeMemory(m) {
    const warm = m.rssMB.filter((s) => s.atS >= m.durationS / 10);
    const mid = m.durationS / 2 + m.durationS / 20;
    const mean = (xs) => (xs.length ? xs.reduce((t, s) => t + s.rss, 0) / xs.length : 0);
    const first = mean(warm.filter((s) => s.atS < mid));
    const second = mean(warm.filter((s) => s.atS >= mid));
    return {
        ...m, rssIdleMB: m.rssMB[0].rss, rssStartMB: (warm[0] ?? m.rssMB[0]).rss, rssEndMB: m.rssMB[m.rssMB.length - 1].rss,
        firstHalfMeanMB: (0, load_1.round)(first, 1), secondHalfMeanMB: (0, load_1.round)(second, 1), growthPct: (0, load_1.round)(((second - first) / Math.max(first, 1e-9)) * 100, 1),
    };
}
/** One long run against the gateway, sampling its RSS, to see whether memory stays flat. */
async function memoryRun(servers, size, connections, durationS, sampleEveryS) {
    const samples = [];
    const t0 = Date.now();
    const sample = async () => samples.push({ atS: Math.round((Date.now() - t0) / 1000), rss: (0, load_1.round)((await servers.gateway.stats()).rss / 2 ** 20, 1) });
    await sample();
    const timer = setInterval(() => void sample(), sampleEveryS * 1000);
    const r = await (0, load_1.measureLoad)({ url: `${servers.gateway.url}/v1/chat/completions`, body: (0, prompts_1.chatBody)(size, false), connections, durationS, warmupS: 0, processes: [servers.gateway] });
    clearInterval(timer);
    await sample();
    mustBeClean('gateway (memory run)', r);
    return summarizeMemory({ durationS, connections, promptBytes: size, rps: r.rps, rssMB: samples });
}
