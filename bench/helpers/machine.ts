import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { MB } from './numbers.js';

/** The machine a run was made on; the load average says how much else was running. */
export function machineInfo(): Record<string, unknown> {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryMb: Math.round(totalmem() / MB),
    os: `${type()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
