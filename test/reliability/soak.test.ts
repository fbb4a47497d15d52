/**
 * The short soak in `npm test` (SOAK_SECONDS, default 20): mixed traffic and upstream faults
 * against one gateway (bench/lib/soak-run.ts). Prints RSS, heap and active handles at start and
 * end; asserts no 500, no unhandled rejection, every block audited, no socket left open, and a
 * generous bound on handle growth. `npm run soak` runs the same for minutes.
 */
import { runSoak } from '../../bench/lib/soak-run';
import { RULES_DIR } from '../helpers/gateway';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);

describe('soak', () => {
  it(`serves ${SECONDS} s of mixed traffic and faults without a leak, a 500 or a lost audit row`, async () => {
    const r = await runSoak({ seconds: SECONDS, concurrency: 16, rulesDir: RULES_DIR });
    console.log(
      `soak ${r.seconds} s: ${r.requests} requests, statuses ${JSON.stringify(r.byStatus)}, ${r.abandoned} left mid-stream, ${r.clientErrors} cut by faults, ${r.blocked} blocked\n` +
        `  start: rss ${r.start.rssMb} MB, heap ${r.start.heapMb} MB, handles ${r.start.handles}\n` +
        `  end:   rss ${r.end.rssMb} MB, heap ${r.end.heapMb} MB, handles ${r.end.handles}`,
    );
    expect(r.unhandled).toEqual([]);
    expect(r.byStatus['500']).toBeUndefined();
    expect(r.blocked).toBeGreaterThan(0);
    expect(r.blockedWithoutAuditRow).toBe(0);
    expect(r.gatewayConnectionsAtEnd).toBe(0);
    expect(r.end.handles - r.start.handles).toBeLessThanOrEqual(20);
    expect(r.end.rssMb - r.start.rssMb).toBeLessThan(400);
  }, (SECONDS + 40) * 1000);
});
