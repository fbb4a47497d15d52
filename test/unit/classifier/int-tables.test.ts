/**
 * The compiled scorer's integer tables against plain Maps and Sets: whatever was stored is found,
 * nothing else is, through the table's growth and for keys that share a hash slot.
 */
import fc from 'fast-check';
import { CodePointTable, IntPairMap, NONE, StampSet } from '../../../src/classifier/int-tables';

describe('IntPairMap', () => {
  it('finds every stored pair and no other, as a Map of "x,y" does, while it grows', () => {
    const key = fc.tuple(fc.integer({ min: 0, max: 0x10ffff }), fc.integer({ min: 0, max: 40 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.nat()), { maxLength: 300 }), fc.array(key, { maxLength: 50 }), (entries, probes) => {
        const table = new IntPairMap();
        const reference = new Map<string, number>();
        for (const [[x, y], v] of entries) {
          table.set(x, y, v);
          reference.set(`${x},${y}`, v);
        }
        for (const [[x, y]] of entries) expect(table.get(x, y)).toBe(reference.get(`${x},${y}`));
        for (const [x, y] of probes) expect(table.get(x, y)).toBe(reference.get(`${x},${y}`) ?? NONE);
      }),
    );
  });

  it('tells apart pairs with the same first or second number in a crowded table', () => {
    const table = new IntPairMap();
    for (let x = 0; x < 4; x++) for (let y = 0; y < 200; y++) table.set(x, y, 1000 * x + y);
    const wrong: string[] = [];
    for (let x = 0; x < 4; x++) for (let y = 0; y < 200; y++) if (table.get(x, y) !== 1000 * x + y) wrong.push(`${x},${y}`);
    expect(wrong).toEqual([]);
    expect([table.get(4, 0), table.get(0, 200)]).toEqual([NONE, NONE]);
  });
});

describe('CodePointTable', () => {
  it('keeps ids for BMP and astral code points', () => {
    const table = new CodePointTable();
    table.set(0x70b8, 3);
    table.set(0x20000, 4);
    expect([table.get(0x70b8), table.get(0x20000), table.get(0x70b9), table.get(0x20001)]).toEqual([3, 4, NONE, NONE]);
  });
});

describe('StampSet', () => {
  it('admits each member once until next()', () => {
    const seen = new StampSet(10);
    seen.next();
    expect([seen.add(3), seen.add(3), seen.add(4)]).toEqual([true, false, true]);
    seen.next();
    expect([seen.add(3), seen.add(3)]).toEqual([true, false]);
  });
});
