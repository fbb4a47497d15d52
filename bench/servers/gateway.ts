/**
 * The gateway under test, exactly as `serve` starts it (startGateway with loadConfig), with a
 * silent logger, its own audit file and the given rules folder (default policy unless the runner
 * passes a temp copy with synthetic keyword lists).
 */
import { scorePool } from '../../src/classifier/score-pool';
import { loadConfig } from '../../src/config';
import { startGateway } from '../../src/gateway';
import { createLogger } from '../../src/log';
import { announce, arg } from './ipc';

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig({
    env: {},
    flags: { port: 0, host: '127.0.0.1', upstream: arg('upstream'), db: arg('db'), rules: arg('rules') },
  });
  const threads = arg('classifier-threads', '');
  if (threads) config.classifier_threads = threads === 'auto' ? 'auto' : Number(threads);
  const resent = arg('resent-cache-entries', '');
  if (resent) config.resent_cache_entries = Number(resent);
  const gateway = await startGateway(config, createLogger({ silent: true }));
  // Measure the steady state: the classifier workers have the model (until then it scores inline).
  await scorePool()?.loaded();
  announce(gateway.url, startedAt);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench gateway failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
