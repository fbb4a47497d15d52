/**
 * What one connection pays for idle gaps: `engine.inspect` of a request (a distinct 2 KB benchmark
 * prompt at the input stage, then the fake upstream's answer at the output stage) timed right
 * after another one, and after the thread slept for `--idle-ms` (as the gateway does between
 * requests at one connection, while other processes run on its core). `--evict-mb N` also reads
 * N MB of other memory in the gap, as the other processes on a shared core do to its caches. For
 * each part of the policy (bench/lib/lanes.ts), in-process, everything on this thread. A program,
 * not a test: `npx tsc -p tsconfig.bench.json && node dist-bench/bench/cold-inspect.js [--idle-ms 1]
 * [--evict-mb 0] [--pairs 800]`.
 * Prints median µs per request; the machine is shared, so compare figures of one run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createEngine } from '../src/policy/engine';
import { loadRuleSet } from '../src/policy/rules';
import { mulberry32 } from '../src/util/prng';
import { LANES, rulesForLane } from './lib/lanes';
import { promptText } from './lib/prompts';
import { median } from './lib/rounds';
import { arg } from './servers/ipc';

const ROOT = path.resolve(__dirname, '..', '..');
const ANSWER = 'Here is a short summary of the notes. The gardening club met on Tuesday, agreed a new watering rota, chose three tomato varieties for the spring and asked members to bring compost samples next time. 园艺俱乐部周二开会，确定了新的浇水安排，并选定了三个番茄品种。';

async function main(): Promise<void> {
  const idleMs = Number(arg('idle-ms', '1'));
  const pairs = Number(arg('pairs', '800'));
  const evict = new Int32Array(Number(arg('evict-mb', '0')) * 262_144);
  const rand = mulberry32(5);
  const texts = Array.from({ length: 2000 + 2 * pairs }, () => promptText(2000, rand));
  const gap = `${idleMs} ms asleep${evict.length ? ` and ${evict.length / 262_144} MB read` : ''}`;
  console.log(`engine.inspect per request (2 KB prompt in, ~330 B answer out), median of ${pairs}: right after another request, and after ${gap}`);
  for (const lane of LANES) {
    const dir = rulesForLane(path.join(ROOT, 'rules'), lane);
    try {
      const engine = createEngine(loadRuleSet(dir), { resentCache: { maxEntries: 100_000 } });
      let next = 0;
      const request = async (): Promise<number> => {
        const started = process.hrtime.bigint();
        await engine.inspect([{ path: 'messages[1].content', role: 'user', text: texts[next++] }], 'input', { scope: 'bench' });
        await engine.inspect([{ path: 'choices[0].message.content', role: 'assistant', text: ANSWER }], 'output');
        return Number(process.hrtime.bigint() - started) / 1000;
      };
      for (let i = 0; i < 2000; i++) await request();
      const warm: number[] = [];
      const cold: number[] = [];
      for (let i = 0; i < pairs; i++) {
        warm.push(await request());
        await new Promise((resolve) => setTimeout(resolve, idleMs));
        // One read and write per 64-byte line.
        for (let j = 0; j < evict.length; j += 16) evict[j]++;
        cold.push(await request());
      }
      const w = median(warm);
      const c = median(cold);
      console.log(`  ${lane.padEnd(10)} warm ${w.toFixed(1).padStart(7)} µs   after the gap ${c.toFixed(1).padStart(7)} µs   (${(c / w).toFixed(2)}×)`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
