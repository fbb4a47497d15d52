/**
 * The detection-engine micro-benchmarks live in bench/engine.ts (owned by the engine work, run on
 * their own with `npm run bench:engine`). This section folds them into the same results file:
 * if bench/engine.ts exports a measure function we call it (compiled next to us in dist-bench/),
 * otherwise we spawn the npm script and keep what it prints (JSON if it prints JSON).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type EngineSection =
  | { status: 'absent'; note: string }
  | { status: 'ok'; via: string; result: unknown }
  | { status: 'failed'; via: string; error: string };

const EXPORTED = /export\s+(?:async\s+)?function\s+(measure\w*)\s*\(/;

function lastJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const line = text.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
    if (line) {
      try {
        return JSON.parse(line);
      } catch {
        // not JSON: keep the text
      }
    }
    return text.slice(-4000);
  }
}

export async function engineSection(repo: string, quick: boolean): Promise<EngineSection> {
  const source = path.join(repo, 'bench', 'engine.ts');
  const compiled = path.join(__dirname, '..', 'engine.js');
  const name = fs.existsSync(source) ? EXPORTED.exec(fs.readFileSync(source, 'utf8'))?.[1] : undefined;
  if (name && fs.existsSync(compiled)) {
    const via = `bench/engine.ts ${name}({ quick })`;
    try {
      const mod = (await import(compiled)) as Record<string, unknown>;
      const fn = mod[name];
      if (typeof fn !== 'function') return { status: 'failed', via, error: `${name} is not a function in the compiled module` };
      return { status: 'ok', via, result: await (fn as (o: { quick: boolean }) => unknown)({ quick }) };
    } catch (err) {
      return { status: 'failed', via, error: err instanceof Error ? err.message : String(err) };
    }
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (!pkg.scripts?.['bench:engine']) return { status: 'absent', note: 'bench/engine.ts and the bench:engine script are not there yet' };
  const args = ['run', '--silent', 'bench:engine', ...(quick ? ['--', '--quick'] : [])];
  const via = `npm ${args.join(' ')}`;
  const r = spawnSync('npm', args, { cwd: repo, encoding: 'utf8', timeout: quick ? 60_000 : 900_000, maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) return { status: 'failed', via, error: `exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout || '').slice(-2000)}` };
  return { status: 'ok', via, result: lastJson(r.stdout) };
}
