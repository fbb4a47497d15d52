/** The shape of bench/results/<date>.json, and the targets from issue 9 judged against it. */
import type { AuditResult } from './audit';
import type { EngineSection } from './engine-section';
import type { LanesResult } from './lanes';
import type { MachineInfo } from './machine';
import type { PeersResult } from './peers';
import { round } from './load';
import { median, type Round } from './rounds';
import type { Cell, KeywordRun, MemoryRun, StreamCell } from './suites';
import type { TurnsRun } from './turns';

export interface ServerInfo { name: string; role: string; startupMs: number; rssStartMB: number; rssEndMB: number }

export interface Results {
  date: string;
  mode: 'full' | 'quick';
  command: string;
  elapsedS: number;
  machine: MachineInfo;
  loadAvgEnd: number[];
  setup: { notes: string[]; durationS: number; warmupS: number; streamChunks: number; streamChunkDelayMs: number };
  servers: ServerInfo[];
  upstreamContrast: { promptBytes: number; connections: number; leanRps: number; demoRps: number } | null;
  nonStreamed: Cell[];
  streamed: { promptBytes: number; cells: StreamCell[]; error?: string };
  keywords: KeywordRun[];
  /** Multi-turn chats (bench/lib/turns.ts); absent in results recorded before it existed. */
  multiTurn?: TurnsRun;
  /** The cost of each part of the policy (bench/lib/lanes.ts): full runs only; absent before it existed. */
  lanes?: LanesResult | null;
  /** A peer gateway side by side (bench/lib/peers.ts): full runs only; absent before it existed. */
  peers?: PeersResult | null;
  memory: MemoryRun | null;
  audit: AuditResult;
  /** The same measurement on PostgreSQL (bench/lib/audit.ts), or why it did not run. */
  auditPostgres: AuditResult | { skipped: string };
  engine: EngineSection;
  targets: Target[];
}

export interface Target { name: string; target: string; measured: string; pass: boolean | null }

const signed = (n: number): string => `${n >= 0 ? '+' : ''}${n}`;

/** ", median of rounds a / b / …" when the cell was measured in rounds. */
function spread(c: Cell, show: (r: Round) => string): string {
  return c.rounds && c.rounds.length > 1 ? `, median of rounds ${c.rounds.map(show).join(' / ')}` : '';
}

function cell(cells: Cell[], size: number, conns: number): Cell | undefined {
  return cells.find((c) => c.promptBytes === size && c.connections === conns);
}

export function judgeTargets(r: Omit<Results, 'targets'>): Target[] {
  const targets: Target[] = [];
  const c32 = cell(r.nonStreamed, 2000, 32);
  const c1 = cell(r.nonStreamed, 2000, 1);
  if (c32) {
    const p99Ratio = c32.rounds ? median(c32.rounds.map((x) => x.p99Ratio)) : c32.gateway.p99Ms / Math.max(c32.bare.p99Ms, 1e-9);
    targets.push({
      name: 'throughput vs bare proxy (32 conn, 2 KB, default policy)', target: '≥ 70%',
      measured: `${round(c32.gatewayToBare * 100, 1)}%${spread(c32, (x) => `${Math.round(x.gatewayToBare * 100)}%`)} (${c32.gateway.rps} vs ${c32.bare.rps} req/s; direct ${c32.direct.rps})`,
      pass: c32.gatewayToBare >= 0.7,
    });
    targets.push({
      name: 'p99 latency vs bare proxy (32 conn, 2 KB)', target: '≤ 1.5×',
      measured: `${round(p99Ratio, 2)}×${spread(c32, (x) => `${round(x.p99Ratio, 2)}×`)} (${c32.gateway.p99Ms} vs ${c32.bare.p99Ms} ms)`,
      pass: p99Ratio <= 1.5,
    });
  }
  if (c1) {
    const cost = (rps: number) => 1000 / rps;
    const over = c1.rounds ? median(c1.rounds.map((x) => x.costOverBareMs)) : cost(c1.gateway.rps) - cost(c1.bare.rps);
    targets.push({
      name: 'per-request cost over bare proxy (1 conn, 2 KB, 1 / throughput)', target: '≤ 0.5 ms',
      measured: `${signed(round(over, 3))} ms${spread(c1, (x) => signed(x.costOverBareMs))} (gateway ${round(cost(c1.gateway.rps), 3)} ms, bare ${round(cost(c1.bare.rps), 3)} ms, direct ${round(cost(c1.direct.rps), 3)} ms; bare over direct +${round(cost(c1.bare.rps) - cost(c1.direct.rps), 3)} ms)`,
      pass: over <= 0.5,
    });
  }
  if (r.memory) {
    const m = r.memory;
    targets.push({
      name: `memory flat over a ${Math.round(m.durationS / 60)}-minute run (${m.connections} conn)`, target: 'mean RSS, 2nd half vs 1st half after warm-up: ≤ +10%',
      measured: `${m.firstHalfMeanMB} → ${m.secondHalfMeanMB} MB (${m.growthPct >= 0 ? '+' : ''}${m.growthPct}%); RSS at start ${m.rssStartMB} MB, at end ${m.rssEndMB} MB, idle before load ${m.rssIdleMB} MB`,
      pass: m.growthPct <= 10,
    });
  } else {
    targets.push({ name: 'memory flat over a 5-minute run', target: 'mean RSS growth ≤ 10%', measured: 'not measured in --quick mode', pass: null });
  }
  return targets;
}
