/**
 * A throwaway PostgreSQL cluster in a temp directory on a free loopback port, from Debian's server
 * binaries (/usr/lib/postgresql/N/bin). Used by the jest globalSetup (test/pg) and by `npm run
 * bench` for the audit store's PostgreSQL column. initdb refuses to run as root, so as root the
 * cluster is owned by, and run as, the `postgres` user.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/14/bin'];

export interface ClusterInfo {
  binDir: string;
  data: string;
  dir: string;
  port: number;
  fsync: boolean;
}

export type ClusterStart = { ok: true; url: string; info: ClusterInfo } | { ok: false; error: string };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function asOwner(bin: string, args: string[]): void {
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

/** fsync off: a test or bench cluster is thrown away; say so wherever figures are reported. */
export async function startCluster(opts: { fsync?: boolean } = {}): Promise<ClusterStart> {
  const binDir = BIN_DIRS.find((d) => fs.existsSync(path.join(d, 'pg_ctl')));
  if (!binDir) return { ok: false, error: 'no PostgreSQL server binaries under /usr/lib/postgresql/*/bin. Fix: apt-get install -y --no-install-recommends postgresql' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres', dir]);
  const port = await freePort();
  const info: ClusterInfo = { binDir, data, dir, port, fsync: opts.fsync ?? false };
  try {
    asOwner(path.join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    startServer(info);
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    fs.rmSync(dir, { recursive: true, force: true });
    return { ok: false, error: `the PostgreSQL cluster did not start: ${(err as Error).message} ${stderr}`.trim() };
  }
  return { ok: true, url: `postgres://postgres@127.0.0.1:${port}/postgres`, info };
}

/** (Re)starts the server of an initialised cluster on its port. */
export function startServer(info: ClusterInfo): void {
  asOwner(path.join(info.binDir, 'pg_ctl'), [
    '-D', info.data, '-l', path.join(info.dir, 'server.log'), '-w', '-t', '60',
    '-o', `-p ${info.port} -h 127.0.0.1 -k ${info.dir} -c fsync=${info.fsync ? 'on' : 'off'} -c max_connections=200`, 'start',
  ]);
}

/** Stops the server (fast: connections are cut, as in a database restart), keeping the data. */
export function stopServer(info: ClusterInfo): void {
  asOwner(path.join(info.binDir, 'pg_ctl'), ['-D', info.data, '-m', 'fast', '-w', 'stop']);
}

export function stopCluster(info: ClusterInfo): void {
  try {
    asOwner(path.join(info.binDir, 'pg_ctl'), ['-D', info.data, '-m', 'immediate', '-w', 'stop']);
  } finally {
    fs.rmSync(info.dir, { recursive: true, force: true });
  }
}
