/** bench/results/latest.md from a results object: the figures a reader needs, in tables. */
import type { Results } from './results';
import { sizeLabel } from './prompts';
import type { Dist } from './stream';
import type { Cell } from './suites';

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const head = (cells: string[]) => [row(cells), row(cells.map(() => '---'))];
const verdict = (pass: boolean | null) => (pass === null ? '–' : pass ? '✅ met' : '❌ missed');
const d = (x: Dist) => `${x.p50} / ${x.p99}`;

/** The median ratio, with the rounds' range when there were rounds. */
function ratioCell(c: Pick<Cell, 'gatewayToBare' | 'rounds'>): string {
  const pct = (x: number) => Math.round(x * 100);
  const rs = (c.rounds ?? []).map((x) => pct(x.gatewayToBare));
  return rs.length > 1 ? `${pct(c.gatewayToBare)}% (${Math.min(...rs)}–${Math.max(...rs)})` : `${pct(c.gatewayToBare)}%`;
}

function nonStreamed(r: Results): string[] {
  const out = ['## Non-streamed chat completions', '',
    'req/s (2xx only); gateway / bare = median of the interleaved rounds\' ratios (their range in brackets); latency p50 / p99 in ms (autocannon, 1 ms resolution), "over direct" = mean latency difference by Little\'s law (connections / throughput), CPU = µs of CPU per request in the gateway / bare proxy / upstream process, steal = share of the machine\'s CPU time the hypervisor gave other guests during the runs.', '',
    ...head(['prompt', 'conn', 'direct req/s', 'bare req/s', 'gateway req/s', 'gateway / bare', 'direct p50/p99', 'bare p50/p99', 'gateway p50/p99', 'bare over direct', 'gateway over direct', 'CPU µs gw / bare / up', 'steal % bare / gw', 'load 1m'])];
  for (const c of r.nonStreamed) {
    const cpu = c.gateway.cpuUsPerRequest;
    const bareCpu = c.bare.cpuUsPerRequest;
    out.push(row([sizeLabel(c.promptBytes), c.connections, c.direct.rps, c.bare.rps, c.gateway.rps, ratioCell(c),
      `${c.direct.p50Ms} / ${c.direct.p99Ms}`, `${c.bare.p50Ms} / ${c.bare.p99Ms}`, `${c.gateway.p50Ms} / ${c.gateway.p99Ms}`,
      `+${c.bareOverDirectMs} ms`, `+${c.gatewayOverDirectMs} ms`, `${cpu.gateway ?? '?'} / ${bareCpu.bare ?? '?'} / ${cpu.upstream ?? '?'}`, `${c.bare.stealPct ?? '?'} / ${c.gateway.stealPct ?? '?'}`, c.loadAvg1m]));
  }
  return out;
}

function streamed(r: Results): string[] {
  const s = r.streamed;
  const out = ['## Streamed chat completions (SSE)', '',
    `${sizeLabel(s.promptBytes)} prompt; the upstream sends ${r.setup.streamChunks} content chunks ${r.setup.streamChunkDelayMs} ms apart. Our own keep-alive client; ms, p50 / p99.`, ''];
  if (s.error) out.push(`**Streamed runs failed:** ${s.error}`, '');
  out.push(...head(['conn', 'target', 'streams/s', 'TTFB', 'TTFT (first content)', 'chunk gap', 'total', 'frames', 'failures']));
  for (const c of s.cells) {
    for (const [name, x] of [['direct', c.direct], ['bare', c.bare], ['gateway', c.gateway]] as const) {
      out.push(row([c.connections, name, x.streamsPerSec, d(x.ttfbMs), d(x.ttftMs), d(x.gapMs), d(x.totalMs), x.framesPerStream, x.failures]));
    }
  }
  return out;
}

function keywords(r: Results): string[] {
  if (r.keywords.length === 0) return [];
  const out = ['## Keyword count', '', 'The default rules plus synthetic nonsense entries (half Latin whole-word, half CJK substring), each gateway in its own process, against the bare proxy in interleaved rounds (gateway / bare: the median of the rounds\' ratios, their range in brackets).', '',
    ...head(['extra entries', 'gateway start (ms)', 'RSS after start (MB)', 'prompt', 'conn', 'gateway req/s', 'gateway / bare', 'p50 / p99 ms', 'gateway CPU µs/req'])];
  for (const k of r.keywords) {
    for (const b of k.bySize) {
      out.push(row([k.extraKeywords, k.startupMs, k.rssAfterStartMB, sizeLabel(b.promptBytes), b.connections, b.gateway.rps, ratioCell(b),
        `${b.gateway.p50Ms} / ${b.gateway.p99Ms}`, Object.entries(b.gateway.cpuUsPerRequest).find(([n]) => n.startsWith('gateway'))?.[1] ?? '?']));
    }
  }
  return out;
}

