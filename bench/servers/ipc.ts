/**
 * The parent ⇄ server-child protocol. Each benchmarked server runs in its own process (forked by
 * bench/lib/fork.ts) so the load generator never shares an event loop with what it measures. The
 * child announces its URL once listening, and answers `stats` with its RSS and CPU time so the
 * runner can report memory over time and CPU spent per request in each process.
 */
export interface ReadyMessage { type: 'ready'; url: string; startupMs: number }
export interface StatsMessage { type: 'stats'; rss: number; heapUsed: number; cpuUserUs: number; cpuSystemUs: number }
export type ChildMessage = ReadyMessage | StatsMessage;
export interface StatsRequest { type: 'stats' }

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Call once the server listens; from then on the child answers stats requests until killed. */
export function announce(url: string, startedAt: number): void {
  process.on('message', (msg: StatsRequest) => {
    if (msg?.type !== 'stats') return;
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    send({ type: 'stats', rss: mem.rss, heapUsed: mem.heapUsed, cpuUserUs: cpu.user, cpuSystemUs: cpu.system });
  });
  // The parent going away (crash, Ctrl-C) must not leave servers behind.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url, startupMs: Date.now() - startedAt });
}

/** `--name value` from argv, or the fallback. */
export function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  if (value !== undefined) return value;
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${name}`);
}
