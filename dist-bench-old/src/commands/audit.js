"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerAudit = registerAudit;
const chain_1 = require("../audit/chain");
const complaints_1 = require("../audit/complaints");
const deadline_1 = require("../audit/deadline");
const items_1 = require("../audit/items");
const remediation_1 = require("../audit/remediation");
const retention_1 = require("../audit/retention");
const strikes_1 = require("../audit/strikes");
const cli_support_1 = require("../compliance/cli-support");
const common = (c) => c.option('--config <file>', 'YAML config file (env CONFIG)').option('--db <file>', 'SQLite audit database (env AUDIT_DB, default audit/gateway.db)');
function positiveInt(value, what) {
    const n = Number(value.replace(/^#/, ''));
    if (!Number.isInteger(n) || n <= 0)
        (0, cli_support_1.die)(`${what} "${value}" is not an id. Fix: pass the number shown by \`compliance-gateway audit items\``);
    return n;
}
function registerAudit(program) {
    const audit = program.command('audit').description('audit trail: verify, prune, remediation items, reviews, complaints, user restrictions');
    common(audit.command('verify').description('re-compute the hash chain; names the first altered, missing or inserted row; exit 1 on a break'))
        .action((flags) => (0, cli_support_1.guarded)(() => {
        const config = (0, cli_support_1.configFrom)(flags);
        const report = (0, chain_1.verifyChain)(config.audit.db);
        if (report.ok) {
            process.stdout.write(`chain intact: ${report.rows} rows, head #${report.head.id} ${report.head.rowHash}\n`);
            return;
        }
        const b = report.firstBreak;
        process.stdout.write(`chain BROKEN: first ${b?.reason} row at id ${b?.id} (${report.rows} rows read)\n`);
        process.exitCode = 1;
    }));
    common(audit.command('prune').description('delete request metadata and resolved violations past retention (keeps the chain verifiable)'))
        .option('--dry-run', 'count only')
        .action((flags) => (0, cli_support_1.guarded)(() => {
        const config = (0, cli_support_1.configFrom)(flags);
        const store = (0, cli_support_1.openStore)(config);
        try {
            const c = config.compliance;
            const r = (0, retention_1.prune)(store, { now: Date.now(), requestDays: c.retention.request_days, violationDays: c.retention.violation_days, months: c.remediation_months, dryRun: flags.dryRun });
            process.stdout.write(`${flags.dryRun ? 'would prune' : 'pruned'}: ${r.requests} request rows, ${r.violations} violations (through #${r.lastPrunedId})\n`);
        }
        finally {
            store.close();
        }
    }));
    common(audit.command('items').description('list remediation items (after grouping new violations and marking overdue ones)'))
        .option('--status <list>', 'comma-separated: open,confirmed,false_positive,remediated,overdue')
        .option('--category <code>', 'a category code or group prefix, e.g. A.1.f or A.1')
        .action((flags) => (0, cli_support_1.guarded)(() => {
        const config = (0, cli_support_1.configFrom)(flags);
        const store = (0, cli_support_1.openStore)(config);
        try {
            (0, remediation_1.syncRemediation)(store, { months: config.compliance.remediation_months });
            (0, remediation_1.markOverdue)(store, Date.now());
            process.stdout.write('item\tstatus\tcategory\tstage\tsource\tcount\tdetected\tdeadline\n');
            for (const i of (0, items_1.iterateItems)(store, { status: (0, cli_support_1.parseStatuses)(flags.status), category: flags.category })) {
                process.stdout.write(`#${i.id}\t${i.status}\t${i.category}\t${i.stage}\t${i.source}\t${i.count}\t${(0, deadline_1.isoDay)(i.detectedAt)}\t${(0, deadline_1.isoDay)(i.deadline)}\n`);
            }
        }
        finally {
            store.close();
        }
    }));
    common(audit.command('review').description('record a review: confirm an item, dismiss it as a false positive, or reopen it'))
        .argument('<item>', 'item id (#12 or 12)')
        .requiredOption('--status <status>', 'confirmed | false_positive | open')
        .requiredOption('--reviewer <name>', 'who reviewed it')
        .requiredOption('--note <text>', 'why (kept as evidence)')
        .action((item, flags) => (0, cli_support_1.guarded)(() => {
        const config = (0, cli_support_1.configFrom)(flags);
        const [to] = (0, cli_support_1.parseStatuses)(flags.status) ?? [];
        const store = (0, cli_support_1.openStore)(config);
        try {
            (0, remediation_1.syncRemediation)(store, { months: config.compliance.remediation_months });
            (0, remediation_1.markOverdue)(store, Date.now());
            const status = (0, remediation_1.reviewItem)(store, { itemId: positiveInt(item, 'item'), to, reviewer: flags.reviewer, note: flags.note });
            process.stdout.write(`item #${positiveInt(item, 'item')} is now ${status}\n`);
        }
        finally {
            store.close();
        }
    }));
    common(audit.command('respond').description('record the response to a complaint (closes its response-time clock)'))
        .argument('<complaint>', 'complaint id')
        .requiredOption('--officer <name>', 'who responded')
        .requiredOption('--note <text>', 'what was done / answered')
        .action((id, flags) => (0, cli_support_1.guarded)(() => {
        const store = (0, cli_support_1.openStore)((0, cli_support_1.configFrom)(flags));
        try {
            (0, complaints_1.respondToComplaint)(store, { complaintId: positiveInt(id, 'complaint'), responder: flags.officer, note: flags.note, now: Date.now() });
            process.stdout.write(`complaint #${id} answered\n`);
        }
        finally {
            store.close();
        }
    }));
    common(audit.command('unsuspend').description("lift an end user's warning, limit or suspension"))
        .argument('<user>', 'the end-user id')
        .requiredOption('--officer <name>', 'who lifts it')
        .option('--note <text>', 'why', 'lifted by an officer')
        .action((user, flags) => (0, cli_support_1.guarded)(() => {
        const store = (0, cli_support_1.openStore)((0, cli_support_1.configFrom)(flags));
        try {
            const before = (0, strikes_1.liftUserRestriction)(store, { endUser: user, officer: flags.officer, note: flags.note, now: Date.now() });
            process.stdout.write(`end user restriction lifted (was ${before})\n`);
        }
        finally {
            store.close();
        }
    }));
}
