import { createCollector } from '../src/collector/collector.js';
import { silentLogger } from '../src/log/logger.js';
import { benchConfig } from './helpers/collector-config.js';
import { CountingSink } from './helpers/counting-sink.js';
import { FixedClock } from './helpers/fixed-clock.js';
import { MemoryStore } from './helpers/memory-store.js';
import { elapsedMs, ratio, round } from './helpers/numbers.js';
import { startSimProcess } from './helpers/sim-process.js';
import { naiveBackfill } from './naive-collector.js';

export interface NaiveBaselineOptions {
  networks: number;
  clientsPerNetwork: number;
  /** Per-organization rate of the simulator, requests/s (Meraki 10, scaled); the collector is set at 95% of it. */
  simRatePerSecond: number;
}

export const DEFAULT_NAIVE_BASELINE_OPTIONS: Readonly<NaiveBaselineOptions> = Object.freeze({ networks: 5, clientsPerNetwork: 200, simRatePerSecond: 200 });

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);
const KEY = 'bench-key-0123456789abcdef';
/** Requests per second per organization the collector uses against the real API by default. */
const MERAKI_RATE = 8;

/**
 * Naive baseline: the same backfill by bench/naive-collector.ts (one client per request, sequential) and by the
 * collector, each against a fresh simulator (own process) with the same scaled rate limits. Ratios naive / ours.
 */
export async function benchNaiveBaseline(options: Partial<NaiveBaselineOptions> = {}): Promise<Record<string, unknown>> {
  const o = { ...DEFAULT_NAIVE_BASELINE_OPTIONS, ...options };
  const rate = { perOrgPerSecond: o.simRatePerSecond, orgBurst: o.simRatePerSecond, perIpPerSecond: o.simRatePerSecond * 10 };
  const simOptions = { seed: 13, orgs: 1, networksPerOrg: o.networks, clientsPerNetwork: o.clientsPerNetwork, now: NOW, rate };

  const naiveSim = await startSimProcess(simOptions);
  let naive;
  let naiveMs;
  const naiveSink = new CountingSink();
  try {
    const t = process.hrtime.bigint();
    naive = await naiveBackfill({ baseUrl: naiveSim.url, apiKey: KEY, orgId: naiveSim.orgIds[0]!, emit: (lines) => void naiveSink.write(lines), maxRequests: 100_000 });
    naiveMs = elapsedMs(t);
  } finally {
    await naiveSim.stop();
  }

  const sim = await startSimProcess(simOptions);
  const { config, cleanup } = await benchConfig({
    baseUrl: sim.url,
    overrides: { meraki: { ratePerOrgPerSecond: o.simRatePerSecond * 0.95, ratePerIpPerSecond: o.simRatePerSecond * 9.5 } },
  });
  const sink = new CountingSink();
  const collector = createCollector({ config, logger: silentLogger, clock: new FixedClock(NOW), sink, store: new MemoryStore() });
  try {
    const t = process.hrtime.bigint();
    const ours = await collector.runOnce({ mode: 'backfill' });
    const oursMs = elapsedMs(t);
    return {
      name: 'naive-baseline',
      description: 'naive script (axios, one client per request, sequential) vs the collector: same org, same scaled limits',
      organization: { networks: o.networks, clients: o.networks * o.clientsPerNetwork },
      simulatorRate: rate,
      naive: { requests: naive.requests, rateLimited: naive.rateLimited, clients: naive.clients, points: naive.points, seconds: round(naiveMs / 1000) },
      collector: { requests: ours.requests, rateLimited: ours.rateLimited, clients: ours.clients, points: ours.points, seconds: round(oursMs / 1000) },
      requestsRatio: ratio(naive.requests, ours.requests, 1),
      wallTimeRatio: ratio(naiveMs, oursMs, 1),
      /** Shortest possible time at Meraki's real limit (the collector's default 8/s): requests / 8. */
      secondsAtMerakiRate: { naive: round(naive.requests / MERAKI_RATE), collector: round(ours.requests / MERAKI_RATE) },
      note: 'the naive script asks for all clients seen in 31 days; both store one point per client per day',
    };
  } finally {
    await collector.close();
    await sim.stop();
    await cleanup();
  }
}
