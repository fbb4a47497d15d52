/**
 * `compliance-gateway eval`: the quality harness. Runs the configured policy (rules + classifiers)
 * offline over labelled JSONL files and prints recall, false-positive rate and latency per file,
 * language and category. `--held-out` keeps only the rows the training split held out. Each row is
 * checked at its own stage (prompts at input, answers at output) unless `--stage` forces one.
 */
import type { Command } from 'commander';
import { readRows } from '../classifier/dataset';
import { evaluate, formatReport } from '../classifier/evaluate';
import { createEngine } from '../policy/engine';
import { loadRuleSet } from '../policy/rules';

interface EvalOptions {
  data: string[];
  rules?: string;
  stage?: string;
  heldOut?: boolean;
  json?: boolean;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('measure the configured policy on labelled JSONL rows {text, label, category, lang}: recall, false positives, latency')
    .requiredOption('--data <files...>', 'labelled JSONL files')
    .option('--rules <dir>', 'rules folder (env RULES_DIR, default rules)')
    .option('--stage <stage>', 'check every row at input (prompts) or output (model answers); default: each row at its own stage')
    .option('--held-out', 'only the rows held out from training (the split of rules/models/)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: EvalOptions) => {
      if (opts.stage !== undefined && opts.stage !== 'input' && opts.stage !== 'output') {
        process.stderr.write(`--stage must be input or output, not "${opts.stage}"\n`);
        process.exit(2);
      }
      try {
        const engine = createEngine(loadRuleSet(opts.rules ?? process.env.RULES_DIR ?? 'rules'));
        const rows = readRows(opts.data).filter((r) => !opts.heldOut || r.heldOut);
        const report = await evaluate(engine, rows, opts.stage);
        process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
      } catch (err) {
        process.stderr.write(`eval failed: ${(err as Error).message}\n`);
        process.exit(2);
      }
    });
}
