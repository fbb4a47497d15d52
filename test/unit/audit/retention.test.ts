import Database from 'better-sqlite3';
import { verifyChain } from '../../../src/audit/chain';
import { recordReplayResult } from '../../../src/audit/items';
import { reviewItem, syncRemediation } from '../../../src/audit/remediation';
import { prune } from '../../../src/audit/retention';
import { inputViolation, JAN_31, tempStore, type TempStore } from './fixtures';

const DAY = 86_400_000;
const MONTHS = 3;

describe('retention (audit prune)', () => {
  let t: TempStore;
  let tampers: Database.Database[] = [];
  beforeEach(() => (t = tempStore('full')));
  afterEach(async () => {
    tampers.forEach((db) => db.close());
    tampers = [];
    await t.cleanup();
  });
  /** A second connection with the append-only triggers dropped, as an attacker would. */
  const tamper = () => {
    const db = new Database(t.file);
    db.pragma('foreign_keys = OFF');
    db.exec('DROP TRIGGER violations_append_only_update; DROP TRIGGER violations_append_only_delete;');
    tampers.push(db);
    return db;
  };
  const opts = (now: number) => ({ now, requestDays: 183, violationDays: 183, months: MONTHS });

  /** Rows 1–3 resolved on JAN_31 (remediated / false positive / flag), row 4 an open item. */
  async function seed(): Promise<void> {
    await t.store.recordViolation(inputViolation('one'));
    await t.store.recordViolation(inputViolation('two'));
    await t.store.recordViolation(inputViolation('flag only', { action: 'flag', enforced: 'flag' }));
    await t.store.recordViolation(inputViolation('still open', { ts: JAN_31 + 10 }));
    await t.store.recordViolation(inputViolation('one', { ts: JAN_31 + 20, action: 'flag', enforced: 'flag' }));
    await syncRemediation(t.store, { months: MONTHS });
    await recordReplayResult(t.store, { itemId: 1, upstream: 'u', model: null, stillViolates: false, refused: true, categories: [], policyRevision: 'r', output: '', now: JAN_31 });
    await reviewItem(t.store, { itemId: 2, to: 'false_positive', reviewer: 'officer', note: 'benign', now: JAN_31 });
  }

  it('keeps everything inside the retention period', async () => {
    await seed();
    expect(await prune(t.store, opts(JAN_31 + 100 * DAY))).toEqual({ requests: 0, violations: 0, lastPrunedId: 0 });
    expect(await t.store.countViolations()).toBe(5);
  });

  it('prunes resolved violations past retention up to the first one that must stay, and the chain still verifies', async () => {
    await seed();
    expect(await prune(t.store, opts(JAN_31 + 200 * DAY))).toEqual({ requests: 0, violations: 3, lastPrunedId: 3 });
    expect(await t.store.countViolations()).toBe(2);
    expect(await verifyChain(t.file)).toMatchObject({ ok: true, rows: 2 });
    expect(await verifyChain(t.store)).toMatchObject({ ok: true });
    // New rows chain on as before.
    await t.store.recordViolation(inputViolation('after prune'));
    expect(await verifyChain(t.file)).toMatchObject({ ok: true, rows: 3 });
  });

  it('deletes request metadata older than the request retention', async () => {
    t.store.recordRequest({ requestId: 'old', ts: JAN_31, route: '/v1/chat/completions', method: 'POST', model: null, status: 200, action: 'allow', durationMs: 1, streamed: false, clientKeyFp: null, tenant: null, upstreamStatus: 200 });
    t.store.recordRequest({ requestId: 'new', ts: JAN_31 + 190 * DAY, route: '/v1/chat/completions', method: 'POST', model: null, status: 200, action: 'allow', durationMs: 1, streamed: false, clientKeyFp: null, tenant: null, upstreamStatus: 200 });
    await t.store.flush();
    expect((await prune(t.store, opts(JAN_31 + 190 * DAY))).requests).toBe(1);
    expect((await t.store.getRequests()).map((r) => r.requestId)).toEqual(['new']);
  });

  it('dry run counts without deleting', async () => {
    await seed();
    expect((await prune(t.store, { ...opts(JAN_31 + 200 * DAY), dryRun: true })).violations).toBe(3);
    expect(await t.store.countViolations()).toBe(5);
  });

  it('still refuses a DELETE outside prune', async () => {
    await seed();
    await prune(t.store, opts(JAN_31 + 200 * DAY));
    const db = new Database(t.file);
    tampers.push(db);
    expect(() => db.prepare('DELETE FROM violations WHERE id = 5').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM chain_checkpoints').run()).toThrow(/append-only/);
  });

  describe('after a prune, verify still names tampering', () => {
    beforeEach(async () => {
      await seed();
      await t.store.recordViolation(inputViolation('six'));
      await t.store.recordViolation(inputViolation('seven'));
      await prune(t.store, opts(JAN_31 + 200 * DAY)); // rows 4–7 remain
    });

    it('an edited row', async () => {
      tamper().prepare("UPDATE violations SET content = 'edited' WHERE id = 5").run();
      expect(await verifyChain(t.file)).toMatchObject({ ok: false, firstBreak: { id: 5, reason: 'altered' } });
    });

    it('a deleted row, including the first one after the checkpoint', async () => {
      tamper().prepare('DELETE FROM violations WHERE id = 4').run();
      expect(await verifyChain(t.file)).toMatchObject({ ok: false, firstBreak: { id: 4, reason: 'missing' } });
    });

    it('an inserted row', async () => {
      tamper().prepare(
        `INSERT INTO violations (request_id, ts, route, stage, action, enforced, shadow, streamed, categories, rule_ids,
           policy_revision, storage_mode, findings, reasons, prev_hash, row_hash)
         SELECT 'forged', ts, route, stage, action, enforced, 0, 0, categories, rule_ids, policy_revision, storage_mode,
           findings, reasons, prev_hash, 'f' || substr(row_hash, 2) FROM violations WHERE id = 6`,
      ).run();
      expect(await verifyChain(t.file)).toMatchObject({ ok: false, firstBreak: { id: 8, reason: 'inserted' } });
    });

    it('a forged checkpoint that hides deleted rows does not link to the surviving rows', async () => {
      const db = tamper();
      db.exec('DROP TRIGGER chain_checkpoints_no_update');
      db.prepare('DELETE FROM violations WHERE id = 4').run();
      db.prepare("UPDATE chain_checkpoints SET last_id = 4, last_row_hash = 'x'").run();
      expect(await verifyChain(t.file)).toMatchObject({ ok: false, firstBreak: { id: 5, reason: 'inserted' } });
    });
  });
});
