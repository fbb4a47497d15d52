"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.startGateway = startGateway;
/**
 * Starts a gateway: rules → audit store → (demo upstream if none configured) → express → listen.
 * Used by `serve` and by the integration tests, so both run the same wiring.
 */
const node_http_1 = __importDefault(require("node:http"));
const policy_revisions_1 = require("./audit/policy-revisions");
const spool_1 = require("./audit/spool");
const store_1 = require("./audit/store");
const upstream_1 = require("./demo/upstream");
const metrics_1 = require("./metrics");
const holder_1 = require("./policy/holder");
const server_1 = require("./server");
async function startGateway(config, log) {
    const store = store_1.AuditStore.open({
        file: config.audit.db,
        storageMode: config.audit.storage_mode,
        batchMs: config.audit.batch_ms,
        onError: (err) => log.error('audit batch write failed', { error: err.message }),
    });
    if (config.audit.on_unavailable === 'fail_open') {
        const spool = new spool_1.AuditSpool(config.audit.spool_dir ?? `${config.audit.db}.spool`);
        let replayed;
        try {
            replayed = store.useSpool(spool);
        }
        catch (err) {
            store.close();
            throw new Error(`the audit spool ${spool.dir} cannot be read (${err.message}). Fix: point audit.spool_dir at a writable directory`);
        }
        if (replayed.replayed + replayed.pending + replayed.torn > 0)
            log.warn('audit spool replayed at start', { ...replayed });
    }
    const metrics = (0, metrics_1.createMetrics)();
    const rules = new holder_1.RulesHolder({
        dir: config.rules_dir,
        observe: (detector, stage, seconds, ok) => metrics.detectorSeconds.observe({ detector, stage, outcome: ok ? 'ok' : 'error' }, seconds),
        onReload(result, engine) {
            metrics.reloads.inc({ result: result.ok ? (result.changed ? 'applied' : 'unchanged') : 'rejected' });
            if (result.ok && result.changed) {
                (0, policy_revisions_1.recordRuleSet)(store, engine.ruleSet, 'reload');
                metrics.policyInfo.reset();
                metrics.policyInfo.set({ revision: engine.ruleSet.revision, mode: engine.ruleSet.policy.mode }, 1);
                log.info('rules reloaded', { revision: result.revision });
            }
            else if (!result.ok) {
                log.error('rules reload rejected; the previous revision keeps serving', { revision: result.revision, problems: result.problems });
            }
        },
    });
    const ruleSet = rules.current().ruleSet;
    (0, policy_revisions_1.recordRuleSet)(store, ruleSet, 'start');
    metrics.policyInfo.set({ revision: ruleSet.revision, mode: ruleSet.policy.mode }, 1);
    if (config.rules_watch)
        rules.watch();
    let demo = null;
    let upstreamUrl = config.upstream.url ?? null;
    // The demo upstream stands in only when nothing at all is configured.
    if (!upstreamUrl && config.routes.length === 0) {
        demo = await (0, upstream_1.startDemoUpstream)({ host: '127.0.0.1', port: 0 });
        upstreamUrl = demo.url;
        log.warn('no upstream configured: serving the built-in DEMO upstream (an echo model, not a real model). Set UPSTREAM_URL or --upstream for real traffic.', { demoUpstream: demo.url });
    }
    const app = (0, server_1.createApp)({ config, rules, metrics, store, log, upstreamUrl });
    const server = node_http_1.default.createServer(app);
    // Longer than typical load-balancer idle timeouts, so the gateway is not the side that drops.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
            server.off('error', reject);
            resolve();
        });
    });
    const port = server.address().port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    log.info('gateway listening', { url: `http://${host}:${port}`, upstream: demo ? 'demo' : upstreamUrl, routes: config.routes.map((r) => r.name), policyRevision: ruleSet.revision, keywords: ruleSet.keywords.length, regexRules: ruleSet.regexes.length, mode: ruleSet.policy.mode });
    let closed = null;
    return {
        url: `http://${host}:${port}`,
        port,
        server,
        store,
        get engine() {
            return rules.current();
        },
        rules,
        metrics,
        upstreamUrl,
        demo,
        close(drainMs = 10_000) {
            closed ??= (async () => {
                await new Promise((resolve) => {
                    server.close(() => resolve());
                    server.closeIdleConnections();
                    setTimeout(() => server.closeAllConnections(), drainMs).unref();
                });
                rules.stopWatching();
                store.close();
                if (demo)
                    await demo.close();
            })();
            return closed;
        },
    };
}
