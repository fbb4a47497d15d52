/**
 * Where each thread of a process spent a stretch of wall time, from Linux's per-thread schedstat
 * (/proc/PID/task/TID/schedstat: ns on a CPU, ns runnable but waiting for one): running, waiting for
 * a core, or asleep (blocked: nothing to do, or waiting on another thread). A thread that runs less
 * than all the time while it has work is waiting on something; session 8 found the event loop asleep
 * 14% of the time at 32 connections, waiting for the classifier worker's answers. Linux only; empty
 * elsewhere. A diagnostic for bench/probe.ts, not a result.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ThreadSnapshot {
  pid: number;
  at: bigint;
  threads: Map<string, { name: string; runNs: number; waitNs: number }>;
}

export interface ThreadShare {
  tid: string;
  name: string;
  run: number;
  runnableWait: number;
  asleep: number;
}

export function snapshotThreads(pid: number): ThreadSnapshot {
  const threads: ThreadSnapshot['threads'] = new Map();
  const dir = `/proc/${pid}/task`;
  let tids: string[] = [];
  try {
    tids = fs.readdirSync(dir);
  } catch {
    // Not Linux, or the process is gone.
  }
  for (const tid of tids) {
    try {
      const [runNs, waitNs] = fs.readFileSync(path.join(dir, tid, 'schedstat'), 'utf8').trim().split(/\s+/).map(Number);
      // Node names no thread but the process: the main thread is the one whose id is the pid's.
      const name = tid === String(pid) ? 'event loop' : fs.readFileSync(path.join(dir, tid, 'comm'), 'utf8').trim();
      threads.set(tid, { name, runNs, waitNs });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return { pid, at: process.hrtime.bigint(), threads };
}

/** Shares of the wall time between two snapshots, for the threads that ran at least `minRun` of it. */
export function threadShares(before: ThreadSnapshot, after: ThreadSnapshot, minRun = 0.01): ThreadShare[] {
  const wallNs = Number(after.at - before.at);
  const out: ThreadShare[] = [];
  if (wallNs <= 0) return out;
  for (const [tid, b] of after.threads) {
    const a = before.threads.get(tid);
    if (!a) continue;
    const run = (b.runNs - a.runNs) / wallNs;
    const runnableWait = (b.waitNs - a.waitNs) / wallNs;
    if (run < minRun) continue;
    out.push({ tid, name: b.name, run, runnableWait, asleep: Math.max(0, 1 - run - runnableWait) });
  }
  return out.sort((x, y) => y.run - x.run);
}
