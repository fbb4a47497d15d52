/**
 * The resent-segment cache's cost per request as it fills and once it is full: each step sets one new
 * segment and looks up one kept a while ago (a hit, which moves it to the end), as a chat's next turn
 * does. In-process, one thread. A program, not a test:
 * `npx tsc -p tsconfig.bench.json && node dist-bench/bench/resent-cache.js [--entries 100000] [--steps 50000]`.
 * Prints µs per step for each block of steps; the machine is shared, so compare figures of one run.
 */
import { ResentCache } from '../src/policy/resent-cache';
import { arg } from './servers/ipc';

function main(): void {
  const entries = Number(arg('entries', '100000'));
  const steps = Number(arg('steps', '50000'));
  const cache = new ResentCache({ maxEntries: entries });
  // Keys as the cache makes them: one SHA-256 digest in base64 per segment.
  const keyOf = (i: number) => cache.keyOf('bench', { text: `segment ${i} `.padEnd(300, '.') }) as string;
  let n = 0;
  console.log(`resent cache of ${entries} entries: µs per step (set one new segment, look one up), blocks of ${steps} steps`);
  for (let block = 0; block < Math.ceil((3 * entries) / steps); block++) {
    const keys = Array.from({ length: steps }, (_, i) => keyOf(n + i));
    const again = Array.from({ length: steps }, (_, i) => keyOf(Math.max(0, n + i - 1000)));
    const started = process.hrtime.bigint();
    for (let i = 0; i < steps; i++) {
      cache.set(keys[i], [[], [], []]);
      cache.get(again[i]);
    }
    const us = Number(process.hrtime.bigint() - started) / 1000 / steps;
    n += steps;
    console.log(`after ${n} segments (${cache.size} kept): ${us.toFixed(2)} µs per step`);
  }
}

main();