function turns(r: Results): string[] {
  const t = r.multiTurn;
  if (!t) return [];
  const cpu = (x: { cpuUsPerRequest: Record<string, number> }) => Object.entries(x.cpuUsPerRequest).find(([n]) => !n.startsWith('upstream'))?.[1] ?? '?';
  return ['## Multi-turn chats (resent history)', '',
    `${t.turns}-turn chats with ${sizeLabel(t.turnBytes)} user turns and ~500 B answers, 64 conversations side by side, ${t.connections} connections; each request resends the system prompt and the conversation so far (mean body ${t.meanRequestBytes} B). The gateway reuses the findings of resent segments (resent_cache_entries, default on); "cache off" is a second gateway with resent_cache_entries: 0.`, '',
    ...head(['target', 'req/s', '/ bare', 'p50 / p99 ms', 'CPU µs/req']),
    row(['bare proxy', t.bare.rps, '100%', `${t.bare.p50Ms} / ${t.bare.p99Ms}`, cpu(t.bare)]),
    row(['gateway', t.gateway.rps, `${Math.round(t.gatewayToBare * 100)}%`, `${t.gateway.p50Ms} / ${t.gateway.p99Ms}`, cpu(t.gateway)]),
    row(['gateway, cache off', t.gatewayNoCache.rps, `${Math.round(t.noCacheToBare * 100)}%`, `${t.gatewayNoCache.p50Ms} / ${t.gatewayNoCache.p99Ms}`, cpu(t.gatewayNoCache)]), ''];
}

function lanes(r: Results): string[] {
  const l = r.lanes;
  if (!l) return [];
  const names = { none: 'no detectors (plumbing only)', rules: 'keyword + pattern rules', classifier: 'local classifier', default: 'default policy (both)' };
  return ['## What each part of the policy costs', '',
    `${sizeLabel(l.promptBytes)} prompts, ${l.connections} connections. Four gateways that differ only in their rules folder (bench/lib/lanes.ts), and the bare proxy, in rounds of rotating order; gateway / bare = median of the rounds' ratios (each round in brackets). CPU = µs per request in the gateway process, all threads.`, '',
    ...head(['gateway', 'req/s', 'gateway / bare', 'CPU µs/req', 'CPU over bare']),
    row(['bare proxy', l.bare.rps, '100%', l.bareCpuUsPerRequest, '']),
    ...l.lanes.map((x) => row([names[x.lane], x.gateway.rps, `${Math.round(x.toBare * 100)}% (${x.roundRatios.map((y) => Math.round(y * 100)).join(' / ')})`, x.cpuUsPerRequest, `+${x.cpuUsPerRequest - l.bareCpuUsPerRequest}`])), ''];
}

function peers(r: Results): string[] {
  const p = r.peers;
  if (!p) return [];
  const names = { bare: 'bare proxy (express + http-proxy-middleware)', gateway: 'compliance-gateway, default policy', portkey: `Portkey gateway ${p.portkeyVersion}, proxy only`, 'portkey-guardrail': `Portkey gateway ${p.portkeyVersion}, keyword guardrail` };
  return ['## A peer side by side', '',
    `Portkey's open-source AI gateway (npm \`@portkey-ai/gateway\`, Node build, production mode; bench/servers/portkey.ts), the bare proxy and our gateway on the same upstream and prompts (${sizeLabel(p.cells[0]?.promptBytes ?? 0)}), in rounds of rotating order; / bare = median of the rounds' ratios (each round in brackets); CPU = µs per request in that target's process. "Keyword guardrail": Portkey's built-in \`default.contains\` check (operator none, deny) on input and output with the ${p.guardrailWords} plain entries of our keyword lists; the open-source gateway takes guardrails only in a per-request config header, here ${p.guardrailHeaderBytes} bytes (Chinese entries as JSON \\u escapes). It is a substring test per entry: no normalization, word boundaries, variants, patterns or classifier (bench/lib/peers.ts).`, '',
    ...head(['conn', 'target', 'req/s', '/ bare', 'p50 / p99 ms', 'CPU µs/req']),
    ...p.cells.flatMap((c) => c.runs.map((x) => row([c.connections, names[x.target], x.result.rps, `${Math.round(x.toBare * 100)}% (${x.roundRatios.map((y) => Math.round(y * 100)).join(' / ')})`, `${x.result.p50Ms} / ${x.result.p99Ms}`, x.cpuUsPerRequest]))), ''];
}

