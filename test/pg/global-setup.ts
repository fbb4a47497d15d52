/**
 * Jest globalSetup: a throwaway PostgreSQL cluster for the suites that run against the Postgres
 * audit store. It lives in a temp directory, listens on a free loopback port and is stopped by
 * global-teardown.ts. COMPLIANCE_TEST_PG_URL points the suites at an existing server instead.
 *
 * initdb refuses to run as root, so as root the cluster is owned by (and run as) the `postgres`
 * user. When no server binaries are found the suites learn why through COMPLIANCE_TEST_PG_ERROR
 * and fail under CI=true (skip otherwise), never pass silently.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/14/bin'];

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

function asClusterOwner(bin: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  execFileSync(cmd, argv, { stdio: 'pipe' });
}

export default async function globalSetup(): Promise<void> {
  if (process.env.COMPLIANCE_TEST_PG_URL) return;
  const binDir = BIN_DIRS.find((d) => fs.existsSync(path.join(d, 'pg_ctl')));
  if (!binDir) {
    process.env.COMPLIANCE_TEST_PG_ERROR = 'no PostgreSQL server binaries under /usr/lib/postgresql/*/bin. Fix: apt-get install -y --no-install-recommends postgresql, or set COMPLIANCE_TEST_PG_URL';
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres', dir]);
  const port = await freePort();
  try {
    asClusterOwner(path.join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    asClusterOwner(path.join(binDir, 'pg_ctl'), [
      '-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60',
      '-o', `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c max_connections=200`, 'start',
    ]);
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    process.env.COMPLIANCE_TEST_PG_ERROR = `the test PostgreSQL cluster did not start: ${(err as Error).message} ${stderr}`.trim();
    return;
  }
  process.env.COMPLIANCE_TEST_PG_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
  process.env.COMPLIANCE_TEST_PG_CLUSTER = JSON.stringify({ binDir, data, dir });
}
