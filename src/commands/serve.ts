/** `compliance-gateway serve`: run the gateway until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config';
import { startGateway } from '../gateway';
import { createLogger } from '../log';
import { RulesError } from '../policy/rules';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the filtering proxy (with a built-in demo upstream when none is configured)')
    .option('--config <file>', 'YAML config file (env CONFIG)')
    .option('--port <n>', 'listen port (env PORT, default 8080)')
    .option('--host <h>', 'listen address (default 127.0.0.1)')
    .option('--upstream <url>', 'model API base URL, e.g. https://api.openai.com (env UPSTREAM_URL)')
    .option('--db <file|url>', 'SQLite audit file or postgres:// URL for a shared store (env AUDIT_DB, default audit/gateway.db)')
    .option('--rules <dir>', 'rules folder (env RULES_DIR, default rules)')
    .option('--log-level <level>', 'error | warn | info | debug (env LOG_LEVEL, default info)')
    .action(async (flags: { config?: string; port?: string; host?: string; upstream?: string; db?: string; rules?: string; logLevel?: string }) => {
      let config;
      try {
        config = loadConfig({ flags });
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`${err.message}\nThe gateway did not start.\n`);
          process.exit(2);
        }
        throw err;
      }
      const log = createLogger({ level: config.log_level });
      let gateway;
      try {
        gateway = await startGateway(config, log);
      } catch (err) {
        if (err instanceof RulesError) {
          process.stderr.write(`${err.message}\nThe gateway did not start.\n`);
          process.exit(2);
        }
        process.stderr.write(`the gateway could not start: ${(err as Error).message}\n`);
        process.exit(2);
      }
      if (gateway.demo) {
        process.stderr.write(`\n  compliance-gateway on ${gateway.url}  →  DEMO upstream (echo model "demo-echo"; not a real model)\n  try: curl ${gateway.url}/v1/chat/completions -H 'content-type: application/json' -d '{"model":"demo-echo","messages":[{"role":"user","content":"hello"}]}'\n\n`);
      }
      const stop = (signal: string) => {
        log.info('shutting down', { signal });
        gateway.close().then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGHUP', () => {
        const result = gateway.rules.reload();
        log.info('SIGHUP: rules reload', { ok: result.ok, revision: result.revision });
      });
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
