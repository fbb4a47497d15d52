/**
 * IdTable keeps values by id like a Map, and, unlike a long-lived Map with a set and a delete per
 * value, does not keep the values that passed through it alive across scavenges (measured with
 * the sampling heap profiler, leaving out what scavenges collect: what remains was promoted).
 */
import { IdTable } from '../../../src/util/id-table';
import { oldGenerationKb } from '../../helpers/promoted';

/** KB of values passed through a table (32 in flight at a time) that scavenges did not collect. */
function promotedKb(table: { set(id: number, v: object): void; remove(id: number): void }): Promise<number> {
  return oldGenerationKb(async () => {
    let id = 0;
    for (let round = 0; round < 2000; round++) {
      const ids: number[] = [];
      for (let i = 0; i < 32; i++) {
        table.set(++id, { payload: new Array(64).fill(id) });
        ids.push(id);
      }
      for (const done of ids) table.remove(done);
      if (round % 50 === 0) await new Promise((r) => setImmediate(r));
    }
  });
}

describe('IdTable', () => {
  it('sets, gets, takes and drains values by id, counting them', () => {
    const t = new IdTable<string>();
    t.set(1, 'a');
    t.set(2, 'b');
    t.set(2, 'B');
    expect(t.size).toBe(2);
    expect(t.get(2)).toBe('B');
    expect(t.take(1)).toBe('a');
    expect(t.take(1)).toBeUndefined();
    expect(t.get(1)).toBeUndefined();
    expect(t.size).toBe(1);
    t.set(7, 'c');
    expect(t.drain().sort()).toEqual(['B', 'c']);
    expect(t.size).toBe(0);
    expect(t.get(7)).toBeUndefined();
  });

  it('does not keep what passed through it alive across scavenges, as a long-lived Map does', async () => {
    const table = new IdTable<object>();
    const throughTable = await promotedKb({ set: (i, v) => table.set(i, v), remove: (i) => void table.take(i) });
    const map = new Map<number, object>();
    const throughMap = await promotedKb({ set: (i, v) => map.set(i, v), remove: (i) => void map.delete(i) });
    // 64,000 values of ~600 bytes each passed through each table (~37 MB).
    expect(throughMap).toBeGreaterThan(10_000);
    expect(throughTable).toBeLessThan(throughMap / 20);
  }, 60_000);
});
