"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
/**
 * `npm run bench [-- --quick]`: the gateway against its peers and its limits, in one run.
 * Starts a fake OpenAI upstream, a bare http-proxy-middleware proxy and the gateway, each in its own
 * process, drives them from this process (autocannon, and our own client for streams), then writes
 * bench/results/<date>.json, bench/results/latest.md and (full mode) docs/bench/*.svg.
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_os_1 = __importDefault(require("node:os"));
const node_path_1 = __importDefault(require("node:path"));
const audit_1 = require("./lib/audit");
const charts_1 = require("./lib/charts");
const engine_section_1 = require("./lib/engine-section");
const fork_1 = require("./lib/fork");
const load_1 = require("./lib/load");
const machine_1 = require("./lib/machine");
const prompts_1 = require("./lib/prompts");
const report_1 = require("./lib/report");
const results_1 = require("./lib/results");
const suites = __importStar(require("./lib/suites"));
const REPO = node_path_1.default.resolve(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
/** `--cpu-prof DIR`: the gateway process writes a V8 CPU profile there (open it in Chrome DevTools). */
function cpuProfArg() {
    const i = process.argv.indexOf('--cpu-prof');
    if (i < 0)
        return null;
    const dir = process.argv[i + 1];
    return node_path_1.default.resolve(dir && !dir.startsWith('--') ? dir : node_path_1.default.join(node_os_1.default.tmpdir(), 'cg-bench-profiles'));
}
const cpuProfDir = cpuProfArg();
const PLAN = quick
    ? { sizes: [2000], conns: [1, 32], timing: { durationS: 2, warmupS: 0.5 }, streamConns: [8], streamTiming: { durationS: 2, warmupS: 0.5 },
        keywordExtras: [], memoryS: 0, auditS: 0.5, initialWarmupS: 2 }
    : { sizes: [200, 2000, 20000], conns: [1, 8, 32, 128], timing: { durationS: 8, warmupS: 2 }, streamConns: [1, 8, 32, 128], streamTiming: { durationS: 8, warmupS: 1 },
        keywordExtras: [0, 10_000, 50_000], memoryS: 300, auditS: 3, initialWarmupS: 5 };
