/**
 * Starts a benchmarked server (bench/servers/*.ts, compiled next to this file) in a child process
 * and talks to it over IPC: wait for its URL, ask for RSS / CPU time, stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ChildMessage, StatsMessage } from '../servers/ipc';

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  startupMs: number;
  stats(): Promise<StatsMessage>;
  stop(): Promise<void>;
}

const SERVERS_DIR = path.join(__dirname, '..', 'servers');

/**
 * Node flags of every benchmarked server, the ones `npm start` and the Docker image run the gateway
 * with: a 32 MB young generation, so a request's short-lived garbage dies in a scavenge instead of
 * being promoted (≈10% less CPU per request for the gateway in our runs).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];

/**
 * `execArgv` lets the runner start a child with `--cpu-prof` (written when the child exits cleanly);
 * `serversDir` another build's bench/servers (bench/ab.ts runs the gateway of another checkout).
 */
export function startServer(name: string, script: 'upstream' | 'bare-proxy' | 'raw-proxy' | 'gateway' | 'portkey', args: string[], execArgv: string[] = [], serversDir = SERVERS_DIR): Promise<ServerProcess> {
  const child: ChildProcess = fork(path.join(serversDir, `${script}.js`), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...SERVER_NODE_FLAGS, ...execArgv] });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${name} exited with code ${code} before it was ready`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.once('message', (msg: ChildMessage) => {
      if (msg.type !== 'ready') return reject(new Error(`${name}: unexpected first message ${msg.type}`));
      child.off('exit', onExit);
      resolve({
        name,
        url: msg.url,
        pid: child.pid ?? -1,
        startupMs: msg.startupMs,
        stats: () => new Promise<StatsMessage>((done, fail) => {
          const timer = setTimeout(() => fail(new Error(`${name}: no stats reply`)), 5000);
          const onMessage = (m: ChildMessage) => {
            if (m.type !== 'stats') return;
            clearTimeout(timer);
            child.off('message', onMessage);
            done(m);
          };
          child.on('message', onMessage);
          child.send({ type: 'stats' });
        }),
        stop: () => new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          // Disconnecting lets the child exit through process.exit (so a --cpu-prof profile is
          // written); SIGTERM if it does not go within 3 s.
          const timer = setTimeout(() => child.kill('SIGTERM'), 3000);
          child.once('exit', () => {
            clearTimeout(timer);
            done();
          });
          if (child.connected) child.disconnect();
          else child.kill('SIGTERM');
        }),
      });
    });
  });
}

/** CPU time (user + system) the child spent between two stats samples, in microseconds. */
export function cpuDeltaUs(before: StatsMessage, after: StatsMessage): number {
  return after.cpuUserUs - before.cpuUserUs + (after.cpuSystemUs - before.cpuSystemUs);
}
