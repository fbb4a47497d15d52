/**
 * `npm run bench [-- --quick]`: the gateway against its peers and its limits, in one run.
 * Starts a fake OpenAI upstream, a bare http-proxy-middleware proxy and the gateway, each in its own
 * process, drives them from this process (autocannon, and our own client for streams), then writes
 * bench/results/<date>.json, bench/results/latest.md and (full mode) docs/bench/*.svg.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureAudit, measureAuditPostgres } from './lib/audit';
import { charts } from './lib/charts';
import { engineSection } from './lib/engine-section';
import { startServer, type ServerProcess } from './lib/fork';
import { measureLoad, round } from './lib/load';
import { machineInfo } from './lib/machine';
import { chatBody } from './lib/prompts';
import { markdown } from './lib/report';
import { laneCosts } from './lib/lanes';
import { peerCosts } from './lib/peers';
import { judgeTargets, type Results, type ServerInfo } from './lib/results';
import * as suites from './lib/suites';
import { multiTurn, type TurnsRun } from './lib/turns';

const REPO = path.resolve(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
/** `--cpu-prof DIR`: the gateway process writes a V8 CPU profile there (open it in Chrome DevTools). */
function cpuProfArg(): string | null {
  const i = process.argv.indexOf('--cpu-prof');
  if (i < 0) return null;
  const dir = process.argv[i + 1];
  return path.resolve(dir && !dir.startsWith('--') ? dir : path.join(os.tmpdir(), 'cg-bench-profiles'));
}
const cpuProfDir = cpuProfArg();

const PLAN = quick
  ? { sizes: [2000], conns: [1, 32], timing: { durationS: 2, warmupS: 0.5, rounds: 2 }, streamConns: [8], streamTiming: { durationS: 1.5, warmupS: 0.5 },
      keywordExtras: [] as number[], memoryS: 0, auditS: 0.5, initialWarmupS: 1, turnsTiming: { durationS: 1, warmupS: 0.25 } }
  : { sizes: [200, 2000, 20000], conns: [1, 8, 32, 128], timing: { durationS: 8, warmupS: 1, rounds: 4 }, streamConns: [1, 8, 32, 128], streamTiming: { durationS: 8, warmupS: 1 },
      keywordExtras: [0, 10_000, 50_000], memoryS: 300, auditS: 3, initialWarmupS: 5, turnsTiming: { durationS: 8, warmupS: 2 } };
/** Ten-turn chats of 2 KB user turns, at 32 connections. */
const TURNS = { turnBytes: 2000, turns: 10, connections: 32 };
const STREAM = { chunks: 16, delayMs: 5 };
const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

async function upstreamContrast(lean: ServerProcess): Promise<Results['upstreamContrast']> {
  const demo = await startServer('demo-upstream', 'upstream', ['--kind', 'demo']);
  try {
    const body = chatBody(2000, false);
    const t = { connections: 32, durationS: 4, warmupS: 1 };
    const leanR = await measureLoad({ url: `${lean.url}/v1/chat/completions`, body, ...t, processes: [lean] });
    const demoR = await measureLoad({ url: `${demo.url}/v1/chat/completions`, body, ...t, processes: [demo] });
    return { promptBytes: 2000, connections: 32, leanRps: leanR.rps, demoRps: demoR.rps };
  } finally {
    await demo.stop();
  }
}

