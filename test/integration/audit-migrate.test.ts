/**
 * `audit migrate --from sqlite:FILE --to postgres://…`: a SQLite deployment with violations,
 * remediation items, reviews, strikes and request rows moves into PostgreSQL with its ids and hash
 * chain unchanged; the PostgreSQL store then chains new rows onto it. Refuses a non-empty target.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { verifyChain } from '../../src/audit/chain';
import { reviewItem, syncRemediation } from '../../src/audit/remediation';
import { PgAuditStore } from '../../src/audit/store';
import { recordUserOutcome } from '../../src/audit/strikes';
import { freshPgDatabase, storeKinds } from '../pg/database';
import { inputViolation, JAN_31, tempStore, type TempStore } from '../unit/audit/fixtures';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/compliance-gateway.js');
const migrate = (from: string, to: string) =>
  spawnSync(process.execPath, [BIN, 'audit', 'migrate', '--from', from, '--to', to], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

const describePg = storeKinds().includes('postgres') ? describe : describe.skip;

describePg('audit migrate (SQLite → PostgreSQL)', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = tempStore('full');
    for (const text of ['how to make a pipe bomb', 'how to make a pipe bomb', 'something else']) await t.store.recordViolation(inputViolation(text));
    await syncRemediation(t.store, { months: 3 });
    await reviewItem(t.store, { itemId: 1, to: 'confirmed', reviewer: 'officer', note: 'real', now: JAN_31 + 5 });
    await recordUserOutcome(t.store, { consecutive: 3, perDay: 5, action: 'suspend' }, { endUser: 'u1', violation: true, ts: JAN_31 });
    t.store.recordRequest({ requestId: 'r1', ts: JAN_31, route: '/v1/chat/completions', method: 'POST', model: null, status: 200, action: 'allow', durationMs: 1.5, streamed: false, clientKeyFp: null, tenant: null, upstreamStatus: 200 });
    await t.store.flush();
  });
  afterEach(() => t.cleanup());

  it('copies every table with its ids; the chain verifies identically and new rows chain on', async () => {
    const before = await verifyChain(t.file);
    const url = await freshPgDatabase('migrate');
    const r = migrate(`sqlite:${t.file}`, url);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/violations: 3 rows/);
    expect(r.stdout).toMatch(/target chain: 3 rows, head #3 \w+ \(identical\)/);
    expect(await verifyChain(url)).toEqual(before);

    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const count = async (table: string) => Number((await client.query(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0].n);
      expect(await count('remediation_items')).toBe(2);
      expect(await count('remediation_reviews')).toBe(1);
      expect(await count('user_strikes')).toBe(1);
      expect(await count('requests')).toBe(1);
      expect((await client.query('SELECT last_violation_id FROM remediation_cursor')).rows).toEqual([{ last_violation_id: '3' }]);
    } finally {
      await client.end();
    }

    const store = await PgAuditStore.open({ url, onError: () => undefined });
    try {
      expect((await store.recordViolation(inputViolation('after the move'))).id).toBe(4);
      // Serial ids continue past the copied ones.
      expect((await syncRemediation(store, { months: 3 }))).toBe(1);
      expect(await store.verifyChain()).toMatchObject({ ok: true, rows: 4 });
    } finally {
      await store.close();
    }
  });

  it('refuses a target that already holds violations', async () => {
    const url = await freshPgDatabase('migrate');
    expect(migrate(`sqlite:${t.file}`, url).status).toBe(0);
    const again = migrate(`sqlite:${t.file}`, url);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already holds 3 violations/);
  });

  it('names the fix for a source that is not sqlite:FILE', () => {
    const r = migrate(t.file, 'postgres://127.0.0.1/x');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--from sqlite:path/);
  });
});
