/** What the numbers were measured on: they only mean something next to this. */
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
