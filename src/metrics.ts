/**
 * Prometheus metrics (prom-client), one registry per gateway so several gateways in one process
 * (tests, benchmarks) never mix their counters. Histograms are SeriesHistogram: observed on every
 * request, prom-client's own cost too much there. Labels carry routes, actions, categories and
 * statuses — never request content.
 */
import client from 'prom-client';
import { SeriesHistogram } from './series-histogram';

export interface Metrics {
  registry: client.Registry;
  requests: client.Counter<'route' | 'status' | 'action'>;
  decisions: client.Counter<'stage' | 'action' | 'category'>;
  inspectSeconds: SeriesHistogram<'stage'>;
  detectorSeconds: SeriesHistogram<'detector' | 'stage' | 'outcome'>;
  upstreamSeconds: SeriesHistogram<'route' | 'status'>;
  auditWriteSeconds: SeriesHistogram<'kind'>;
  streamHoldbackChars: SeriesHistogram<'route'>;
  reloads: client.Counter<'result'>;
  resentSegments: client.Counter<'result'>;
  policyInfo: client.Gauge<'revision' | 'mode'>;
}

const LATENCY = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'cg_' });
  const registers = [registry];
  return {
    registry,
    requests: new client.Counter({ name: 'cg_requests_total', help: 'Requests answered, by route, HTTP status and the strongest action applied', labelNames: ['route', 'status', 'action'], registers }),
    decisions: new client.Counter({ name: 'cg_decisions_total', help: 'Non-allow decisions by stage, action and category (one per category per decision)', labelNames: ['stage', 'action', 'category'], registers }),
    inspectSeconds: new SeriesHistogram({ name: 'cg_inspect_duration_seconds', help: 'Time to inspect one request or response (all detectors)', labelNames: ['stage'], buckets: LATENCY, registers }),
    detectorSeconds: new SeriesHistogram({ name: 'cg_detector_duration_seconds', help: 'Time per detector run', labelNames: ['detector', 'stage', 'outcome'], buckets: LATENCY, registers }),
    upstreamSeconds: new SeriesHistogram({ name: 'cg_upstream_duration_seconds', help: 'Time from forwarding to the upstream response headers', labelNames: ['route', 'status'], buckets: LATENCY, registers }),
    auditWriteSeconds: new SeriesHistogram({ name: 'cg_audit_write_duration_seconds', help: 'Time to commit an audit row (violation: synchronous, before the response)', labelNames: ['kind'], buckets: LATENCY, registers }),
    streamHoldbackChars: new SeriesHistogram({ name: 'cg_stream_holdback_chars', help: 'Characters held back per released stream event', labelNames: ['route'], buckets: [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers }),
    resentSegments: new client.Counter({ name: 'cg_resent_segments_total', help: 'Prompt segments looked up in the resent-segment cache, by result (hit: findings reused, miss: inspected)', labelNames: ['result'], registers }),
    reloads: new client.Counter({ name: 'cg_rules_reloads_total', help: 'Rules reload attempts by result', labelNames: ['result'], registers }),
    policyInfo: new client.Gauge({ name: 'cg_policy_info', help: 'The rules revision being served (value 1)', labelNames: ['revision', 'mode'], registers }),
  };
}

/** Route label: the inspected path, or "other" — raw paths would let clients mint label values. */
export function routeLabel(route: string, inspected: boolean): string {
  return inspected ? route : 'other';
}
