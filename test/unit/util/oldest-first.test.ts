/**
 * OldestFirst trims a Map to its newest entries through one iterator kept across calls: it must
 * still take the oldest live key after keys were deleted anywhere, set again, and the Map's table
 * rebuilt, and after it emptied the Map.
 */
import fc from 'fast-check';
import { OldestFirst } from '../../../src/util/oldest-first';

describe('OldestFirst', () => {
  it('trims exactly as a list in insertion order does, over long runs of sets, deletes and trims', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ kind: fc.constant('trim' as const), key: fc.integer({ min: 0, max: 8 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 800 }), (ops) => {
        const map = new Map<number, string>();
        const eviction = new OldestFirst(map);
        const order: number[] = []; // oldest first
        for (const { kind, key } of ops) {
          const at = order.indexOf(key);
          if (kind === 'set') {
            map.set(key, `v${key}`);
            if (at < 0) order.push(key);
          } else if (kind === 'delete') {
            map.delete(key);
            if (at >= 0) order.splice(at, 1);
          } else {
            eviction.trim(key);
            if (order.length > key) order.splice(0, order.length - key);
          }
          expect([...map.keys()]).toEqual(order);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps bounding a Map it once emptied', () => {
    const map = new Map<string, number>();
    const eviction = new OldestFirst(map);
    eviction.trim(-1);
    for (let i = 0; i < 5; i++) {
      map.set(`k${i}`, i);
      eviction.trim(0);
      expect(map.size).toBe(0);
    }
    for (let i = 0; i < 5; i++) map.set(`n${i}`, i);
    eviction.trim(2);
    expect([...map.keys()]).toEqual(['n3', 'n4']);
  });
});
