/**
 * The README plots, drawn from a full run's results by bench/lib/svg.ts. Cost is plotted as CPU
 * time per request in each process: on a shared 2-core box it moves far less with the neighbours'
 * load than throughput does.
 */
import { sizeLabel } from './prompts';
import type { Results } from './results';
import { lineChart } from './svg';

const NAMES = { direct: 'direct', bare: 'bare proxy', gateway: 'gateway' } as const;

export function charts(r: Results): Record<string, string> {
  const out: Record<string, string> = {};
  const sizes = [...new Set(r.nonStreamed.map((c) => c.promptBytes))];
  const conns = [...new Set(r.nonStreamed.map((c) => c.connections))];
  const at = (size: number, conn: number) => r.nonStreamed.find((c) => c.promptBytes === size && c.connections === conn);
  const c = conns.includes(32) ? 32 : conns[conns.length - 1];
  const size = sizes.includes(2000) ? 2000 : sizes[0];
  out['prompt-size.svg'] = lineChart({
    title: `CPU per request by prompt size (${c} connections)`, xLabel: 'prompt size', yLabel: 'CPU µs per request (server process)',
    x: sizes.map(sizeLabel),
    series: [
      { name: 'gateway', values: sizes.map((s) => at(s, c)?.gateway.cpuUsPerRequest.gateway ?? null) },
      { name: 'bare proxy', values: sizes.map((s) => at(s, c)?.bare.cpuUsPerRequest.bare ?? null) },
      { name: 'upstream', values: sizes.map((s) => at(s, c)?.direct.cpuUsPerRequest.upstream ?? null) },
    ],
  });
  out['concurrency.svg'] = lineChart({
    title: `p99 latency by concurrency (${sizeLabel(size)} prompts)`, xLabel: 'connections', yLabel: 'p99 latency (ms)',
    x: conns.map(String),
    series: (['direct', 'bare', 'gateway'] as const).map((k) => ({ name: NAMES[k], values: conns.map((n) => at(size, n)?.[k].p99Ms ?? null) })),
  });
  out['throughput.svg'] = lineChart({
    title: `Throughput by concurrency (${sizeLabel(size)} prompts)`, xLabel: 'connections', yLabel: 'requests / s',
    x: conns.map(String),
    series: (['bare', 'gateway'] as const).map((k) => ({ name: NAMES[k], values: conns.map((n) => at(size, n)?.[k].rps ?? null) })),
  });
  if (r.keywords.length > 0) {
    const kwSizes = [...new Set(r.keywords.flatMap((k) => k.bySize.map((b) => b.promptBytes)))];
    const gatewayCpu = (u: Record<string, number>) => Object.entries(u).find(([n]) => n.startsWith('gateway'))?.[1] ?? null;
    out['keywords.svg'] = lineChart({
      title: `Gateway CPU per request by keyword count (${r.keywords[0].bySize[0]?.connections} conn)`, xLabel: 'entries added to the default rules', yLabel: 'CPU µs per request',
      x: r.keywords.map((k) => (k.extraKeywords === 0 ? 'default' : `+${k.extraKeywords / 1000}k`)),
      series: kwSizes.map((s) => ({ name: `${sizeLabel(s)} prompt`, values: r.keywords.map((k) => gatewayCpu(k.bySize.find((b) => b.promptBytes === s)?.gateway.cpuUsPerRequest ?? {})) })),
    });
  }
  return out;
}
