/**
 * The shared rate limit on a real PostgreSQL database: two limiters on one store stand for two
 * gateway instances; their counts add up per key and minute, a new minute starts afresh, old rows
 * are pruned, and a database that fails leaves each instance counting on its own (fail open), with
 * a warning, never an exception on the hot path.
 */
import { SharedRateLimiter } from '../../../src/routing/shared-rate-limit';
import type { SqlDb } from '../../../src/audit/sql/db';
import { createLogger } from '../../../src/log';
import { storeKinds } from '../../pg/database';
import { openKindStore, type KindStore } from '../../pg/stores';

const MINUTE = 60_000;
const pg = storeKinds().includes('postgres');
const describePg = pg ? describe : describe.skip;
const log = createLogger({ silent: true });

async function takeN(l: SharedRateLimiter, key: string, limit: number, n: number): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) out.push(await l.take(key, limit));
  return out;
}

describePg('shared rate limit (PostgreSQL)', () => {
  let t: KindStore;
  let clock = 1_000 * MINUTE + 5_000;
  beforeEach(async () => {
    t = await openKindStore('postgres');
    clock = 1_000 * MINUTE + 5_000;
  });
  afterEach(() => t.cleanup());

  it('adds up both instances per key and minute, and starts afresh in the next minute', async () => {
    const a = new SharedRateLimiter(t.store.sql, log, 10_000, () => clock);
    const b = new SharedRateLimiter(t.store.sql, log, 10_000, () => clock);
    expect(await takeN(a, 'key:one', 8, 5)).toEqual([true, true, true, true, true]);
    await a.flush();
    // B reads A's five on its first request for the key: three more fit.
    expect(await takeN(b, 'key:one', 8, 5)).toEqual([true, true, true, false, false]);
    await b.flush();
    // A learns B's three only when it next writes: until then it admits on what it knew (the
    // documented overshoot, bounded by what one instance admits between two flushes).
    expect(await a.take('key:one', 8)).toBe(true);
    await a.flush();
    expect(await a.take('key:one', 8)).toBe(false);
    expect(await b.take('key:one', 8)).toBe(false);
    expect(await takeN(b, 'key:two', 8, 2)).toEqual([true, true]);
    clock += MINUTE;
    expect(await a.take('key:one', 8)).toBe(true);
    await a.flush();
    const rows = await t.store.sql.all<{ key: string; count: number }>('SELECT key, count FROM rate_windows WHERE window_start = ? ORDER BY key', [Math.floor(clock / MINUTE)]);
    expect(rows.map((r) => [r.key, Number(r.count)])).toEqual([['key:one', 1]]);
    await a.close();
    await b.close();
  });

  it('prunes rows of minutes long past', async () => {
    const a = new SharedRateLimiter(t.store.sql, log, 10_000, () => clock);
    await a.take('key:old', 5);
    await a.flush();
    clock += 11 * MINUTE;
    await a.take('key:new', 5);
    await a.flush();
    clock += 11 * MINUTE;
    await a.take('key:newer', 5);
    await a.flush();
    const keys = (await t.store.sql.all<{ key: string }>('SELECT key FROM rate_windows ORDER BY key')).map((r) => r.key);
    expect(keys).toEqual(['key:newer']);
    await a.close();
  });
});

describe('shared rate limit when the database fails', () => {
  it('keeps counting on this instance and warns', async () => {
    const failing: SqlDb = {
      dialect: 'postgres',
      all: () => Promise.reject(new Error('connection refused')),
      get: () => Promise.reject(new Error('connection refused')),
      run: () => Promise.reject(new Error('connection refused')),
      iterate: () => {
        throw new Error('connection refused');
      },
    };
    const warnings: string[] = [];
    const logger = { ...log, warn: (msg: string) => (warnings.push(msg), logger) } as unknown as typeof log;
    const l = new SharedRateLimiter(failing, logger, 10_000, () => 5_000);
    expect(await takeN(l, 'key:x', 3, 4)).toEqual([true, true, true, false]);
    await l.flush();
    expect(await l.take('key:x', 3)).toBe(false);
    expect(warnings).toEqual(expect.arrayContaining(['shared rate limit unreadable; counting on this instance only', 'shared rate limit not written; will retry']));
    await l.close().catch(() => undefined);
  });
});
