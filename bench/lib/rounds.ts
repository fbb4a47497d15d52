/**
 * The bare proxy and the gateway measured in interleaved rounds (bare, gateway, then gateway, bare,
 * …) instead of one long run each. On the shared 2-core box the CPU the hypervisor lets us have
 * changes from one minute to the next (steal of 40% has been seen): the bare proxy alone measured
 * 1,860 to 4,000 req/s in runs a minute apart. A ratio taken from two back-to-back runs carries that
 * drift whole; per-round ratios in alternating order put the drift on both sides, and their median
 * drops a round that a burst of steal hit.
 */
import type { LoadResult } from './load';
import { round } from './load';

/** One round's figures, each ratio taken within the round. */
export interface Round {
  bareRps: number;
  gatewayRps: number;
  /** Gateway throughput / bare throughput. */
  gatewayToBare: number;
  /** Gateway p99 / bare p99. */
  p99Ratio: number;
  /** 1 / throughput, gateway minus bare (ms): the extra cost per request at one connection. */
  costOverBareMs: number;
  /** CPU time the machine lost to other guests during each run (%). */
  stealPct: { bare: number | null; gateway: number | null };
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** `items` rotated left by `i`: the order of round i, each target first in turn. */
export function rotated<T>(items: readonly T[], i: number): T[] {
  const k = i % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** The order of round `i` for two targets: `first` first on even rounds, `second` first on odd ones. */
export function roundOrder<T>(i: number, first: T, second: T): [T, T] {
  return rotated([first, second], i) as [T, T];
}

export function roundOf(bare: LoadResult, gateway: LoadResult): Round {
  const cost = (r: LoadResult) => (r.rps > 0 ? 1000 / r.rps : Infinity);
  return {
    bareRps: bare.rps,
    gatewayRps: gateway.rps,
    gatewayToBare: round(gateway.rps / Math.max(bare.rps, 1e-9), 3),
    p99Ratio: round(gateway.p99Ms / Math.max(bare.p99Ms, 1e-9), 3),
    costOverBareMs: round(cost(gateway) - cost(bare), 3),
    stealPct: { bare: bare.stealPct ?? null, gateway: gateway.stealPct ?? null },
  };
}

/** One target's runs in rounds against the bare proxy's of the same rounds: merged, and its throughput ratio (median of the rounds', and each). */
export function againstBare(own: LoadResult[], bare: LoadResult[]): { result: LoadResult; toBare: number; roundRatios: number[] } {
  const roundRatios = own.map((x, r) => round(x.rps / Math.max(bare[r].rps, 1e-9), 3));
  return { result: mergeRuns(own), toBare: round(median(roundRatios), 3), roundRatios };
}

/**
 * Several runs of one target as one: throughput and CPU from the totals, status codes summed,
 * latency percentiles the median of the runs' (autocannon's histograms are not kept).
 */
export function mergeRuns(runs: LoadResult[]): LoadResult {
  if (runs.length === 1) return runs[0];
  const sum = (f: (r: LoadResult) => number) => runs.reduce((t, r) => t + f(r), 0);
  const requests = sum((r) => r.requests);
  const durationS = sum((r) => r.durationS);
  const stolen = runs.filter((r) => typeof r.stealPct === 'number');
  const statusCodes: Record<string, number> = {};
  const cpuUs: Record<string, number> = {};
  for (const r of runs) {
    for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
    for (const [name, us] of Object.entries(r.cpuUsPerRequest)) cpuUs[name] = (cpuUs[name] ?? 0) + us * r.requests;
  }
  return {
    connections: runs[0].connections,
    durationS,
    rps: round(requests / Math.max(durationS, 1e-9), 1),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    meanMs: round(sum((r) => r.meanMs * r.requests) / Math.max(requests, 1), 2),
    requests,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    statusCodes,
    cpuUsPerRequest: Object.fromEntries(Object.entries(cpuUs).map(([name, us]) => [name, requests > 0 ? Math.round(us / requests) : 0])),
    // By time: the share of the runs' wall time the machine lost.
    stealPct: stolen.length === runs.length ? round(stolen.reduce((t, r) => t + (r.stealPct as number) * r.durationS, 0) / Math.max(durationS, 1e-9), 1) : null,
  };
}
