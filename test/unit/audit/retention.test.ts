import { verifyChain } from '../../../src/audit/chain';
import { recordReplayResult } from '../../../src/audit/items';
import { reviewItem, syncRemediation } from '../../../src/audit/remediation';
import { prune } from '../../../src/audit/retention';
import { storeKinds } from '../../pg/database';
import { openKindStore, type KindStore } from '../../pg/stores';
import { inputViolation, JAN_31 } from './fixtures';

const DAY = 86_400_000;
const MONTHS = 3;

describe.each(storeKinds())('retention (audit prune, %s store)', (kind) => {
  let t: KindStore;
  beforeEach(async () => {
    t = await openKindStore(kind);
  });
  afterEach(() => t.cleanup());
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
    expect(await verifyChain(t.db)).toMatchObject({ ok: true, rows: 2 });
    expect(await verifyChain(t.store)).toMatchObject({ ok: true });
    // New rows chain on as before.
    await t.store.recordViolation(inputViolation('after prune'));
    expect(await verifyChain(t.db)).toMatchObject({ ok: true, rows: 3 });
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
    // Matched by message: better-sqlite3's native errors can come from another realm than jest's
    // sandbox when a worker loaded the addon for an earlier file, and rejects.toThrow then misses them.
    const refused = { message: expect.stringMatching(/append-only/) };
    await expect(t.raw('DELETE FROM violations WHERE id = 5', [], { keepTriggers: true })).rejects.toMatchObject(refused);
    if (kind === 'sqlite') await expect(t.raw('DELETE FROM chain_checkpoints', [], { keepTriggers: true })).rejects.toMatchObject(refused);
  });

  describe('after a prune, verify still names tampering', () => {
    beforeEach(async () => {
      await seed();
      await t.store.recordViolation(inputViolation('six'));
      await t.store.recordViolation(inputViolation('seven'));
      await prune(t.store, opts(JAN_31 + 200 * DAY)); // rows 4–7 remain
    });

    it('an edited row', async () => {
      await t.raw("UPDATE violations SET content = 'edited' WHERE id = 5");
      expect(await verifyChain(t.db)).toMatchObject({ ok: false, firstBreak: { id: 5, reason: 'altered' } });
    });

    it('a deleted row, including the first one after the checkpoint', async () => {
      await t.raw('DELETE FROM violations WHERE id = 4');
      expect(await verifyChain(t.db)).toMatchObject({ ok: false, firstBreak: { id: 4, reason: 'missing' } });
    });

    it('an inserted row', async () => {
      await t.raw(
        `INSERT INTO violations (id, request_id, ts, route, stage, action, enforced, shadow, streamed, categories, rule_ids,
           policy_revision, storage_mode, findings, reasons, prev_hash, row_hash)
         SELECT 8, 'forged', ts, route, stage, action, enforced, 0, 0, categories, rule_ids, policy_revision, storage_mode,
           findings, reasons, prev_hash, CASE WHEN substr(row_hash, 1, 1) = 'f' THEN 'e' ELSE 'f' END || substr(row_hash, 2) FROM violations WHERE id = 6`,
      );
      expect(await verifyChain(t.db)).toMatchObject({ ok: false, firstBreak: { id: 8, reason: 'inserted' } });
    });

    it('a forged checkpoint that hides deleted rows does not link to the surviving rows', async () => {
      await t.raw('DELETE FROM violations WHERE id = 4');
      await t.raw("UPDATE chain_checkpoints SET last_id = 4, last_row_hash = 'x'");
      expect(await verifyChain(t.db)).toMatchObject({ ok: false, firstBreak: { id: 5, reason: 'inserted' } });
    });
  });
});
