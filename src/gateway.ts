/**
 * Starts a gateway: rules → audit store → (demo upstream if none configured) → express → listen.
 * Used by `serve` and by the integration tests, so both run the same wiring.
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { recordRuleSet } from './audit/policy-revisions';
import { AuditSpool } from './audit/spool';
import { isPostgresUrl, openAuditStore, type AuditStore } from './audit/store';
import { acquireScorePool, autoThreads, releaseScorePool } from './classifier/score-pool';
import type { Config } from './config';
import { startDemoUpstream, type DemoUpstream } from './demo/upstream';
import type { Logger } from './log';
import { createMetrics, type Metrics } from './metrics';
import type { Engine } from './policy/engine';
import { RulesHolder } from './policy/holder';
import { requestsInFlight } from './request-context';
import { createApp } from './server';

export interface Gateway {
  url: string;
  port: number;
  server: http.Server;
  store: AuditStore;
  /** The engine of the rules revision being served now. */
  readonly engine: Engine;
  rules: RulesHolder;
  metrics: Metrics;
  /** The default upstream (null when only configured routes serve). */
  upstreamUrl: string | null;
  /** Set when no upstream was configured and the built-in echo model is serving. */
  demo: DemoUpstream | null;
  /**
   * Graceful shutdown: stop accepting, let in-flight requests and streams finish for up to
   * `drainMs` (then cut them), flush the audit queue, close the store.
   */
  close(drainMs?: number): Promise<void>;
}

/** Invalid rules refuse the start: the classifier workers acquired for them are let go. */
function loadRulesOrRelease(load: () => RulesHolder): RulesHolder {
  try {
    return load();
  } catch (err) {
    releaseScorePool().catch(() => {});
    throw err;
  }
}

export async function startGateway(config: Config, log: Logger): Promise<Gateway> {
  const store = await openAuditStore({
    file: config.audit.db,
    storageMode: config.audit.storage_mode,
    batchMs: config.audit.batch_ms,
    onError: (err: Error) => log.error('audit batch write failed', { error: err.message }),
  });
  if (config.audit.on_unavailable === 'fail_open') {
    // A postgres:// URL is no place for a spool (and may carry a password): spool next to the rules' cwd.
    const spool = new AuditSpool(config.audit.spool_dir ?? (isPostgresUrl(config.audit.db) ? path.resolve('audit', 'postgres.spool') : `${config.audit.db}.spool`));
    let replayed;
    try {
      replayed = await store.useSpool(spool);
    } catch (err) {
      await store.close();
      throw new Error(`the audit spool ${spool.dir} cannot be read (${(err as Error).message}). Fix: point audit.spool_dir at a writable directory`);
    }
    if (replayed.replayed + replayed.pending + replayed.torn > 0) log.warn('audit spool replayed at start', { ...replayed });
  }
  const metrics = createMetrics();
  // Before the rules: their classifier detectors hand the model to the pool's workers.
  const pool = acquireScorePool(config.classifier_threads === 'auto' ? autoThreads() : config.classifier_threads, (message) => log.warn(message));
  pool.worthIt = () => requestsInFlight() > 1 || pool.inFlight() > 0;
  const rules = loadRulesOrRelease(() => new RulesHolder({
    dir: config.rules_dir,
    engine: {
      observe: (detector, stage, seconds, ok) => metrics.detectorSeconds.labels(detector, stage, ok ? 'ok' : 'error').observe(seconds),
      resentCache: { maxEntries: config.resent_cache_entries, onLookup: (hit) => metrics.resentSegments.inc({ result: hit ? 'hit' : 'miss' }) },
    },
    onReload(result, engine) {
      metrics.reloads.inc({ result: result.ok ? (result.changed ? 'applied' : 'unchanged') : 'rejected' });
      if (result.ok && result.changed) {
        recordRuleSet(store, engine.ruleSet, 'reload').catch((err: unknown) => log.error('policy revision could not be recorded', { error: (err as Error).message }));
        metrics.policyInfo.reset();
        metrics.policyInfo.set({ revision: engine.ruleSet.revision, mode: engine.ruleSet.policy.mode }, 1);
        log.info('rules reloaded', { revision: result.revision });
      } else if (!result.ok) {
        log.error('rules reload rejected; the previous revision keeps serving', { revision: result.revision, problems: result.problems });
      }
    },
  }));
  const ruleSet = rules.current().ruleSet;
  await recordRuleSet(store, ruleSet, 'start');
  metrics.policyInfo.set({ revision: ruleSet.revision, mode: ruleSet.policy.mode }, 1);
  if (config.rules_watch) rules.watch();

  let demo: DemoUpstream | null = null;
  let upstreamUrl = config.upstream.url ?? null;
  // The demo upstream stands in only when nothing at all is configured.
  if (!upstreamUrl && config.routes.length === 0) {
    demo = await startDemoUpstream({ host: '127.0.0.1', port: 0 });
    upstreamUrl = demo.url;
    log.warn('no upstream configured: serving the built-in DEMO upstream (an echo model, not a real model). Set UPSTREAM_URL or --upstream for real traffic.', { demoUpstream: demo.url });
  }

  const app = createApp({ config, rules, metrics, store, log, upstreamUrl });
  const server = http.createServer(app);
  // Longer than typical load-balancer idle timeouts, so the gateway is not the side that drops.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  log.info('gateway listening', { url: `http://${host}:${port}`, upstream: demo ? 'demo' : upstreamUrl, routes: config.routes.map((r) => r.name), policyRevision: ruleSet.revision, keywords: ruleSet.keywords.length, regexRules: ruleSet.regexes.length, mode: ruleSet.policy.mode });

  let closed: Promise<void> | null = null;
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
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), drainMs).unref();
        });
        rules.stopWatching();
        await releaseScorePool();
        await store.close();
        if (demo) await demo.close();
      })();
      return closed;
    },
  };
}
