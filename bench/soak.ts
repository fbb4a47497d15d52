/**
 * `npm run soak [-- SECONDS [CONCURRENCY]]`: the long soak (default 300 s, 32 clients) of
 * bench/lib/soak-run.ts. Prints the report as JSON and exits 1 when a guarantee broke (a 500, an
 * unhandled rejection, a block without its audit row, a socket left open).
 */
import path from 'node:path';
import { runSoak } from './lib/soak-run';

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 300);
  const concurrency = Number(process.argv[3] ?? 32);
  const report = await runSoak({ seconds, concurrency, rulesDir: path.resolve('rules') });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const broken = report.unhandled.length > 0 || report.byStatus['500'] !== undefined || report.blockedWithoutAuditRow > 0 || report.gatewayConnectionsAtEnd !== 0;
  process.exitCode = broken ? 1 : 0;
}

void main();
