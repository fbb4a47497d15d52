/** `compliance-gateway report`: retraining exports (sft, preference), item lists (csv, json), the HTML report. */
import type { Command } from 'commander';
import { loadRuleSet } from '../policy/rules';
import { configFrom, die, guarded, openAnyStore, parseStatuses, parseTime, type CommonFlags } from '../compliance/cli-support';
import { REPORT_FORMATS, runReport, type ReportFormat } from '../compliance/report/run';
import { outputSink } from '../compliance/report/sink';

interface ReportFlags extends CommonFlags {
  since?: string;
  until?: string;
  category?: string;
  status?: string;
  format: string;
  out?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('export remediation items: sft / preference (OpenAI fine-tuning JSONL), csv, json, or a printable html report')
    .requiredOption('--format <format>', REPORT_FORMATS.join(' | '))
    .option('--since <date>', 'items with a violation on or after this date (UTC, YYYY-MM-DD)')
    .option('--until <date>', 'items first seen before this date')
    .option('--category <code>', 'a category code or group prefix, e.g. A.1.f or A.1')
    .option('--status <list>', 'comma-separated statuses: open,confirmed,false_positive,remediated,overdue')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--config <file>', 'YAML config file (env CONFIG)')
    .option('--db <file>', 'SQLite audit database (env AUDIT_DB)')
    .option('--rules <dir>', 'rules folder, for the refusal texts of sft / preference (env RULES_DIR)')
    .action((flags: ReportFlags) =>
      guarded(async () => {
        if (!(REPORT_FORMATS as readonly string[]).includes(flags.format)) die(`--format "${flags.format}" is unknown. Fix: use one of ${REPORT_FORMATS.join(', ')}`);
        const format = flags.format as ReportFormat;
        const config = configFrom(flags);
        const refusal = format === 'sft' || format === 'preference' ? loadRuleSet(config.rules_dir).policy.refusal : undefined;
        const filter = { since: parseTime(flags.since, '--since'), until: parseTime(flags.until, '--until'), category: flags.category, status: parseStatuses(flags.status) };
        const store = await openAnyStore(config);
        try {
          const summary = await runReport({ store, format, filter, sink: outputSink(flags.out), refusal, months: config.compliance.remediation_months });
          const skipped = Object.entries(summary.skipped).map(([why, n]) => `${n} ${why.replace('_', ' ')}`);
          process.stderr.write(`${format}: ${summary.rows} rows${skipped.length ? ` (skipped: ${skipped.join(', ')})` : ''}${flags.out ? ` → ${flags.out}` : ''}\n`);
          for (const note of summary.notes) process.stderr.write(`note: ${note}\n`);
        } finally {
          await store.close();
        }
      }),
    );
}
