import { createCollector } from '../src/collector/collector.js';
import { silentLogger } from '../src/log/logger.js';
import type { MerakiEvent } from '../src/meraki/index.js';
import { FileCheckpointStore } from '../src/state/file-checkpoint-store.js';
import { benchConfig } from './helpers/collector-config.js';
import { CountingSink } from './helpers/counting-sink.js';
import { FixedClock } from './helpers/fixed-clock.js';
import { MemoryStore } from './helpers/memory-store.js';
import { cpuMs, elapsedMs, ratio, round } from './helpers/numbers.js';
import { startSimProcess } from './helpers/sim-process.js';
import { TimedStore } from './helpers/timed-store.js';

export interface BudgetUseOptions {
  /**
   * Networks of the main run (memory checkpoint store); the file-store run uses a quarter of them. Many small
   * networks (a retail chain) make a backfill many requests long with the default chunk sizes.
   */
  networks: number;
  clientsPerNetwork: number;
  /** The simulator's per-organization rate (Meraki: 10/s, scaled up so the run is short), requests/s. */
  simRatePerSecond: number;
  /** The collector's configured rate, requests/s (just under the simulator's). */
  configuredRatePerSecond: number;
  /** Requests in flight per organization and networks at a time: scaled with the rate (local latency). */
  concurrency: number;
}

export const DEFAULT_BUDGET_USE_OPTIONS: Readonly<BudgetUseOptions> = Object.freeze({
  networks: 500, clientsPerNetwork: 20, simRatePerSecond: 200, configuredRatePerSecond: 190, concurrency: 16,
});

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);
/** 429s within this long after the first request belong to the first burst. */
const FIRST_BURST_MS = 1000;

/**
 * Budget use: a backfill against the simulator (in its own process) enforcing a per-organization token bucket of
 * `simRatePerSecond` (burst: one second's worth, as Meraki's 10 + 10), the collector configured at
 * `configuredRatePerSecond`. Reports achieved requests/s (first to last request) over the configured rate, once
 * with an in-memory checkpoint store (the limiter and pipeline alone) and once with the real file store.
 */
export async function benchBudgetUse(options: Partial<BudgetUseOptions> = {}): Promise<Record<string, unknown>> {
  const o = { ...DEFAULT_BUDGET_USE_OPTIONS, ...options };
  return {
    name: 'budget-use',
    description: 'backfill requests/s (first to last request of the organization) / the configured per-organization rate',
    goal: { ratioAtLeast: 0.95, rateLimitedAfterFirstBurst: 0 },
    memoryStore: await budgetRun(o, o.networks, 'memory'),
    fileStore: await budgetRun(o, Math.max(1, Math.round(o.networks / 4)), 'file'),
  };
}

async function budgetRun(o: BudgetUseOptions, networks: number, storeKind: 'memory' | 'file'): Promise<Record<string, unknown>> {
  const rate = { perOrgPerSecond: o.simRatePerSecond, orgBurst: o.simRatePerSecond, perIpPerSecond: o.simRatePerSecond * 10 };
  const sim = await startSimProcess({ seed: 9, orgs: 1, networksPerOrg: networks, clientsPerNetwork: o.clientsPerNetwork, now: NOW, rate });
  const { config, cleanup } = await benchConfig({
    baseUrl: sim.url,
    overrides: {
      meraki: { ratePerOrgPerSecond: o.configuredRatePerSecond, ratePerIpPerSecond: o.configuredRatePerSecond * 10, concurrencyPerOrg: o.concurrency },
      collection: { networkConcurrency: o.concurrency },
    },
  });
  const starts: number[] = [];
  const throttledAt: number[] = [];
  let latencyMs = 0;
  const onMerakiEvent = (e: MerakiEvent): void => {
    if (e.type === 'request' && e.orgId !== null) {
      starts.push(e.startedAtMs);
      latencyMs += e.durationMs;
    }
    if (e.type === 'rateLimited') throttledAt.push(e.atMs);
  };
  const store = new TimedStore(storeKind === 'file' ? new FileCheckpointStore(config.state.dir) : new MemoryStore());
  const collector = createCollector({ config, logger: silentLogger, clock: new FixedClock(NOW), sink: new CountingSink(), store, onMerakiEvent });
  try {
    const simCpu = (await sim.usage()).cpu;
    const cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    const summary = await collector.runOnce({ mode: 'backfill' });
    const wallMs = elapsedMs(t);
    const collectorCpuMs = cpuMs(process.cpuUsage(cpu));
    const simCpuMs = cpuMs((await sim.usage()).cpu) - cpuMs(simCpu);
    const org = (await sim.counters()).byOrg[sim.orgIds[0]!];
    starts.sort((a, b) => a - b);
    const first = starts[0] ?? 0;
    const spanMs = (starts.at(-1) ?? 0) - first;
    const achieved = spanMs > 0 ? ((starts.length - 1) * 1000) / spanMs : 0;
    return {
      checkpointStore: store.description,
      simulator: { ...rate, networks, clients: networks * o.clientsPerNetwork },
      collector: {
        ratePerOrgPerSecond: config.meraki.ratePerOrgPerSecond,
        concurrencyPerOrg: config.meraki.concurrencyPerOrg,
        networkConcurrency: config.collection.networkConcurrency,
        clientsPerRequest: config.collection.clientsPerRequest,
      },
      ok: summary.ok,
      requests: starts.length,
      wallSeconds: round(wallMs / 1000),
      achievedPerSecond: round(achieved, 1),
      ratio: ratio(achieved, config.meraki.ratePerOrgPerSecond),
      ratioOfSimulatorLimit: ratio(achieved, o.simRatePerSecond),
      cpuMsPerRequest: { collector: round(collectorCpuMs / Math.max(1, starts.length)), simulator: round(simCpuMs / Math.max(1, starts.length)) },
      meanLatencyMs: round(latencyMs / Math.max(1, starts.length), 1),
      simulatorPeakPerSecond: org?.peakPerSecond ?? null,
      rateLimited: throttledAt.length,
      rateLimitedAfterFirstBurst: throttledAt.filter((at) => at - first > FIRST_BURST_MS).length,
      simulatorThrottled: org?.throttled ?? null,
      checkpointPuts: { count: store.puts, meanMs: round(store.putMs / Math.max(1, store.puts), 1) },
    };
  } finally {
    await collector.close();
    await sim.stop();
    await cleanup();
  }
}
