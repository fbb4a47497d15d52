/** `compliance-gateway replay`: re-ask the (retrained) model the prompts of remediation items. */
import type { Command } from 'commander';
import { createEngine } from '../policy/engine';
import { loadRuleSet } from '../policy/rules';
import { configFrom, die, guarded, openAnyStore, parseStatuses, type CommonFlags } from '../compliance/cli-support';
import { runReplay } from '../compliance/replay';

interface ReplayFlags extends CommonFlags {
  status: string;
  upstream?: string;
  model?: string;
  category?: string;
  apiKeyEnv: string;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('re-send the prompts of remediation items to the model through the same policy; items that no longer violate become remediated')
    .option('--status <list>', 'which items: open, confirmed, overdue (comma-separated)', 'confirmed,overdue')
    .option('--upstream <url>', 'the model API base (default: upstream.url from the config)')
    .option('--model <name>', 'model to ask (default: the model recorded with each violation)')
    .option('--category <code>', 'only this category or group prefix')
    .option('--api-key-env <name>', 'environment variable holding the model API key', 'OPENAI_API_KEY')
    .option('--config <file>', 'YAML config file (env CONFIG)')
    .option('--db <file>', 'SQLite audit database (env AUDIT_DB)')
    .option('--rules <dir>', 'rules folder (env RULES_DIR)')
    .action((flags: ReplayFlags) =>
      guarded(async () => {
        const config = configFrom(flags);
        const upstream = flags.upstream ?? config.upstream.url;
        if (!upstream) die('replay needs the model: pass --upstream URL (e.g. https://api.openai.com) or set upstream.url');
        const statuses = parseStatuses(flags.status) ?? ['confirmed', 'overdue'];
        const engine = createEngine(loadRuleSet(config.rules_dir));
        const store = await openAnyStore(config);
        try {
          const s = await runReplay({
            store, engine, upstream, statuses, model: flags.model, category: flags.category,
            apiKey: process.env[flags.apiKeyEnv], months: config.compliance.remediation_months,
          });
          process.stdout.write('category\treplayed\tstill violating\tremediated\tregeneration rate\n');
          for (const c of s.categories) {
            process.stdout.write(`${c.category}\t${c.replayed}\t${c.stillViolating}\t${c.remediated}\t${(100 * c.regenerationRate).toFixed(1)}%\n`);
          }
          if (s.skippedNoPrompt > 0) process.stderr.write(`${s.skippedNoPrompt} item(s) skipped: no stored prompt (hash storage, or an output violation recorded without its prompt)\n`);
          for (const f of s.failed.slice(0, 20)) process.stderr.write(`item #${f.itemId}: ${f.error}\n`);
          if (s.failed.length > 0) process.exitCode = 1;
        } finally {
          await store.close();
        }
      }),
    );
}
