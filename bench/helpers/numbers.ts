/** Rounds to `digits` decimals (for readable JSON). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** a / b rounded, or null when b is 0. */
export function ratio(a: number, b: number, digits = 3): number | null {
  return b === 0 ? null : round(a / b, digits);
}

/** Milliseconds since `startNs` (from process.hrtime.bigint()). */
export function elapsedMs(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

export const MB = 1024 * 1024;

/** User + system CPU time of a process.cpuUsage() value, milliseconds. */
export function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}