const STREAM = { chunks: 16, delayMs: 5 };
const mb = (bytes) => (0, load_1.round)(bytes / 2 ** 20, 1);
async function upstreamContrast(lean) {
    const demo = await (0, fork_1.startServer)('demo-upstream', 'upstream', ['--kind', 'demo']);
    try {
        const body = (0, prompts_1.chatBody)(2000, false);
        const t = { connections: 32, durationS: 4, warmupS: 1 };
        const leanR = await (0, load_1.measureLoad)({ url: `${lean.url}/v1/chat/completions`, body, ...t, processes: [lean] });
        const demoR = await (0, load_1.measureLoad)({ url: `${demo.url}/v1/chat/completions`, body, ...t, processes: [demo] });
        return { promptBytes: 2000, connections: 32, leanRps: leanR.rps, demoRps: demoR.rps };
    }
    finally {
        await demo.stop();
    }
}
async function main() {
    const started = Date.now();
    const date = new Date().toISOString().slice(0, 10);
    const machine = (0, machine_1.machineInfo)();
    const tmp = node_fs_1.default.mkdtempSync(node_path_1.default.join(node_os_1.default.tmpdir(), 'cg-bench-'));
    const rulesDir = node_path_1.default.join(REPO, 'rules');
    process.stdout.write(`bench (${quick ? 'quick' : 'full'}): ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAvg.join(' ')}\n`);
    const upstream = await (0, fork_1.startServer)('upstream', 'upstream', ['--chunks', String(STREAM.chunks), '--chunk-delay-ms', String(STREAM.delayMs)]);
    const bare = await (0, fork_1.startServer)('bare', 'bare-proxy', ['--upstream', upstream.url]);
    const gateway = await (0, fork_1.startServer)('gateway', 'gateway', ['--upstream', upstream.url, '--db', node_path_1.default.join(tmp, 'gateway.db'), '--rules', rulesDir], cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []);
    const servers = { upstream, bare, gateway };
    const startStats = await Promise.all([upstream, bare, gateway].map((s) => s.stats()));
    try {
        await suites.checkTargets(servers, PLAN.sizes);
        // JIT and socket pools warm once up front, so the first cell (1 connection) is not the one paying.
        for (const s of [bare, gateway]) {
            await (0, load_1.measureLoad)({ url: `${s.url}/v1/chat/completions`, body: (0, prompts_1.chatBody)(2000, false), connections: 8, durationS: PLAN.initialWarmupS, warmupS: 0, processes: [] });
        }
        const contrast = quick ? null : await upstreamContrast(upstream);
        process.stdout.write('non-streamed:\n');
        const nonStreamed = await suites.nonStreamed(servers, PLAN.sizes, PLAN.conns, PLAN.timing);
        process.stdout.write('streamed:\n');
        let streamed = { promptBytes: 2000, cells: [] };
        try {
            streamed.cells = await suites.streamed(servers, 2000, PLAN.streamConns, PLAN.streamTiming);
        }
        catch (err) {
            streamed = { ...streamed, error: err instanceof Error ? err.message : String(err) };
        }
        const keywords = PLAN.keywordExtras.length ? (process.stdout.write('keyword count:\n'), await suites.keywordScaling(servers, rulesDir, tmp, PLAN.keywordExtras, PLAN.sizes, 32, PLAN.timing)) : [];
        const memory = PLAN.memoryS ? (process.stdout.write(`memory (${PLAN.memoryS} s):\n`), await suites.memoryRun(servers, 2000, 32, PLAN.memoryS, 15)) : null;
        const endStats = await Promise.all([upstream, bare, gateway].map((s) => s.stats()));
        const serverInfo = [upstream, bare, gateway].map((s, i) => ({
            name: s.name, role: ['lean fake OpenAI upstream', 'express + http-proxy-middleware, keep-alive agent', 'startGateway, default rules/policy'][i],
            startupMs: s.startupMs, rssStartMB: mb(startStats[i].rss), rssEndMB: mb(endStats[i].rss),
        }));
        await Promise.all([upstream, bare, gateway].map((s) => s.stop()));
        process.stdout.write('audit writes:\n');
        const audit = (0, audit_1.measureAudit)({ durationS: PLAN.auditS, batchSize: 500 });
        process.stdout.write(`  ${audit.violationsPerSec} violations/s, ${audit.requestRowsPerSec} request rows/s\n`);
        process.stdout.write('detection engine:\n');
        const engineStarted = Date.now();
        const engine = await (0, engine_section_1.engineSection)(REPO, quick);
        process.stdout.write(`  ${Math.round((Date.now() - engineStarted) / 1000)} s, ${engine.status}${engine.status === 'absent' ? `: ${engine.note}` : ` via ${engine.via}`}\n`);
        const partial = {
            date, mode: quick ? 'quick' : 'full', command: `npm run bench${quick ? ' -- --quick' : ''}`, elapsedS: Math.round((Date.now() - started) / 1000),
            machine, loadAvgEnd: (0, machine_1.machineInfo)().loadAvg,
            setup: {
                notes: [
                    `${machine.cores} cores shared by four processes: this runner (autocannon / stream client, one event loop), the fake upstream, the bare proxy and the gateway (each forked, idle when not under test). The load generator competes with the server for CPU, so absolute figures understate a dedicated box; ratios taken in the same minute are what to compare.`,
                    'Fake upstream: a lean raw node:http server (bench/servers/upstream.ts) answering a fixed ~330-byte chat.completion without parsing JSON. src/demo/upstream.ts parses every body and echoes the prompt back, which costs CPU on the shared cores and makes output size follow prompt size; see "Which fake upstream".',
                    'Bare proxy: express 5 + http-proxy-middleware 3, keep-alive agent (maxSockets 256), no body parsing — the floor for our design.',
                    'Gateway: startGateway(loadConfig({flags})) with the default rules and policy, a silent logger and its own SQLite audit file (WAL, synchronous=FULL, request metadata batched every 250 ms).',
                    `After a ${PLAN.initialWarmupS} s warm-up of the bare proxy and the gateway, each cell runs direct, bare, gateway back to back: ${PLAN.timing.warmupS} s warm-up + ${PLAN.timing.durationS} s measured (autocannon 8, pipelining 1). Prompts are benign mixed English/Chinese; one request per target is checked to answer 200 first.`,
                ],
                durationS: PLAN.timing.durationS, warmupS: PLAN.timing.warmupS, streamChunks: STREAM.chunks, streamChunkDelayMs: STREAM.delayMs,
            },
            servers: serverInfo, upstreamContrast: contrast, nonStreamed, streamed, keywords, memory, audit, engine,
        };
        const results = { ...partial, targets: (0, results_1.judgeTargets)(partial) };
        writeResults(results);
    }
    finally {
        await Promise.all([upstream, bare, gateway].map((s) => s.stop()));
        node_fs_1.default.rmSync(tmp, { recursive: true, force: true });
    }
}
function writeResults(r) {
    const dir = node_path_1.default.join(REPO, 'bench', 'results');
    node_fs_1.default.mkdirSync(dir, { recursive: true });
    const suffix = r.mode === 'quick' ? '-quick' : '';
    node_fs_1.default.writeFileSync(node_path_1.default.join(dir, `${r.date}${suffix}.json`), JSON.stringify(r, null, 2) + '\n');
    node_fs_1.default.writeFileSync(node_path_1.default.join(dir, `latest${suffix}.md`), (0, report_1.markdown)(r));
    if (r.mode === 'full') {
        const docs = node_path_1.default.join(REPO, 'docs', 'bench');
        node_fs_1.default.mkdirSync(docs, { recursive: true });
        for (const [name, svg] of Object.entries((0, charts_1.charts)(r)))
            node_fs_1.default.writeFileSync(node_path_1.default.join(docs, name), svg);
    }
    process.stdout.write(`\ntargets:\n${r.targets.map((t) => `  ${t.pass === null ? '–' : t.pass ? 'met   ' : 'MISSED'} ${t.name}: ${t.measured} (wanted ${t.target})`).join('\n')}\n`);
    process.stdout.write(`wrote bench/results/${r.date}${suffix}.json and latest${suffix}.md in ${r.elapsedS} s\n`);
}
/**
 * `--rerender bench/results/<date>.json`: rebuild latest.md, the targets and the plots from recorded
 * figures (after a change to the report), without measuring again.
 */
function rerender(file) {
    const recorded = JSON.parse(node_fs_1.default.readFileSync(node_path_1.default.resolve(file), 'utf8'));
    const memory = recorded.memory ? suites.summarizeMemory(recorded.memory) : null;
    const partial = { ...recorded, memory };
    writeResults({ ...partial, targets: (0, results_1.judgeTargets)(partial) });
}
const rerenderAt = process.argv.indexOf('--rerender');
(rerenderAt >= 0 ? Promise.resolve().then(() => rerender(process.argv[rerenderAt + 1] ?? '')) : main()).catch((err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
});
