/** What the numbers were measured on: they only mean something next to this. */
import fs from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemMB: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages. */
  loadAvg: number[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemMB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAvg: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** The machine's CPU time counters (/proc/stat's first line, in clock ticks); null off Linux. */
export interface CpuTicks { busy: number; idle: number; steal: number }

export function cpuTicks(): CpuTicks | null {
  let line: string;
  try {
    line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  } catch {
    return null;
  }
  // cpu user nice system idle iowait irq softirq steal …
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (!Number.isFinite(steal)) return null;
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}

/**
 * Share of the machine's CPU time the hypervisor gave to other guests between two readings (%):
 * on a shared VM the CPU a run gets changes from minute to minute, and this is how much.
 */
export function stealPct(before: CpuTicks | null, after: CpuTicks | null): number | null {
  if (!before || !after) return null;
  const steal = after.steal - before.steal;
  const total = after.busy - before.busy + (after.idle - before.idle) + steal;
  return total > 0 ? Math.round((steal / total) * 1000) / 10 : null;
}
