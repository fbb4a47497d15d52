/**
 * A 1,000,000-item export streams: the live heap during the export stays far below what holding the
 * rows would take (~1M × 200 bytes of JSON alone). A memory bound, not a timing assertion.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import v8 from 'node:v8';
import vm from 'node:vm';
import Database from 'better-sqlite3';
import { runReport } from '../../src/compliance/report/run';
import { outputSink, type Sink } from '../../src/compliance/report/sink';
import { JAN_31, tempStore, type TempStore } from '../unit/audit/fixtures';

const ROWS = 1_000_000;
const MB = 1024 * 1024;

/** Generates the rows inside SQLite (a recursive sequence in one transaction); the chain is not under test here. */
function seed(file: string): void {
  const db = new Database(file);
  db.transaction(() => {
    db.prepare(`WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < @rows)
      INSERT INTO violations (id, request_id, ts, route, stage, action, enforced, shadow, streamed, categories, rule_ids,
        policy_revision, storage_mode, content, content_sha256, findings, reasons, source, prev_hash, row_hash)
      SELECT n, 'req-' || n, @ts + n, '/v1/chat/completions', 'input', 'block', 'block', 0, 0, '["A.1.f"]', '["kw"]', 'rev', 'full',
        'messages[0].content: prompt number ' || n || ' asking for something the policy blocks', 'sha', '[]', '[]', 'traffic', 'p', 'h' || n
      FROM seq`).run({ rows: ROWS, ts: JAN_31 });
    db.prepare(`INSERT INTO remediation_items (id, group_key, category, stage, source, first_violation_id, last_violation_id, first_seen,
        last_seen, count, detected_at, deadline, status, status_at)
      SELECT id, 'k' || id, 'A.1.f', 'input', 'traffic', id, id, ts, ts, 1, ts, ts + 7776000000, 'open', ts FROM violations`).run();
    db.prepare('UPDATE remediation_cursor SET last_violation_id = ?').run(ROWS);
  })();
  db.close();
}

/**
 * The collector, so that samples measure what the export keeps alive, not garbage it has not
 * collected yet (which depends on how busy the machine is: 168 MB of it was seen once under load).
 */
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

function liveHeap(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

/** A file sink that samples the live heap every 50k rows. */
function measuredSink(file: string, peak: { heap: number }): Sink {
  const inner = outputSink(file);
  let n = 0;
  return {
    write(text) {
      if (++n % 50_000 === 0) peak.heap = Math.max(peak.heap, liveHeap());
      return inner.write(text);
    },
    end: () => inner.end(),
  };
}

// The timeouts only guard against a hang: this suite measures memory, not speed (a busy 2-core
// machine has taken over 60 s for the export), so they are generous.
describe('a 1,000,000-item export', () => {
  let t: TempStore;
  beforeAll(() => {
    t = tempStore('full');
    seed(t.file);
  }, 240_000);
  afterAll(() => t.cleanup());

  it('sft streams in bounded memory and writes every row', async () => {
    const format = 'sft';
    const out = path.join(t.dir, `export.${format}`);
    const before = liveHeap();
    const peak = { heap: before };
    const summary = await runReport({
      store: t.store, format, filter: {}, sink: measuredSink(out, peak), months: 3, now: JAN_31,
      refusal: { defaultLang: 'en', text: { en: 'Sorry, I cannot help with that.' } },
    });
    expect(summary.rows).toBe(ROWS);
    // Holding the rows would take hundreds of MB; streaming keeps growth to buffers.
    expect(peak.heap - before).toBeLessThan(96 * MB);
    let lines = 0;
    for await (const _ of readline.createInterface({ input: fs.createReadStream(out), crlfDelay: Infinity })) lines++;
    expect(lines).toBe(ROWS);
  }, 240_000);
});
