"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerReport = registerReport;
const rules_1 = require("../policy/rules");
const cli_support_1 = require("../compliance/cli-support");
const run_1 = require("../compliance/report/run");
const sink_1 = require("../compliance/report/sink");
function registerReport(program) {
    program
        .command('report')
        .description('export remediation items: sft / preference (OpenAI fine-tuning JSONL), csv, json, or a printable html report')
        .requiredOption('--format <format>', run_1.REPORT_FORMATS.join(' | '))
        .option('--since <date>', 'items with a violation on or after this date (UTC, YYYY-MM-DD)')
        .option('--until <date>', 'items first seen before this date')
        .option('--category <code>', 'a category code or group prefix, e.g. A.1.f or A.1')
        .option('--status <list>', 'comma-separated statuses: open,confirmed,false_positive,remediated,overdue')
        .option('--out <file>', 'write to this file instead of stdout')
        .option('--config <file>', 'YAML config file (env CONFIG)')
        .option('--db <file>', 'SQLite audit database (env AUDIT_DB)')
        .option('--rules <dir>', 'rules folder, for the refusal texts of sft / preference (env RULES_DIR)')
        .action((flags) => (0, cli_support_1.guarded)(async () => {
        if (!run_1.REPORT_FORMATS.includes(flags.format))
            (0, cli_support_1.die)(`--format "${flags.format}" is unknown. Fix: use one of ${run_1.REPORT_FORMATS.join(', ')}`);
        const format = flags.format;
        const config = (0, cli_support_1.configFrom)(flags);
        const refusal = format === 'sft' || format === 'preference' ? (0, rules_1.loadRuleSet)(config.rules_dir).policy.refusal : undefined;
        const filter = { since: (0, cli_support_1.parseTime)(flags.since, '--since'), until: (0, cli_support_1.parseTime)(flags.until, '--until'), category: flags.category, status: (0, cli_support_1.parseStatuses)(flags.status) };
        const store = (0, cli_support_1.openStore)(config);
        try {
            const summary = await (0, run_1.runReport)({ store, format, filter, sink: (0, sink_1.outputSink)(flags.out), refusal, months: config.compliance.remediation_months });
            const skipped = Object.entries(summary.skipped).map(([why, n]) => `${n} ${why.replace('_', ' ')}`);
            process.stderr.write(`${format}: ${summary.rows} rows${skipped.length ? ` (skipped: ${skipped.join(', ')})` : ''}${flags.out ? ` → ${flags.out}` : ''}\n`);
            for (const note of summary.notes)
                process.stderr.write(`note: ${note}\n`);
        }
        finally {
            store.close();
        }
    }));
}
