/**
 * The measured sections. Within each cell the targets run back to back (direct, then the bare proxy
 * and the gateway in interleaved rounds, rounds.ts), so a noisy neighbour shifts them alike and the
 * ratios stay meaningful.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type ServerProcess } from './fork';
import { rulesWithExtraKeywords } from './keywords';
import { checkOnce, measureLoad, round, type LoadResult } from './load';
import { chatBodies } from './prompts';
import { mergeRuns, median, roundOf, rotated, type Round } from './rounds';
import { measureStream, type StreamResult } from './stream';

export interface Servers { upstream: ServerProcess; bare: ServerProcess; gateway: ServerProcess }

/**
 * A new prompt sequence for each measurement (cell), the same for its three targets: the gateway
 * keeps the findings of prompts it has seen (resent chat turns), so a sequence that an earlier
 * cell already sent would measure that cache, not the gateway on new text. Seed 1 is the checks'.
 */
let lastSeed = 100;
export const nextSeed = (): number => ++lastSeed;
export interface Timing { durationS: number; warmupS: number }
/** Non-streamed cells: the bare proxy and the gateway each get `rounds` runs of durationS / rounds. */
export interface RoundTiming extends Timing { rounds: number }

export interface Cell {
  promptBytes: number;
  connections: number;
  direct: LoadResult;
  bare: LoadResult;
  gateway: LoadResult;
  /** Mean latency by Little's law (connections / throughput), ms: precise below autocannon's 1 ms resolution. */
  meanLatencyMs: { direct: number; bare: number; gateway: number };
  /** Gateway mean latency minus direct's (ms). */
  gatewayOverDirectMs: number;
  bareOverDirectMs: number;
  gatewayOverBareMs: number;
  /** Gateway throughput / bare proxy throughput: the median of the rounds' ratios. */
  gatewayToBare: number;
  /** The interleaved rounds `bare` and `gateway` merge (absent in results recorded before rounds). */
  rounds?: Round[];
  /** The machine's 1-minute load average when the cell finished: other work on the shared box shows here. */
  loadAvg1m: number;
}

const littleMs = (r: LoadResult) => (r.rps > 0 ? (r.connections / r.rps) * 1000 : 0);

export function mustBeClean(name: string, r: LoadResult): void {
  if (r.non2xx > 0 || r.errors > 0) process.stderr.write(`  ! ${name}: ${r.non2xx} non-2xx ${JSON.stringify(r.statusCodes)}, ${r.errors} errors\n`);
}

export async function checkTargets(servers: Servers, sizes: number[]): Promise<void> {
  for (const size of sizes) {
    // A sample of the varied bodies the load will send: none may be refused.
    const next = chatBodies(size, false);
    for (let i = 0; i < 20; i++) {
      const body = next();
      for (const s of [servers.upstream, servers.bare, servers.gateway]) await checkOnce(`${s.url}/v1/chat/completions`, body);
    }
  }
}

export type Load = (s: ServerProcess, t: Timing, seed: number) => Promise<LoadResult>;

/**
 * The bare proxy and the gateway in `t.rounds` alternating rounds (rounds.ts). Each round sends a
 * prompt sequence of its own, the same to both: a sequence the gateway saw in an earlier round would
 * be answered from its resent-segment cache (as a resent chat turn should be), and the round would
 * measure the cache instead of new text.
 */
export async function interleaved(load: Load, servers: Servers, t: RoundTiming): Promise<{ bare: LoadResult; gateway: LoadResult; rounds: Round[] }> {
  const [bare, gateway] = await inRounds([servers.bare, servers.gateway], load, t);
  return { bare: mergeRuns(bare), gateway: mergeRuns(gateway), rounds: bare.map((b, i) => roundOf(b, gateway[i])) };
}

/**
 * Each target's runs in `t.rounds` rounds of rotating order (rounds.ts `rotated`), in the order of
 * `targets`; each round sends a prompt sequence of its own, the same to every target.
 */
