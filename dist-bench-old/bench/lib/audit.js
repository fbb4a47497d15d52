"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.measureAudit = measureAudit;
/**
 * Audit write throughput, on a fresh SQLite file with the store's own settings (WAL,
 * synchronous=FULL): violations committed one by one through recordViolation (each an fsynced
 * transaction, as on the block path), and request-metadata rows queued with recordRequest and
 * committed in batches by flush() (the path all traffic takes).
 */
const node_fs_1 = __importDefault(require("node:fs"));
const node_os_1 = __importDefault(require("node:os"));
const node_path_1 = __importDefault(require("node:path"));
const node_perf_hooks_1 = require("node:perf_hooks");
const store_1 = require("../../src/audit/store");
const load_1 = require("./load");
function violation(i) {
    return {
        requestId: `bench-${i}`, ts: Date.now(), route: '/v1/chat/completions', model: 'bench-model', stage: 'input',
        action: 'block', enforced: 'block', shadow: false, streamed: false, policyRevision: 'bench', clientKeyFp: '0123456789abcdef',
        tenant: null, endUser: null,
        findings: [{ detector: 'keyword', ruleId: 'kw:bench:1', category: 'A.1.f', severity: 'high', score: 1, segment: 0, span: [10, 14], excerpt: '[****]' }],
        content: 'synthetic benchmark text with a finding in it', maskedContent: 'synthetic ****', reasons: ['bench rule matched'],
    };
}
function requestRow(i) {
    return {
        requestId: `bench-req-${i}`, ts: Date.now(), route: '/v1/chat/completions', method: 'POST', model: 'bench-model', status: 200,
        action: 'allow', durationMs: 3, streamed: false, clientKeyFp: '0123456789abcdef', tenant: null, upstreamStatus: 200,
    };
}
function measureAudit(opts) {
    const dir = node_fs_1.default.mkdtempSync(node_path_1.default.join(node_os_1.default.tmpdir(), 'cg-bench-audit-'));
    // batchMs is long so only our explicit flush() commits; the queue never flushes on its own timer.
    const store = store_1.AuditStore.open({ file: node_path_1.default.join(dir, 'audit.db'), batchMs: 60_000, batchSize: opts.batchSize * 2 });
    try {
        let n = 0;
        let t0 = node_perf_hooks_1.performance.now();
        let end = t0 + opts.durationS * 1000;
        while (node_perf_hooks_1.performance.now() < end)
            store.recordViolation(violation(n++));
        const violationS = (node_perf_hooks_1.performance.now() - t0) / 1000;
        let rows = 0;
        t0 = node_perf_hooks_1.performance.now();
        end = t0 + opts.durationS * 1000;
        while (node_perf_hooks_1.performance.now() < end) {
            for (let i = 0; i < opts.batchSize; i++)
                store.recordRequest(requestRow(rows++));
            store.flush();
        }
        const rowsS = (node_perf_hooks_1.performance.now() - t0) / 1000;
        const stats = store.stats();
        return {
            synchronous: 'FULL',
            violationsPerSec: (0, load_1.round)(n / violationS, 0),
            violationsWritten: n,
            violationMeanMs: (0, load_1.round)((violationS * 1000) / n, 3),
            batchSize: opts.batchSize,
            requestRowsPerSec: (0, load_1.round)(rows / rowsS, 0),
            requestRowsWritten: rows,
            violationsInTable: store.countViolations(),
            requestRowsLost: stats.dropped + stats.rejected + stats.queued,
        };
    }
    finally {
        store.close();
        node_fs_1.default.rmSync(dir, { recursive: true, force: true });
    }
}
