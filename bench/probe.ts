/**
 * A quick look at the non-streamed proxy cost while working on it: upstream, bare proxy and gateway
 * forked as in `npm run bench`, one prompt size and connection count, CPU µs per request in each
 * process, optionally a CPU profile of the gateway. Not a result: `npm run bench` is.
 * `npx tsc -p tsconfig.bench.json && node dist-bench/bench/probe.js [--conn 32] [--bytes 2000]
 *  [--seconds 5] [--warmup 1 (seconds before measuring; the JIT still compiles for ~10 s)] [--turns N (multi-turn chats)] [--cpu-prof DIR] [--gateway-only] [--raw (also a raw node:http forwarder)]
 *  [--rules DIR] [--threads auto|N] [--resent-cache-entries N] [--node-flags '--trace-gc …'] [--bare-flags '…' (the bare proxy's)]
 *  [--sched (per thread of each proxy: share of the run on a CPU, waiting for one, asleep; lib/sched.ts)]`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './lib/fork';
import { arg } from './servers/ipc';
import { measureLoad } from './lib/load';
import { snapshotThreads, threadShares } from './lib/sched';
import { chatBodies } from './lib/prompts';
import { chatTurns } from './lib/turns';


async function main(): Promise<void> {
  const conn = Number(arg('conn', '32'));
  const bytes = Number(arg('bytes', '2000'));
  const seconds = Number(arg('seconds', '5'));
  const warmupS = Number(arg('warmup', '1'));
  const prof = arg('cpu-prof', '');
  const turns = Number(arg('turns', '1'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-probe-'));
  const rules = path.resolve(arg('rules', path.resolve(__dirname, '..', '..', 'rules')));
  const upstream = await startServer('upstream', 'upstream', []);
  const bare = await startServer('bare', 'bare-proxy', ['--upstream', upstream.url], arg('bare-flags', '').split(' ').filter(Boolean));
  const raw = process.argv.includes('--raw') ? await startServer('raw', 'raw-proxy', ['--upstream', upstream.url]) : null;
  const gateway = await startServer('gateway', 'gateway', ['--upstream', upstream.url, '--db', path.join(tmp, 'g.db'), '--rules', rules, '--classifier-threads', arg('threads', 'auto'), '--resent-cache-entries', arg('resent-cache-entries', '100000')],
    [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(prof)}`] : []), ...arg('node-flags', '').split(' ').filter(Boolean)]);
  try {
    const targets = process.argv.includes('--gateway-only') ? [gateway] : [bare, ...(raw ? [raw] : []), gateway];
    for (const target of targets) {
      // Taken around the warm-up second too: a diagnostic of where threads wait, not a cost.
      const before = snapshotThreads(target.pid);
      const r = await measureLoad({ url: `${target.url}/v1/chat/completions`, body: turns > 1 ? chatTurns(bytes, turns) : chatBodies(bytes, false), connections: conn, durationS: seconds, warmupS, processes: [target, upstream] });
      console.log(`${target.name.padEnd(8)} ${String(r.rps).padStart(8)} req/s  p50 ${r.p50Ms} p99 ${r.p99Ms} ms  cpu µs/req ${JSON.stringify(r.cpuUsPerRequest)}  non2xx ${r.non2xx}`);
      if (!process.argv.includes('--sched')) continue;
      for (const t of threadShares(before, snapshotThreads(target.pid))) {
        const pct = (x: number) => `${(100 * x).toFixed(0)}%`.padStart(4);
        console.log(`  thread ${t.tid} ${t.name.padEnd(16)} on a CPU ${pct(t.run)}  waiting for one ${pct(t.runnableWait)}  asleep ${pct(t.asleep)}`);
      }
    }
  } finally {
    await Promise.all([gateway.stop(), bare.stop(), upstream.stop(), raw?.stop()]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
