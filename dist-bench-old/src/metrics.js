"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.createMetrics = createMetrics;
exports.routeLabel = routeLabel;
/**
 * Prometheus metrics (prom-client), one registry per gateway so several gateways in one process
 * (tests, benchmarks) never mix their counters. Labels carry routes, actions, categories and
 * statuses — never request content.
 */
const prom_client_1 = __importDefault(require("prom-client"));
const LATENCY = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
function createMetrics() {
    const registry = new prom_client_1.default.Registry();
    prom_client_1.default.collectDefaultMetrics({ register: registry, prefix: 'cg_' });
    const registers = [registry];
    return {
        registry,
        requests: new prom_client_1.default.Counter({ name: 'cg_requests_total', help: 'Requests answered, by route, HTTP status and the strongest action applied', labelNames: ['route', 'status', 'action'], registers }),
        decisions: new prom_client_1.default.Counter({ name: 'cg_decisions_total', help: 'Non-allow decisions by stage, action and category (one per category per decision)', labelNames: ['stage', 'action', 'category'], registers }),
        inspectSeconds: new prom_client_1.default.Histogram({ name: 'cg_inspect_duration_seconds', help: 'Time to inspect one request or response (all detectors)', labelNames: ['stage'], buckets: LATENCY, registers }),
        detectorSeconds: new prom_client_1.default.Histogram({ name: 'cg_detector_duration_seconds', help: 'Time per detector run', labelNames: ['detector', 'stage', 'outcome'], buckets: LATENCY, registers }),
        upstreamSeconds: new prom_client_1.default.Histogram({ name: 'cg_upstream_duration_seconds', help: 'Time from forwarding to the upstream response headers', labelNames: ['route', 'status'], buckets: LATENCY, registers }),
        auditWriteSeconds: new prom_client_1.default.Histogram({ name: 'cg_audit_write_duration_seconds', help: 'Time to commit an audit row (violation: synchronous, before the response)', labelNames: ['kind'], buckets: LATENCY, registers }),
        streamHoldbackChars: new prom_client_1.default.Histogram({ name: 'cg_stream_holdback_chars', help: 'Characters held back per released stream event', labelNames: ['route'], buckets: [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers }),
        reloads: new prom_client_1.default.Counter({ name: 'cg_rules_reloads_total', help: 'Rules reload attempts by result', labelNames: ['result'], registers }),
        policyInfo: new prom_client_1.default.Gauge({ name: 'cg_policy_info', help: 'The rules revision being served (value 1)', labelNames: ['revision', 'mode'], registers }),
    };
}
/** Route label: the inspected path, or "other" — raw paths would let clients mint label values. */
function routeLabel(route, inspected) {
    return inspected ? route : 'other';
}
