import { createCollector } from '../src/collector/collector.js';
import type { RunSummary } from '../src/collector/collector-api.js';
import { silentLogger } from '../src/log/logger.js';
import { planWindow } from '../src/planning/windows.js';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { benchConfig } from './helpers/collector-config.js';
import { CountingSink } from './helpers/counting-sink.js';
import { listClientIds } from './helpers/list-clients.js';
import { minimumRequests, type NetworkNeed } from './helpers/minimum-requests.js';
import { ratio } from './helpers/numbers.js';

export interface ApiEfficiencyOptions {
  networks: number;
  clientsPerNetwork: number;
}

export const DEFAULT_API_EFFICIENCY_OPTIONS: Readonly<ApiEfficiencyOptions> = Object.freeze({ networks: 50, clientsPerNetwork: 400 });

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);
const HOUR_MS = 3_600_000;

/**
 * API efficiency: requests of a full backfill and of an hourly incremental run (clock + 1 h) of one organization,
 * counted by the simulator (byEndpoint) and by the client's stats, divided by the minimum the data allows
 * (helpers/minimum-requests.ts). Rate limits off on both sides. Deterministic: it counts, it does not time.
 */
export async function benchApiEfficiency(options: Partial<ApiEfficiencyOptions> = {}): Promise<Record<string, unknown>> {
  const o = { ...DEFAULT_API_EFFICIENCY_OPTIONS, ...options };
  const sim = await startSimulator({ seed: 8, orgs: 1, networksPerOrg: o.networks, clientsPerNetwork: o.clientsPerNetwork, now: NOW, rate: false });
  const { config, cleanup } = await benchConfig({
    baseUrl: sim.url,
    overrides: { meraki: { ratePerOrgPerSecond: 100_000, ratePerIpPerSecond: 100_000, concurrencyPerOrg: 16 }, collection: { networkConcurrency: 16 } },
  });
  const sink = new CountingSink();
  const collector = createCollector({ config, logger: silentLogger, clock: sim.clock, sink });
  try {
    const lookbackSeconds = config.collection.lookbackSeconds;
    const discover = config.targets.orgIds.length === 0;
    const backfill = await measuredRun(sim, discover, () => collector.runOnce({ mode: 'backfill' }), () => planWindow({ checkpointMs: null, nowMs: sim.clock.now(), lookbackSeconds, mode: 'backfill' }).t0Ms);

    sim.clock.advance(HOUR_MS);
    const checkpoints = new Map((await collector.status()).map((s) => [s.networkId, s.checkpointMs]));
    const incremental = await measuredRun(sim, discover, () => collector.runOnce(), (id) =>
      planWindow({ checkpointMs: checkpoints.get(id) ?? null, nowMs: sim.clock.now(), lookbackSeconds, mode: 'incremental', settleDays: config.collection.settleDays }).t0Ms,
    );
    return {
      name: 'api-efficiency',
      description:
        'requests per run (simulator count) / fewest requests the data allows: organizations page (org not configured) + network pages + per network: client pages + usage chunks at the largest safe size',
      organization: { networks: o.networks, clients: o.networks * o.clientsPerNetwork },
      config: { clientsPerRequest: config.collection.clientsPerRequest, usagePerPage: config.collection.usagePerPage, maxUrlLength: config.collection.maxUrlLength },
      goal: { ratioAtMost: 1.05 },
      backfill,
      hourlyIncremental: incremental,
    };
  } finally {
    await collector.close();
    await sim.stop();
    await cleanup();
  }
}

/** Runs once with fresh simulator counters, then lists what the data needed (outside the counted window). */
async function measuredRun(
  sim: Simulator,
  discoverOrganizations: boolean,
  run: () => Promise<RunSummary>,
  t0Of: (networkId: string) => number,
): Promise<Record<string, unknown>> {
  sim.resetCounters();
  const summary = await run();
  const counted = sim.counters;
  const t1 = new Date(sim.clock.now()).toISOString();
  const needs: NetworkNeed[] = [];
  let t0 = t1;
  for (const network of sim.world.organizations[0]!.networks) {
    const from = new Date(t0Of(network.id)).toISOString();
    if (from < t0) t0 = from;
    needs.push({ networkId: network.id, ids: await listClientIds(sim.url, network.id, from) });
  }
  const minimum = minimumRequests(needs, { t0, t1 }, { discoverOrganizations });
  return {
    ok: summary.ok,
    clients: summary.clients,
    points: summary.points,
    requests: counted.requests,
    clientStatsRequests: summary.requests,
    byEndpoint: counted.byEndpoint,
    minimum,
    ratio: ratio(counted.requests, minimum.total),
    retries: summary.retries,
    rateLimited: summary.rateLimited,
  };
}

