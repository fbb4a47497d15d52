/**
 * A peer side by side: Portkey's open-source gateway (bench/servers/portkey.ts) against the bare
 * proxy and our gateway, on the same upstream and prompts, in rounds of rotating order (suites.ts
 * `inRounds`). Two ways of running it:
 *
 * - "proxy only": no guardrails, the request routed by Portkey's own headers (provider, custom host);
 * - "keyword guardrail": its built-in `default.contains` check (operator "none", deny) on the input
 *   and on the output, given the same plain keywords as our default lists. The open-source gateway
 *   takes guardrails only in a per-request config header (`x-portkey-config`), so the list travels
 *   with every request; JSON's \u escapes keep its Chinese entries intact in a header (Node reads
 *   header bytes as Latin-1, so raw UTF-8 there would never match), and the process is started with
 *   a header limit large enough for it. What it checks is a plain substring test per entry: no
 *   normalization, word boundaries, variants or classifier, so it does much less than our gateway.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type ServerProcess } from './fork';
import { checkOnce, measureLoad, type LoadResult } from './load';
import { chatBodies } from './prompts';
import { againstBare } from './rounds';
import { inRounds, mustBeClean, type Load, type RoundTiming, type Servers } from './suites';

export const PEER_TARGETS = ['bare', 'gateway', 'portkey', 'portkey-guardrail'] as const;
export type PeerTarget = (typeof PEER_TARGETS)[number];

export interface PeerRun {
  target: PeerTarget;
  result: LoadResult;
  /** CPU µs per request of the target's process. */
  cpuUsPerRequest: number;
  /** Throughput / the bare proxy's: the median of the rounds' ratios, and each round's. */
  toBare: number;
  roundRatios: number[];
}

export interface PeerCell { promptBytes: number; connections: number; runs: PeerRun[] }

export interface PeersResult {
  portkeyVersion: string;
  /** Entries of the keyword guardrail and the size of the config header that carries them. */
  guardrailWords: number;
  guardrailHeaderBytes: number;
  cells: PeerCell[];
}

/** The plain entries of the keyword lists (each line that is not blank and not a comment). */
export function plainKeywords(rulesDir: string): string[] {
  const dir = path.join(rulesDir, 'keywords');
  return fs.readdirSync(dir).sort().flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** JSON with every non-ASCII character as a \u escape: header-safe, and the same value once parsed. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The request headers that route a request through Portkey to `upstreamUrl`, with or without guardrails. */
export function portkeyHeaders(upstreamUrl: string, words: string[] | null): Record<string, string> {
  if (!words) return { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstreamUrl}/v1` };
  const check = { id: 'keywords', deny: true, 'default.contains': { operator: 'none', words } };
  return { 'x-portkey-config': asciiJson({ provider: 'openai', custom_host: `${upstreamUrl}/v1`, input_guardrails: [check], output_guardrails: [check] }) };
}

function portkeyVersion(): string {
  const file = require.resolve('@portkey-ai/gateway/package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

/** One connection count: every target in rounds of rotating order, each against the bare proxy. */
async function peerCell(targets: Record<PeerTarget, ServerProcess>, headersOf: (s: ServerProcess) => Record<string, string>, upstream: ServerProcess, size: number, connections: number, t: RoundTiming): Promise<PeerCell> {
  const load: Load = async (s, timing, seed) => {
    // Both Portkey targets are one process: its CPU is read over each target's own runs.
    const r = await measureLoad({ url: `${s.url}/v1/chat/completions`, body: chatBodies(size, false, seed), connections, ...timing, processes: [s, upstream], headers: headersOf(s) });
    mustBeClean(s.name, r);
    return r;
  };
  const order = PEER_TARGETS.map((name) => targets[name]);
  const runs = await inRounds(order, load, t);
  return {
    promptBytes: size, connections,
    runs: PEER_TARGETS.map((name, i): PeerRun => {
      const { result, toBare, roundRatios } = againstBare(runs[i], runs[0]);
      return { target: name, result, cpuUsPerRequest: result.cpuUsPerRequest[order[i].name], toBare, roundRatios };
    }),
  };
}

export async function peerCosts(servers: Servers, rulesDir: string, size: number, conns: number[], t: RoundTiming, initialWarmupS: number): Promise<PeersResult> {
  const words = plainKeywords(rulesDir);
  const guardrail = portkeyHeaders(servers.upstream.url, words);
  const headerBytes = guardrail['x-portkey-config'].length;
  const portkey = await startServer('portkey', 'portkey', [], [`--max-http-header-size=${2 ** Math.ceil(Math.log2(headerBytes + 16_384))}`]);
  try {
    // One process, two ways of calling it: a target of its own for each, for the rounds.
    const targets: Record<PeerTarget, ServerProcess> = { bare: servers.bare, gateway: servers.gateway, portkey, 'portkey-guardrail': { ...portkey, name: 'portkey-guardrail' } };
    const headersOf = (s: ServerProcess): Record<string, string> =>
      s === targets.portkey ? portkeyHeaders(servers.upstream.url, null) : s === targets['portkey-guardrail'] ? guardrail : {};
    for (const s of [targets.portkey, targets['portkey-guardrail']]) {
      // A benign prompt answers 200 through either; the warm-up is the one the other servers had.
      const url = `${s.url}/v1/chat/completions`;
      await checkOnce(url, chatBodies(size, false)(), headersOf(s));
      await measureLoad({ url, body: chatBodies(size, false), connections: 8, durationS: initialWarmupS, warmupS: 0, processes: [], headers: headersOf(s) });
    }
    const cells: PeerCell[] = [];
    for (const connections of conns) {
      const c = await peerCell(targets, headersOf, servers.upstream, size, connections, t);
      cells.push(c);
      process.stdout.write(`  ${connections} conn: ${c.runs.map((x) => `${x.target} ${x.result.rps} req/s (${Math.round(x.toBare * 100)}%)`).join(', ')}\n`);
    }
    return { portkeyVersion: portkeyVersion(), guardrailWords: words.length, guardrailHeaderBytes: headerBytes, cells };
  } finally {
    await portkey.stop();
  }
}