function rest(r: Results): string[] {
  const out: string[] = [];
  if (r.memory) {
    const m = r.memory;
    out.push('## Memory', '', `${m.durationS} s at ${m.connections} connections, ${sizeLabel(m.promptBytes)} prompts, ${m.rps} req/s. Gateway RSS (MB) over time: ${m.rssMB.map((s) => `${s.atS}s ${s.rss}`).join(', ')}.`, '');
  }
  const a = r.audit;
  out.push('## Audit writes', '', `SQLite WAL, synchronous=${a.synchronous}: **${a.violationsPerSec} violations/s** committed one by one (recordViolation, ${a.violationMeanMs} ms each, ${a.violationsInTable} rows in the table); **${a.requestRowsPerSec} request-metadata rows/s** in batches of ${a.batchSize} (${a.requestRowsLost} lost).`, '');
  const p = r.auditPostgres;
  if (p && 'skipped' in p) out.push(`PostgreSQL: not measured (${p.skipped}).`, '');
  else if (p) out.push(`PostgreSQL (local cluster on loopback, ${p.synchronous}, fsync on): **${p.violationsPerSec} violations/s** one by one under the global chain lock (${p.violationMeanMs} ms each, ${p.violationsInTable} rows in the table); **${p.requestRowsPerSec} request-metadata rows/s** in batches of ${p.batchSize} (${p.requestRowsLost} lost).`, '');
  out.push('## Detection engine', '');
  if (r.engine.status === 'ok') out.push(`Via \`${r.engine.via}\`:`, '', '```json', JSON.stringify(r.engine.result, null, 2).slice(0, 6000), '```', '');
  else if (r.engine.status === 'failed') out.push(`Failed (\`${r.engine.via}\`): ${r.engine.error.split('\n')[0]}`, '');
  else out.push(`Not included: ${r.engine.note}.`, '');
  if (r.upstreamContrast) {
    const u = r.upstreamContrast;
    out.push('## Which fake upstream', '', `Direct at ${u.connections} connections, ${sizeLabel(u.promptBytes)}: lean raw upstream ${u.leanRps} req/s, src/demo/upstream.ts ${u.demoRps} req/s. The lean one is used for every figure above (see setup).`, '');
  }
  out.push('## Processes', '', ...head(['process', 'role', 'startup ms', 'RSS start MB', 'RSS end MB']));
  for (const s of r.servers) out.push(row([s.name, s.role, s.startupMs, s.rssStartMB, s.rssEndMB]));
  return out;
}

export function markdown(r: Results): string {
  const m = r.machine;
  return [
    `# Benchmark results — ${r.date} (${r.mode})`, '',
    `\`${r.command}\` in ${r.elapsedS} s. Machine: ${m.cpuModel}, ${m.cores} cores, ${m.totalMemMB} MB, Node ${m.node}, ${m.platform}; load average ${m.loadAvg.join(' / ')} at start, ${r.loadAvgEnd.join(' / ')} at end. Raw figures: \`${r.date}${r.mode === 'quick' ? '-quick' : ''}.json\`.`, '',
    '## Setup', '', ...r.setup.notes.map((n) => `- ${n}`), '',
    '## Targets (issue 9)', '', ...head(['target', 'wanted', 'measured', '']),
    ...r.targets.map((t) => row([t.name, t.target, t.measured, verdict(t.pass)])), '',
    ...(r.mode === 'full' ? ['Plots: [CPU by prompt size](../../docs/bench/prompt-size.svg) · [p99 by concurrency](../../docs/bench/concurrency.svg) · [throughput by concurrency](../../docs/bench/throughput.svg) · [CPU by keyword count](../../docs/bench/keywords.svg)', ''] : []),
    ...nonStreamed(r), '', ...streamed(r), '', ...keywords(r), '', ...turns(r), ...lanes(r), ...peers(r), ...rest(r),
  ].join('\n') + '\n';
}
