/**
 * `compliance-gateway audit …`: verify the chain, prune past retention, list and review remediation
 * items, answer complaints, lift user restrictions.
 */
import type { Command } from 'commander';
import { verifyChain } from '../audit/chain';
import { respondToComplaint } from '../audit/complaints';
import { isoDay } from '../audit/deadline';
import { iterateItems } from '../audit/items';
import { markOverdue, reviewItem, syncRemediation } from '../audit/remediation';
import { prune } from '../audit/retention';
import { migrateSqliteToPostgres, parseSqliteSource } from '../audit/migrate';
import { isPostgresUrl } from '../audit/store';
import { liftUserRestriction } from '../audit/strikes';
import { configFrom, die, guarded, openAnyStore, parseStatuses, type CommonFlags } from '../compliance/cli-support';

const common = (c: Command): Command =>
  c.option('--config <file>', 'YAML config file (env CONFIG)').option('--db <file|url>', 'SQLite audit file or postgres:// URL (env AUDIT_DB, default audit/gateway.db)');

function positiveInt(value: string, what: string): number {
  const n = Number(value.replace(/^#/, ''));
  if (!Number.isInteger(n) || n <= 0) die(`${what} "${value}" is not an id. Fix: pass the number shown by \`compliance-gateway audit items\``);
  return n;
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('audit trail: verify, prune, remediation items, reviews, complaints, user restrictions');

  common(audit.command('verify').description('re-compute the hash chain; names the first altered, missing or inserted row; exit 1 on a break'))
    .action((flags: CommonFlags) =>
      guarded(async () => {
        const config = configFrom(flags);
        const report = await verifyChain(config.audit.db);
        if (report.ok) {
          process.stdout.write(`chain intact: ${report.rows} rows, head #${report.head.id} ${report.head.rowHash}\n`);
          return;
        }
        const b = report.firstBreak;
        process.stdout.write(`chain BROKEN: first ${b?.reason} row at id ${b?.id} (${report.rows} rows read)\n`);
        process.exitCode = 1;
      }),
    );

  common(audit.command('prune').description('delete request metadata and resolved violations past retention (keeps the chain verifiable)'))
    .option('--dry-run', 'count only')
    .action((flags: CommonFlags & { dryRun?: boolean }) =>
      guarded(async () => {
        const config = configFrom(flags);
        const store = await openAnyStore(config);
        try {
          const c = config.compliance;
          const r = await prune(store, { now: Date.now(), requestDays: c.retention.request_days, violationDays: c.retention.violation_days, months: c.remediation_months, dryRun: flags.dryRun });
          process.stdout.write(`${flags.dryRun ? 'would prune' : 'pruned'}: ${r.requests} request rows, ${r.violations} violations (through #${r.lastPrunedId})\n`);
        } finally {
          await store.close();
        }
      }),
    );

  common(audit.command('items').description('list remediation items (after grouping new violations and marking overdue ones)'))
    .option('--status <list>', 'comma-separated: open,confirmed,false_positive,remediated,overdue')
    .option('--category <code>', 'a category code or group prefix, e.g. A.1.f or A.1')
    .action((flags: CommonFlags & { status?: string; category?: string }) =>
      guarded(async () => {
        const config = configFrom(flags);
        const store = await openAnyStore(config);
        try {
          await syncRemediation(store, { months: config.compliance.remediation_months });
          await markOverdue(store, Date.now());
          process.stdout.write('item\tstatus\tcategory\tstage\tsource\tcount\tdetected\tdeadline\n');
          for await (const i of iterateItems(store, { status: parseStatuses(flags.status), category: flags.category })) {
            process.stdout.write(`#${i.id}\t${i.status}\t${i.category}\t${i.stage}\t${i.source}\t${i.count}\t${isoDay(i.detectedAt)}\t${isoDay(i.deadline)}\n`);
          }
        } finally {
          await store.close();
        }
      }),
    );

  common(audit.command('review').description('record a review: confirm an item, dismiss it as a false positive, or reopen it'))
    .argument('<item>', 'item id (#12 or 12)')
    .requiredOption('--status <status>', 'confirmed | false_positive | open')
    .requiredOption('--reviewer <name>', 'who reviewed it')
    .requiredOption('--note <text>', 'why (kept as evidence)')
    .action((item: string, flags: CommonFlags & { status: string; reviewer: string; note: string }) =>
      guarded(async () => {
        const config = configFrom(flags);
        const [to] = parseStatuses(flags.status) ?? [];
        const store = await openAnyStore(config);
        try {
          await syncRemediation(store, { months: config.compliance.remediation_months });
          await markOverdue(store, Date.now());
          const status = await reviewItem(store, { itemId: positiveInt(item, 'item'), to, reviewer: flags.reviewer, note: flags.note });
          process.stdout.write(`item #${positiveInt(item, 'item')} is now ${status}\n`);
        } finally {
          await store.close();
        }
      }),
    );

  common(audit.command('respond').description('record the response to a complaint (closes its response-time clock)'))
    .argument('<complaint>', 'complaint id')
    .requiredOption('--officer <name>', 'who responded')
    .requiredOption('--note <text>', 'what was done / answered')
    .action((id: string, flags: CommonFlags & { officer: string; note: string }) =>
      guarded(async () => {
        const store = await openAnyStore(configFrom(flags));
        try {
          await respondToComplaint(store, { complaintId: positiveInt(id, 'complaint'), responder: flags.officer, note: flags.note, now: Date.now() });
          process.stdout.write(`complaint #${id} answered\n`);
        } finally {
          await store.close();
        }
      }),
    );

  audit
    .command('migrate')
    .description('copy a SQLite audit database into an empty PostgreSQL one (ids and hash chain unchanged), then verify both')
    .requiredOption('--from <source>', 'sqlite:path/to/gateway.db')
    .requiredOption('--to <url>', 'postgres://user@host:5432/db')
    .action((flags: { from: string; to: string }) =>
      guarded(async () => {
        if (!isPostgresUrl(flags.to)) die(`--to "${flags.to}" is not a PostgreSQL URL. Fix: --to postgres://user@host:5432/db`);
        const r = await migrateSqliteToPostgres({
          file: parseSqliteSource(flags.from),
          url: flags.to,
          onTable: (table, n) => process.stdout.write(`  ${table}: ${n} rows\n`),
        });
        const same = r.target.ok && r.target.rows === r.source.rows && r.target.head.rowHash === r.source.head.rowHash;
        process.stdout.write(`source chain: ${r.source.rows} rows, head #${r.source.head.id} ${r.source.head.rowHash}\n`);
        process.stdout.write(`target chain: ${r.target.rows} rows, head #${r.target.head.id} ${r.target.head.rowHash} ${same ? '(identical)' : '(DIFFERS)'}\n`);
        if (!same) process.exitCode = 1;
      }),
    );

  common(audit.command('unsuspend').description("lift an end user's warning, limit or suspension"))
    .argument('<user>', 'the end-user id')
    .requiredOption('--officer <name>', 'who lifts it')
    .option('--note <text>', 'why', 'lifted by an officer')
    .action((user: string, flags: CommonFlags & { officer: string; note: string }) =>
      guarded(async () => {
        const store = await openAnyStore(configFrom(flags));
        try {
          const before = await liftUserRestriction(store, { endUser: user, officer: flags.officer, note: flags.note, now: Date.now() });
          process.stdout.write(`end user restriction lifted (was ${before})\n`);
        } finally {
          await store.close();
        }
      }),
    );
}
