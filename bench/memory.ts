import { NODE_RUNTIME_FLAGS } from '../src/cli/runtime-flags.js';
import { runCollectorChild } from './helpers/collector-child-process.js';
import { MB, ratio, round } from './helpers/numbers.js';
import { startSimProcess } from './helpers/sim-process.js';

export interface MemoryOptions {
  /** The big backfill: networks x clients per network (100,000 clients by default). */
  big: { networks: number; clientsPerNetwork: number };
  /** Networks of the scaling runs, each with `scalingClientsPerNetwork` clients. */
  scalingNetworks: number[];
  scalingClientsPerNetwork: number;
  /** Longest time one child may run, milliseconds (it is killed after). */
  childTimeoutMs: number;
}

export const DEFAULT_MEMORY_OPTIONS: Readonly<MemoryOptions> = Object.freeze({
  big: { networks: 100, clientsPerNetwork: 1000 },
  scalingNetworks: [10, 100, 500],
  scalingClientsPerNetwork: 50,
  childTimeoutMs: 240_000,
});

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);


/**
 * Memory: peak RSS of the collector alone (its own process; simulator in another, rate limits off; null sink,
 * file checkpoint store) for a big backfill, and as the number of networks grows with the clients per network
 * fixed. Peak = the larger of the 100 ms samples and the kernel's high-water mark (VmHWM). The collector's node gets
 * the flags its launchers give it (NODE_RUNTIME_FLAGS); `nodeDefaults` repeats every run without them.
 */
export async function benchMemory(options: Partial<MemoryOptions> = {}): Promise<Record<string, unknown>> {
  const o = { ...DEFAULT_MEMORY_OPTIONS, ...options };
  return {
    name: 'memory',
    description: 'peak RSS of the collector process during a backfill (null sink: lines discarded but counted; file checkpoint store)',
    sink: 'null (CountingSink)',
    goal: { bigPeakRssMbBelow: 300, scalingFlat: true },
    nodeFlags: NODE_RUNTIME_FLAGS,
    ...(await measureAll(o, NODE_RUNTIME_FLAGS)),
    nodeDefaults: await measureAll(o, []),
  };
}

async function measureAll(o: MemoryOptions, nodeFlags: readonly string[]): Promise<Record<string, unknown>> {
  const big = await measure(o.big.networks, o.big.clientsPerNetwork, o.childTimeoutMs, nodeFlags);
  const scaling: Record<string, unknown>[] = [];
  for (const networks of o.scalingNetworks) scaling.push(await measure(networks, o.scalingClientsPerNetwork, o.childTimeoutMs, nodeFlags));
  const first = scaling[0]?.peakRssMb as number | undefined;
  return { big, scaling, scalingPeakRatios: first ? scaling.map((s) => ratio(s.peakRssMb as number, first)) : [] };
}

async function measure(networks: number, clientsPerNetwork: number, timeoutMs: number, nodeFlags: readonly string[]): Promise<Record<string, unknown>> {
  const sim = await startSimProcess({ seed: 12, orgs: 1, networksPerOrg: networks, clientsPerNetwork, now: NOW, rate: false });
  try {
    const r = await runCollectorChild({ simUrl: sim.url, nowMs: NOW }, timeoutMs, nodeFlags);
    const peak = Math.max(r.peakRss, r.highWaterRssKb * 1024);
    return {
      networks,
      clientsInOrg: networks * clientsPerNetwork,
      ok: r.ok,
      clientsCollected: r.clients,
      points: r.points,
      requests: r.requests,
      seconds: round(r.seconds),
      baselineRssMb: round(r.baselineRss / MB, 1),
      peakRssMb: round(peak / MB, 1),
      peakHeapUsedMb: round(r.peakHeapUsed / MB, 1),
      /** Heap in use after the run and a forced GC: growth here (not in the peak) would be a leak. */
      retainedHeapUsedMb: round(r.retainedHeapUsed / MB, 1),
      simulatorRssMb: round((await sim.usage()).rss / MB, 1),
    };
  } finally {
    await sim.stop();
  }
}
