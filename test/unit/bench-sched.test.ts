/**
 * The probe's per-thread view (bench/lib/sched.ts): shares of the wall time on a CPU, waiting for
 * one and asleep, read from Linux's schedstat. A thread that spins is on a CPU (or waiting for one)
 * nearly all the time; one that sleeps is neither.
 */
import { Worker } from 'node:worker_threads';
import { snapshotThreads, threadShares, type ThreadSnapshot } from '../../bench/lib/sched';

const snapshot = (atNs: number, threads: Record<string, [number, number]>): ThreadSnapshot => ({
  pid: 1,
  at: BigInt(atNs),
  threads: new Map(Object.entries(threads).map(([tid, [runNs, waitNs]]) => [tid, { name: tid === '1' ? 'event loop' : 'node', runNs, waitNs }])),
});

describe('bench thread shares', () => {
  test('splits the wall time between two snapshots, busiest first, idle and new threads left out', () => {
    const before = snapshot(0, { 1: [0, 0], 2: [100, 100], 3: [5, 0] });
    const after = snapshot(1000, { 1: [600, 300], 2: [900, 200], 3: [6, 0], 4: [500, 0] });
    expect(threadShares(before, after)).toEqual([
      { tid: '2', name: 'node', run: 0.8, runnableWait: 0.1, asleep: expect.closeTo(0.1, 10) },
      { tid: '1', name: 'event loop', run: 0.6, runnableWait: 0.3, asleep: expect.closeTo(0.1, 10) },
    ]);
  });

  const linux = process.platform === 'linux' ? test : test.skip;
  linux('tells a spinning thread from a sleeping one in this process', async () => {
    // A worker that spins for 600 ms while this thread sleeps in the event loop. It spins only when
    // told, after the first snapshot, and its listener keeps it alive until terminated: a worker
    // whose script simply ended could exit before a busy machine let this thread take the second
    // snapshot, and a thread gone from it counts for nothing.
    const worker = new Worker(
      'const { parentPort } = require("worker_threads"); parentPort.on("message", () => { const end = Date.now() + 600; while (Date.now() < end); parentPort.postMessage(0); });',
      { eval: true },
    );
    await new Promise((r) => worker.once('online', r));
    const before = snapshotThreads(process.pid);
    const done = new Promise((r) => worker.once('message', r));
    worker.postMessage('go');
    await done;
    const shares = threadShares(before, snapshotThreads(process.pid), 0);
    await worker.terminate();
    const main = shares.find((t) => t.name === 'event loop');
    expect(main?.tid).toBe(String(process.pid));
    expect(main!.run).toBeLessThan(0.5);
    expect(Math.max(...shares.map((t) => t.run + t.runnableWait))).toBeGreaterThan(0.5);
  });
});