/** The multi-turn section, with a second gateway (resent-segment cache off) for contrast. */
async function measureTurns(servers: suites.Servers, tmp: string): Promise<TurnsRun> {
  const gatewayNoCache = await startServer('gateway-nocache', 'gateway',
    ['--upstream', servers.upstream.url, '--db', path.join(tmp, 'gateway-nocache.db'), '--rules', path.join(REPO, 'rules'), '--resent-cache-entries', '0']);
  try {
    const r = await multiTurn({ ...servers, gatewayNoCache }, TURNS.turnBytes, TURNS.turns, TURNS.connections, PLAN.turnsTiming);
    process.stdout.write(`  ${TURNS.turns} turns, mean body ${r.meanRequestBytes} B: bare ${r.bare.rps}, gateway ${r.gateway.rps} (${Math.round(r.gatewayToBare * 100)}%), cache off ${r.gatewayNoCache.rps} (${Math.round(r.noCacheToBare * 100)}%) req/s\n`);
    return r;
  } finally {
    await gatewayNoCache.stop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  /** A section's heading, with the seconds since the start (the quick run must stay under a minute). */
  const section = (name: string) => process.stdout.write(`${name} (at ${Math.round((Date.now() - started) / 1000)} s):\n`);
  const date = new Date().toISOString().slice(0, 10);
  const machine = machineInfo();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-'));
  const rulesDir = path.join(REPO, 'rules');
  process.stdout.write(`bench (${quick ? 'quick' : 'full'}): ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAvg.join(' ')}\n`);

  const upstream = await startServer('upstream', 'upstream', ['--chunks', String(STREAM.chunks), '--chunk-delay-ms', String(STREAM.delayMs)]);
  const bare = await startServer('bare', 'bare-proxy', ['--upstream', upstream.url]);
  const gateway = await startServer('gateway', 'gateway', ['--upstream', upstream.url, '--db', path.join(tmp, 'gateway.db'), '--rules', rulesDir],
    cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []);
  const servers = { upstream, bare, gateway };
  const startStats = await Promise.all([upstream, bare, gateway].map((s) => s.stats()));
  try {
    await suites.checkTargets(servers, PLAN.sizes);
    // JIT and socket pools warm once up front, so the first cell (1 connection) is not the one paying.
    for (const s of [bare, gateway]) {
      await measureLoad({ url: `${s.url}/v1/chat/completions`, body: chatBody(2000, false), connections: 8, durationS: PLAN.initialWarmupS, warmupS: 0, processes: [] });
    }
    const contrast = quick ? null : await upstreamContrast(upstream);
    section('non-streamed');
    const nonStreamed = await suites.nonStreamed(servers, PLAN.sizes, PLAN.conns, PLAN.timing);
    section('streamed');
    let streamed: Results['streamed'] = { promptBytes: 2000, cells: [] };
    try {
      streamed.cells = await suites.streamed(servers, 2000, PLAN.streamConns, PLAN.streamTiming);
    } catch (err) {
      streamed = { ...streamed, error: err instanceof Error ? err.message : String(err) };
    }
    const keywords = PLAN.keywordExtras.length ? (section('keyword count'), await suites.keywordScaling(servers, rulesDir, tmp, PLAN.keywordExtras, PLAN.sizes, 32, PLAN.timing)) : [];
    section('multi-turn chats');
    const multiTurn = await measureTurns(servers, tmp);
    const lanes = quick ? null : (section('policy parts'), await laneCosts(servers, rulesDir, tmp, 2000, 32, PLAN.timing, PLAN.initialWarmupS));
    const peers = quick ? null : (section('peers'), await peerCosts(servers, rulesDir, 2000, [1, 32], PLAN.timing, PLAN.initialWarmupS));
    const memory = PLAN.memoryS ? (section(`memory (${PLAN.memoryS} s)`), await suites.memoryRun(servers, 2000, 32, PLAN.memoryS, 15)) : null;
    const endStats = await Promise.all([upstream, bare, gateway].map((s) => s.stats()));
    const serverInfo: ServerInfo[] = [upstream, bare, gateway].map((s, i) => ({
      name: s.name, role: ['lean fake OpenAI upstream', 'express + http-proxy-middleware, keep-alive agent', 'startGateway, default rules/policy'][i],
      startupMs: s.startupMs, rssStartMB: mb(startStats[i].rss), rssEndMB: mb(endStats[i].rss),
    }));
    await Promise.all([upstream, bare, gateway].map((s) => s.stop()));

    section('audit writes');
    const audit = await measureAudit({ durationS: PLAN.auditS, batchSize: 500 });
    process.stdout.write(`  SQLite: ${audit.violationsPerSec} violations/s, ${audit.requestRowsPerSec} request rows/s\n`);
    // A throwaway cluster takes initdb and a start (~10 s): the full run measures it, the quick one keeps under a minute.
    const auditPostgres = quick ? { skipped: 'not in --quick mode' } : await measureAuditPostgres({ durationS: PLAN.auditS, batchSize: 500 });
    process.stdout.write('skipped' in auditPostgres ? `  PostgreSQL: skipped (${auditPostgres.skipped})\n` : `  PostgreSQL: ${auditPostgres.violationsPerSec} violations/s, ${auditPostgres.requestRowsPerSec} request rows/s\n`);
    section('detection engine');
    const engineStarted = Date.now();
    const engine = await engineSection(REPO, quick);
    process.stdout.write(`  ${Math.round((Date.now() - engineStarted) / 1000)} s, ${engine.status}${engine.status === 'absent' ? `: ${engine.note}` : ` via ${engine.via}`}\n`);

    const partial: Omit<Results, 'targets'> = {
      date, mode: quick ? 'quick' : 'full', command: `npm run bench${quick ? ' -- --quick' : ''}`, elapsedS: Math.round((Date.now() - started) / 1000),
      machine, loadAvgEnd: machineInfo().loadAvg,
      setup: {
        notes: [
          `${machine.cores} cores shared by four processes: this runner (autocannon / stream client, one event loop), the fake upstream, the bare proxy and the gateway (each forked, idle when not under test). The load generator competes with the server for CPU, so absolute figures understate a dedicated box; ratios taken in the same minute are what to compare.`,
          'Fake upstream: a lean raw node:http server (bench/servers/upstream.ts) answering a fixed ~330-byte chat.completion without parsing JSON. src/demo/upstream.ts parses every body and echoes the prompt back, which costs CPU on the shared cores and makes output size follow prompt size; see "Which fake upstream".',
          'Bare proxy: express 5 + http-proxy-middleware 3, keep-alive agent (maxSockets 256), no body parsing — the floor for our design.',
          'Gateway: startGateway(loadConfig({flags})) with the default rules and policy, a silent logger and its own SQLite audit file (WAL, synchronous=FULL, request metadata batched every 250 ms).',
          `After a ${PLAN.initialWarmupS} s warm-up of the bare proxy and the gateway, each cell runs direct (${PLAN.timing.warmupS} s warm-up + ${PLAN.timing.durationS} s measured), then the bare proxy and the gateway in ${PLAN.timing.rounds} interleaved rounds (bare first, then gateway first, …) of ${PLAN.timing.warmupS} s warm-up + ${PLAN.timing.durationS / PLAN.timing.rounds} s measured each (autocannon 8, pipelining 1). Ratios to the bare proxy are the median of the rounds' ratios: the CPU this shared box gets changes from minute to minute (hypervisor steal), and a ratio of two back-to-back runs carried that drift whole; each cell records the steal during its runs (/proc/stat). Prompts are benign mixed English/Chinese; one request per target is checked to answer 200 first.`,
        ],
        durationS: PLAN.timing.durationS, warmupS: PLAN.timing.warmupS, streamChunks: STREAM.chunks, streamChunkDelayMs: STREAM.delayMs,
      },
      servers: serverInfo, upstreamContrast: contrast, nonStreamed, streamed, keywords, multiTurn, lanes, peers, memory, audit, auditPostgres, engine,
    };
    const results: Results = { ...partial, targets: judgeTargets(partial) };
    writeResults(results);
  } finally {
    await Promise.all([upstream, bare, gateway].map((s) => s.stop()));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function writeResults(r: Results): void {
  const dir = path.join(REPO, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const suffix = r.mode === 'quick' ? '-quick' : '';
  fs.writeFileSync(path.join(dir, `${r.date}${suffix}.json`), JSON.stringify(r, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, `latest${suffix}.md`), markdown(r));
  if (r.mode === 'full') {
    const docs = path.join(REPO, 'docs', 'bench');
    fs.mkdirSync(docs, { recursive: true });
    for (const [name, svg] of Object.entries(charts(r))) fs.writeFileSync(path.join(docs, name), svg);
  }
  process.stdout.write(`\ntargets:\n${r.targets.map((t) => `  ${t.pass === null ? '–' : t.pass ? 'met   ' : 'MISSED'} ${t.name}: ${t.measured} (wanted ${t.target})`).join('\n')}\n`);
  process.stdout.write(`wrote bench/results/${r.date}${suffix}.json and latest${suffix}.md in ${r.elapsedS} s\n`);
}

/**
 * `--rerender bench/results/<date>.json`: rebuild latest.md, the targets and the plots from recorded
 * figures (after a change to the report), without measuring again.
 */
function rerender(file: string): void {
  const recorded = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8')) as Results;
  const memory = recorded.memory ? suites.summarizeMemory(recorded.memory) : null;
  const partial = { ...recorded, memory };
  writeResults({ ...partial, targets: judgeTargets(partial) });
}

const rerenderAt = process.argv.indexOf('--rerender');
(rerenderAt >= 0 ? Promise.resolve().then(() => rerender(process.argv[rerenderAt + 1] ?? '')) : main()).catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
