"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.charts = charts;
/**
 * The README plots, drawn from a full run's results by bench/lib/svg.ts. Cost is plotted as CPU
 * time per request in each process: on a shared 2-core box it moves far less with the neighbours'
 * load than throughput does.
 */
const prompts_1 = require("./prompts");
const svg_1 = require("./svg");
const NAMES = { direct: 'direct', bare: 'bare proxy', gateway: 'gateway' };
function charts(r) {
    const out = {};
    const sizes = [...new Set(r.nonStreamed.map((c) => c.promptBytes))];
    const conns = [...new Set(r.nonStreamed.map((c) => c.connections))];
    const at = (size, conn) => r.nonStreamed.find((c) => c.promptBytes === size && c.connections === conn);
    const c = conns.includes(32) ? 32 : conns[conns.length - 1];
    const size = sizes.includes(2000) ? 2000 : sizes[0];
    out['prompt-size.svg'] = (0, svg_1.lineChart)({
        title: `CPU per request by prompt size (${c} connections)`, xLabel: 'prompt size', yLabel: 'CPU µs per request (server process)',
        x: sizes.map(prompts_1.sizeLabel),
        series: [
            { name: 'gateway', values: sizes.map((s) => at(s, c)?.gateway.cpuUsPerRequest.gateway ?? null) },
            { name: 'bare proxy', values: sizes.map((s) => at(s, c)?.bare.cpuUsPerRequest.bare ?? null) },
            { name: 'upstream', values: sizes.map((s) => at(s, c)?.direct.cpuUsPerRequest.upstream ?? null) },
        ],
    });
    out['concurrency.svg'] = (0, svg_1.lineChart)({
        title: `p99 latency by concurrency (${(0, prompts_1.sizeLabel)(size)} prompts)`, xLabel: 'connections', yLabel: 'p99 latency (ms)',
        x: conns.map(String),
        series: ['direct', 'bare', 'gateway'].map((k) => ({ name: NAMES[k], values: conns.map((n) => at(size, n)?.[k].p99Ms ?? null) })),
    });
    out['throughput.svg'] = (0, svg_1.lineChart)({
        title: `Throughput by concurrency (${(0, prompts_1.sizeLabel)(size)} prompts)`, xLabel: 'connections', yLabel: 'requests / s',
        x: conns.map(String),
        series: ['bare', 'gateway'].map((k) => ({ name: NAMES[k], values: conns.map((n) => at(size, n)?.[k].rps ?? null) })),
    });
    if (r.keywords.length > 0) {
        const kwSizes = [...new Set(r.keywords.flatMap((k) => k.bySize.map((b) => b.promptBytes)))];
        const gatewayCpu = (u) => Object.entries(u).find(([n]) => n.startsWith('gateway'))?.[1] ?? null;
        out['keywords.svg'] = (0, svg_1.lineChart)({
            title: `Gateway CPU per request by keyword count (${r.keywords[0].bySize[0]?.connections} conn)`, xLabel: 'entries added to the default rules', yLabel: 'CPU µs per request',
            x: r.keywords.map((k) => (k.extraKeywords === 0 ? 'default' : `+${k.extraKeywords / 1000}k`)),
            series: kwSizes.map((s) => ({ name: `${(0, prompts_1.sizeLabel)(s)} prompt`, values: r.keywords.map((k) => gatewayCpu(k.bySize.find((b) => b.promptBytes === s)?.gateway.cpuUsPerRequest ?? {})) })),
        });
    }
    return out;
}
