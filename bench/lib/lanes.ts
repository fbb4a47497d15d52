/**
 * What each part of the default policy costs. Four gateways differ only in their rules folder: no
 * detectors at all, the keyword and pattern rules alone, the local classifier alone, and the default
 * policy. Each is measured against the bare proxy at one prompt size and connection count. An
 * operator sees what a lane costs before turning it on or off; a reader sees where the gateway's CPU
 * goes (the "none" row is the plumbing: body read, JSON, routing, audit, metrics).
 *
 * The bare proxy and the four gateways run in rounds, the order rotating from round to round, each
 * round with prompts of its own (suites.ts `inRounds`; the reasons are in rounds.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { startServer, type ServerProcess } from './fork';
import { checkOnce, measureLoad, type LoadResult } from './load';
import { chatBodies } from './prompts';
import { againstBare, mergeRuns } from './rounds';
import { inRounds, mustBeClean, type Load, type RoundTiming, type Servers } from './suites';

export const LANES = ['none', 'rules', 'classifier', 'default'] as const;
export type Lane = (typeof LANES)[number];

export interface LaneRun {
  lane: Lane;
  gateway: LoadResult;
  /** CPU µs per request of this gateway's process (all its threads). */
  cpuUsPerRequest: number;
  /** Gateway throughput / bare throughput: the median of the rounds' ratios, and each round's. */
  toBare: number;
  roundRatios: number[];
}

export interface LanesResult {
  promptBytes: number;
  connections: number;
  bare: LoadResult;
  bareCpuUsPerRequest: number;
  lanes: LaneRun[];
}

/**
 * A temporary copy of `rulesDir` with only the detectors of `lane`: without keyword lists and
 * pattern rules for "none" and "classifier", without the local classifier for "none" and "rules".
 */
export function rulesForLane(rulesDir: string, lane: Lane): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cg-bench-lane-${lane}-`));
  fs.cpSync(rulesDir, dir, { recursive: true });
  if (lane === 'none' || lane === 'classifier') {
    const keywords = path.join(dir, 'keywords');
    for (const f of fs.readdirSync(keywords)) fs.rmSync(path.join(keywords, f));
    fs.writeFileSync(path.join(dir, 'regex.yaml'), 'version: 1\nrules: []\n');
  }
  if (lane === 'none' || lane === 'rules') {
    const file = path.join(dir, 'policy.yaml');
    const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'));
    doc.deleteIn(['classifiers', 'local']);
    fs.writeFileSync(file, doc.toString());
  }
  return dir;
}

export async function laneCosts(servers: Servers, rulesDir: string, dbDir: string, size: number, connections: number, t: RoundTiming, initialWarmupS: number): Promise<LanesResult> {
  const folders = LANES.map((lane) => rulesForLane(rulesDir, lane));
  const gateways: ServerProcess[] = [];
  try {
    for (const [i, lane] of LANES.entries()) {
      gateways.push(await startServer(`gateway-${lane}`, 'gateway', ['--upstream', servers.upstream.url, '--db', path.join(dbDir, `lane-${lane}.db`), '--rules', folders[i]]));
    }
    for (const g of gateways) {
      await checkOnce(`${g.url}/v1/chat/completions`, chatBodies(size, false)());
      await measureLoad({ url: `${g.url}/v1/chat/completions`, body: chatBodies(size, false), connections: 8, durationS: initialWarmupS, warmupS: 0, processes: [] });
    }
    const load: Load = async (s, timing, seed) => {
      const result = await measureLoad({ url: `${s.url}/v1/chat/completions`, body: chatBodies(size, false, seed), connections, ...timing, processes: [s, servers.upstream] });
      mustBeClean(s.name, result);
      return result;
    };
    const [bareRuns, ...laneRuns] = await inRounds([servers.bare, ...gateways], load, t);
    const lanes = gateways.map((g, i): LaneRun => {
      const { result: gateway, toBare, roundRatios } = againstBare(laneRuns[i], bareRuns);
      return { lane: LANES[i], gateway, cpuUsPerRequest: gateway.cpuUsPerRequest[g.name], toBare, roundRatios };
    });
    const bare = mergeRuns(bareRuns);
    for (const l of lanes) process.stdout.write(`  ${l.lane}: ${l.gateway.rps} req/s, ${Math.round(l.toBare * 100)}% of bare (rounds ${l.roundRatios.map((x) => `${Math.round(x * 100)}%`).join(' ')}), ${l.cpuUsPerRequest} µs CPU/request\n`);
    return { promptBytes: size, connections, bare, bareCpuUsPerRequest: bare.cpuUsPerRequest[servers.bare.name], lanes };
  } finally {
    await Promise.all(gateways.map((g) => g.stop()));
    for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
  }
}
