/**
 * Starts a gateway: rules → audit store → (demo upstream if none configured) → express → listen.
 * Used by `serve` and by the integration tests, so both run the same wiring.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuditStore } from './audit/store';
import type { Config } from './config';
import { startDemoUpstream, type DemoUpstream } from './demo/upstream';
import type { Logger } from './log';
import { createEngine, type Engine } from './policy/engine';
import { loadRuleSet } from './policy/rules';
import { createApp } from './server';

export interface Gateway {
  url: string;
  port: number;
  server: http.Server;
  store: AuditStore;
  engine: Engine;
  upstreamUrl: string;
  /** Set when no upstream was configured and the built-in echo model is serving. */
  demo: DemoUpstream | null;
  close(): Promise<void>;
}

export async function startGateway(config: Config, log: Logger): Promise<Gateway> {
  const ruleSet = loadRuleSet(config.rules_dir);
  const engine = createEngine(ruleSet);
  const store = AuditStore.open({
    file: config.audit.db,
    storageMode: config.audit.storage_mode,
    batchMs: config.audit.batch_ms,
    onError: (err: Error) => log.error('audit batch write failed', { error: err.message }),
  });

  let demo: DemoUpstream | null = null;
  let upstreamUrl = config.upstream.url;
  if (!upstreamUrl) {
    demo = await startDemoUpstream({ host: '127.0.0.1', port: 0 });
    upstreamUrl = demo.url;
    log.warn('no upstream configured: serving the built-in DEMO upstream (an echo model, not a real model). Set UPSTREAM_URL or --upstream for real traffic.', { demoUpstream: demo.url });
  }

  const app = createApp({ config, engine: () => engine, store, log, upstreamUrl });
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
  log.info('gateway listening', { url: `http://${host}:${port}`, upstream: demo ? 'demo' : upstreamUrl, policyRevision: ruleSet.revision, keywords: ruleSet.keywords.length, regexRules: ruleSet.regexes.length, mode: ruleSet.policy.mode });

  let closed: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    store,
    engine,
    upstreamUrl,
    demo,
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        store.close();
        if (demo) await demo.close();
      })();
      return closed;
    },
  };
}