export async function inRounds(targets: ServerProcess[], load: Load, t: RoundTiming): Promise<LoadResult[][]> {
  const runs = new Map<ServerProcess, LoadResult[]>(targets.map((s) => [s, []]));
  for (let i = 0; i < t.rounds; i++) {
    const seed = nextSeed();
    for (const s of rotated(targets, i)) runs.get(s)?.push(await load(s, { durationS: t.durationS / t.rounds, warmupS: t.warmupS }, seed));
  }
  return targets.map((s) => runs.get(s) ?? []);
}

export async function nonStreamed(servers: Servers, sizes: number[], conns: number[], t: RoundTiming): Promise<Cell[]> {
  const cells: Cell[] = [];
  const all = [servers.upstream, servers.bare, servers.gateway];
  for (const size of sizes) {
    for (const connections of conns) {
      // Sequences of distinct prompts no other cell or round sends.
      const load: Load = (s, timing, seed) => measureLoad({ url: `${s.url}/v1/chat/completions`, body: chatBodies(size, false, seed), connections, ...timing, processes: all });
      const direct = await load(servers.upstream, t, nextSeed());
      const { bare, gateway, rounds } = await interleaved(load, servers, t);
      for (const [n, r] of [['direct', direct], ['bare', bare], ['gateway', gateway]] as const) mustBeClean(n, r);
      const mean = { direct: round(littleMs(direct), 3), bare: round(littleMs(bare), 3), gateway: round(littleMs(gateway), 3) };
      cells.push({
        promptBytes: size, connections, direct, bare, gateway, meanLatencyMs: mean,
        gatewayOverDirectMs: round(mean.gateway - mean.direct, 3),
        bareOverDirectMs: round(mean.bare - mean.direct, 3),
        gatewayOverBareMs: round(mean.gateway - mean.bare, 3),
        gatewayToBare: round(median(rounds.map((r) => r.gatewayToBare)), 3),
        rounds,
        loadAvg1m: round(os.loadavg()[0], 2),
      });
      const ratios = rounds.map((r) => `${Math.round(r.gatewayToBare * 100)}%`).join(' ');
      process.stdout.write(`  ${size} B × ${connections} conn: direct ${direct.rps} rps, bare ${bare.rps}, gateway ${gateway.rps} (${Math.round(cells[cells.length - 1].gatewayToBare * 100)}% of bare; rounds ${ratios})\n`);
    }
  }
  return cells;
}

export interface StreamCell { connections: number; direct: StreamResult; bare: StreamResult; gateway: StreamResult; error?: string }

export async function streamed(servers: Servers, size: number, conns: number[], t: Timing): Promise<StreamCell[]> {
  const cells: StreamCell[] = [];
  for (const connections of conns) {
    const seed = nextSeed();
    const run = (s: ServerProcess) => measureStream({ url: `${s.url}/v1/chat/completions`, body: chatBodies(size, true, seed), connections, ...t });
    const cell = { connections, direct: await run(servers.upstream), bare: await run(servers.bare), gateway: await run(servers.gateway) };
    cells.push(cell);
    process.stdout.write(`  stream × ${connections}: TTFT p50 direct ${cell.direct.ttftMs.p50} ms, bare ${cell.bare.ttftMs.p50}, gateway ${cell.gateway.ttftMs.p50}; failures ${cell.gateway.failures}\n`);
  }
  return cells;
}

export interface KeywordRun {
  extraKeywords: number;
  startupMs: number;
  rssAfterStartMB: number;
  /** gatewayToBare: the median of the rounds' ratios (a single run's ratio in results recorded before rounds). */
  bySize: { promptBytes: number; connections: number; gateway: LoadResult; bare: LoadResult; gatewayToBare: number; rounds?: Round[] }[];
}

