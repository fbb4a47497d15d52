/** Stops and removes the throwaway cluster that global-setup.ts started (not a server given by URL). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export default function globalTeardown(): void {
  const raw = process.env.COMPLIANCE_TEST_PG_CLUSTER;
  if (!raw) return;
  const { binDir, data, dir } = JSON.parse(raw) as { binDir: string; data: string; dir: string };
  const pgCtl = path.join(binDir, 'pg_ctl');
  const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
  try {
    if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { stdio: 'pipe' });
    else execFileSync(pgCtl, args, { stdio: 'pipe' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
