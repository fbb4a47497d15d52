/**
 * `npm run bench:audit`: only the audit-write section of `npm run bench`, on both stores (SQLite
 * file, PostgreSQL cluster), written to bench/results/audit-stores.json. Quicker to rerun than the
 * whole bench when the audit layer changes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureAudit, measureAuditPostgres } from './lib/audit';

async function main(): Promise<void> {
  const durationS = Number(process.env.AUDIT_BENCH_S ?? 3);
  const sqlite = await measureAudit({ durationS, batchSize: 500 });
  process.stdout.write(`SQLite:     ${sqlite.violationsPerSec} violations/s (${sqlite.violationMeanMs} ms each), ${sqlite.requestRowsPerSec} request rows/s\n`);
  const postgres = await measureAuditPostgres({ durationS, batchSize: 500 });
  if ('skipped' in postgres) process.stdout.write(`PostgreSQL: skipped (${postgres.skipped})\n`);
  else process.stdout.write(`PostgreSQL: ${postgres.violationsPerSec} violations/s (${postgres.violationMeanMs} ms each), ${postgres.requestRowsPerSec} request rows/s\n`);
  const out = path.resolve(__dirname, '../../bench/results/audit-stores.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? '?', loadAvg: os.loadavg().map((x) => Math.round(x * 100) / 100) };
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), command: 'npm run bench:audit', durationS, machine, sqlite, postgres }, null, 2) + '\n');
  process.stdout.write(`written: ${path.relative(process.cwd(), out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