/** Gateways loaded with the default rules plus `extra` synthetic entries, each against the bare proxy in interleaved rounds. */
export async function keywordScaling(servers: Servers, rulesDir: string, dbDir: string, extras: number[], sizes: number[], connections: number, t: RoundTiming): Promise<KeywordRun[]> {
  const runs: KeywordRun[] = [];
  for (const extra of extras) {
    const rules = rulesWithExtraKeywords(rulesDir, extra);
    const gw = await startServer(`gateway+${extra}`, 'gateway', ['--upstream', servers.upstream.url, '--db', path.join(dbDir, `kw-${extra}.db`), '--rules', rules]);
    try {
      const rss = (await gw.stats()).rss;
      const bySize: KeywordRun['bySize'] = [];
      for (const size of sizes) {
        await checkOnce(`${gw.url}/v1/chat/completions`, chatBodies(size, false)());
        const load: Load = (s, timing, seed) => measureLoad({ url: `${s.url}/v1/chat/completions`, body: chatBodies(size, false, seed), connections, ...timing, processes: [s, servers.upstream] });
        const { bare, gateway, rounds } = await interleaved(load, { ...servers, gateway: gw }, t);
        mustBeClean(`gateway+${extra}`, gateway);
        bySize.push({ promptBytes: size, connections, gateway, bare, gatewayToBare: round(median(rounds.map((r) => r.gatewayToBare)), 3), rounds });
        process.stdout.write(`  +${extra} keywords, ${size} B: gateway ${gateway.rps} rps, ${gateway.cpuUsPerRequest[gw.name]} µs CPU/request\n`);
      }
      runs.push({ extraKeywords: extra, startupMs: gw.startupMs, rssAfterStartMB: round(rss / 2 ** 20, 1), bySize });
    } finally {
      await gw.stop();
      fs.rmSync(rules, { recursive: true, force: true });
    }
  }
  return runs;
}

export interface MemoryRun {
  durationS: number; connections: number; promptBytes: number; rps: number; rssMB: { atS: number; rss: number }[];
  rssIdleMB: number; rssStartMB: number; rssEndMB: number;
  /** Mean RSS over the first and the second half of the run (after warm-up). */
  firstHalfMeanMB: number; secondHalfMeanMB: number;
  /** Second-half mean over first-half mean: single samples swing ±20% with GC, a leak moves the mean. */
  growthPct: number;
}

type MemorySamples = Pick<MemoryRun, 'durationS' | 'connections' | 'promptBytes' | 'rps' | 'rssMB'>;

/** Judges flatness on half-run means after a tenth of the run (buffers, JIT and sockets grow first). */
export function summarizeMemory(m: MemorySamples): MemoryRun {
  const warm = m.rssMB.filter((s) => s.atS >= m.durationS / 10);
  const mid = m.durationS / 2 + m.durationS / 20;
  const mean = (xs: { rss: number }[]) => (xs.length ? xs.reduce((t, s) => t + s.rss, 0) / xs.length : 0);
  const first = mean(warm.filter((s) => s.atS < mid));
  const second = mean(warm.filter((s) => s.atS >= mid));
  return {
    ...m, rssIdleMB: m.rssMB[0].rss, rssStartMB: (warm[0] ?? m.rssMB[0]).rss, rssEndMB: m.rssMB[m.rssMB.length - 1].rss,
    firstHalfMeanMB: round(first, 1), secondHalfMeanMB: round(second, 1), growthPct: round(((second - first) / Math.max(first, 1e-9)) * 100, 1),
  };
}

/** One long run against the gateway, sampling its RSS, to see whether memory stays flat. */
export async function memoryRun(servers: Servers, size: number, connections: number, durationS: number, sampleEveryS: number): Promise<MemoryRun> {
  const samples: { atS: number; rss: number }[] = [];
  const t0 = Date.now();
  const sample = async () => samples.push({ atS: Math.round((Date.now() - t0) / 1000), rss: round((await servers.gateway.stats()).rss / 2 ** 20, 1) });
  await sample();
  const timer = setInterval(() => void sample(), sampleEveryS * 1000);
  const r = await measureLoad({ url: `${servers.gateway.url}/v1/chat/completions`, body: chatBodies(size, false, nextSeed()), connections, durationS, warmupS: 0, processes: [servers.gateway] });
  clearInterval(timer);
  await sample();
  mustBeClean('gateway (memory run)', r);
  return summarizeMemory({ durationS, connections, promptBytes: size, rps: r.rps, rssMB: samples });
}
