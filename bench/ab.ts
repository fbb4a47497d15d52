/**
 * A/B of two gateways on this shared, noisy box: both run side by side and take turns under the same
 * load (A first, then B first, …), so the CPU the machine gets from one minute to the next falls on
 * both alike, and each round's ratio is taken within the round. For a code change, A is another
 * checkout's build (`--base`: its dist-bench folder, e.g. a worktree of main after
 * `npx tsc -p tsconfig.bench.json`); for a Node flag, A and B are this build with different flags.
 * A tool, not a result: `npm run bench` is.
 * `npx tsc -p tsconfig.bench.json && node dist-bench/bench/ab.js [--base DIR] [--flags-a '…'] [--flags-b '…']
 *  [--args-a '…'] [--args-b '…' (more arguments of bench/servers/gateway.js, e.g. '--classifier-threads 0')]
 *  [--rules DIR] [--rounds 8] [--seconds 3] [--conn 32] [--bytes 2000]`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './lib/fork';
import { arg } from './servers/ipc';
import { measureLoad } from './lib/load';
import { median, roundOrder } from './lib/rounds';
import { chatBodies } from './lib/prompts';

const flags = (name: string) => arg(name, '').split(' ').filter(Boolean);

async function main(): Promise<void> {
  const rounds = Number(arg('rounds', '8'));
  const seconds = Number(arg('seconds', '3'));
  const connections = Number(arg('conn', '32'));
  const bytes = Number(arg('bytes', '2000'));
  const base = arg('base', '');
  const rules = path.resolve(arg('rules', path.resolve(__dirname, '..', '..', 'rules')));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-ab-'));
  const upstream = await startServer('upstream', 'upstream', []);
  const gateway = (name: 'A' | 'B', serversDir?: string) =>
    startServer(name, 'gateway', ['--upstream', upstream.url, '--db', path.join(tmp, `${name}.db`), '--rules', rules, ...flags(`args-${name.toLowerCase()}`)],
      flags(`flags-${name.toLowerCase()}`), serversDir);
  const a = await gateway('A', base ? path.resolve(base, 'bench', 'servers') : undefined);
  const b = await gateway('B');
  try {
    const cells = { A: a, B: b };
    const ratios: number[] = [];
    const cpu = { A: [] as number[], B: [] as number[] };
    const p99 = { A: [] as number[], B: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      const rps: Record<string, number> = {};
      // Each round sends both the same new prompts; roundOrder alternates which goes first.
      const seed = 1000 + i;
      for (const which of roundOrder(i, 'A' as const, 'B' as const)) {
        const s = cells[which];
        const r = await measureLoad({ url: `${s.url}/v1/chat/completions`, body: chatBodies(bytes, false, seed), connections, durationS: seconds, warmupS: 0.5, processes: [s] });
        rps[which] = r.rps;
        cpu[which].push(r.cpuUsPerRequest[s.name]);
        p99[which].push(r.p99Ms);
        if (r.non2xx > 0) console.log(`  ! ${which}: ${r.non2xx} non-2xx`);
      }
      ratios.push(rps.B / Math.max(rps.A, 1e-9));
      console.log(`round ${i + 1}: A ${rps.A} req/s ${cpu.A[i]} µs/req p99 ${p99.A[i]} ms, B ${rps.B} req/s ${cpu.B[i]} µs/req p99 ${p99.B[i]} ms, B/A ${ratios[i].toFixed(3)}`);
    }
    console.log(`median: B/A throughput ${median(ratios).toFixed(3)}, CPU µs/req A ${median(cpu.A)} B ${median(cpu.B)} (B/A ${(median(cpu.B) / median(cpu.A)).toFixed(3)}), p99 ms A ${median(p99.A)} B ${median(p99.B)}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await Promise.all([a.stop(), b.stop(), upstream.stop()]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
