import { createCollector } from '../src/collector/collector.js';
import { silentLogger } from '../src/log/logger.js';
import type { MerakiEvent } from '../src/meraki/index.js';
import { benchConfig } from './helpers/collector-config.js';
import { CountingSink } from './helpers/counting-sink.js';
import { FixedClock } from './helpers/fixed-clock.js';
import { MemoryStore } from './helpers/memory-store.js';
import { ratio, round } from './helpers/numbers.js';
import { startSimProcess } from './helpers/sim-process.js';
import { benchHourlyOrganizations } from './organizations-hourly.js';

interface Fleet {
  orgs: number;
  networksPerOrg: number;
  clientsPerNetwork: number;
}

export interface OrganizationsOptions {
  /** Meraki's real limits (10/s + 10 per organization, 100/s per IP), collector defaults. */
  ten: Fleet;
  /** Limits x `scale` (so the run stays under a minute); the collector's rates scaled the same. */
  hundred: Fleet & { scale: number };
  hourly: { orgCounts: number[]; networksPerOrg: number; clientsPerNetwork: number; childTimeoutMs: number };
}

export const DEFAULT_ORGANIZATIONS_OPTIONS: Readonly<OrganizationsOptions> = Object.freeze({
  ten: { orgs: 10, networksPerOrg: 12, clientsPerNetwork: 40 },
  hundred: { orgs: 100, networksPerOrg: 20, clientsPerNetwork: 10, scale: 2 },
  hourly: { orgCounts: [10, 100, 1000], networksPerOrg: 10, clientsPerNetwork: 5, childTimeoutMs: 240_000 },
});

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);
/** 429s within this long after the first request belong to the first burst. */
const FIRST_BURST_MS = 1000;

/**
 * Many organizations (the MSP case): parallel backfills against the simulator (own process) enforcing Meraki-shaped
 * limits, and hourly runs of up to 1,000 organizations. Figures: achieved requests/s over min(sum of the
 * organizations' configured rates, the per-IP rate), 429s after the first burst, fairness (slowest organization's
 * finish over the fastest's), and for the hourly runs requests, time at the per-IP limit, CPU per network, peak RSS.
 */
export async function benchOrganizations(options: Partial<OrganizationsOptions> = {}): Promise<Record<string, unknown>> {
  const o = { ...DEFAULT_ORGANIZATIONS_OPTIONS, ...options };
  const s = o.hundred.scale;
  return {
    name: 'organizations',
    goal: { budgetRatioAtLeast: 0.9, rateLimitedAfterFirstBurst: 0, slowestOverFastestFinishAtMost: 1.2, hourlyPeakRssMbBelow: 300 },
    tenOrganizations: await parallelBackfill(o.ten, { perOrgPerSecond: 10, orgBurst: 10, perIpPerSecond: 100 }, {}),
    hundredOrganizations: await parallelBackfill(
      o.hundred,
      { perOrgPerSecond: 10 * s, orgBurst: 10 * s, perIpPerSecond: 100 * s },
      { meraki: { ratePerOrgPerSecond: 8 * s, ipBudgetPerSecond: 90 * s } },
    ),
    hourly: await benchHourlyOrganizations(o.hourly),
  };
}

async function parallelBackfill(
  fleet: Fleet,
  rate: { perOrgPerSecond: number; orgBurst: number; perIpPerSecond: number },
  overrides: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const sim = await startSimProcess({ seed: 17, ...fleet, now: NOW, rate, historyDays: 40, cacheResponses: true });
  const { config, cleanup } = await benchConfig({ baseUrl: sim.url, overrides });
  const starts: number[] = [];
  const byOrg = new Map<string, { first: number; last: number; requests: number }>();
  const throttledAt: number[] = [];
  const onMerakiEvent = (e: MerakiEvent): void => {
    if (e.type === 'request') {
      starts.push(e.startedAtMs);
      if (e.orgId !== null) {
        const org = byOrg.get(e.orgId);
        if (org) {
          org.last = Math.max(org.last, e.startedAtMs);
          org.requests++;
        } else byOrg.set(e.orgId, { first: e.startedAtMs, last: e.startedAtMs, requests: 1 });
      }
    }
    if (e.type === 'rateLimited') throttledAt.push(e.atMs);
  };
  const collector = createCollector({ config, logger: silentLogger, clock: new FixedClock(NOW), sink: new CountingSink(), store: new MemoryStore(), onMerakiEvent });
  try {
    const summary = await collector.runOnce({ mode: 'backfill' });
    starts.sort((a, b) => a - b);
    const first = starts[0] ?? 0;
    const spanMs = (starts.at(-1) ?? 0) - first;
    const achieved = spanMs > 0 ? ((starts.length - 1) * 1000) / spanMs : 0;
    const budget = Math.min(fleet.orgs * config.meraki.ratePerOrgPerSecond, config.meraki.ratePerIpPerSecond);
    const finishes = [...byOrg.values()].map((v) => v.last - first);
    const counters = await sim.counters();
    return {
      simulator: { ...rate, ...fleet, networks: fleet.orgs * fleet.networksPerOrg },
      collector: {
        ratePerOrgPerSecond: config.meraki.ratePerOrgPerSecond,
        ratePerIpPerSecond: config.meraki.ratePerIpPerSecond,
        networksInFlight: config.collection.networksInFlight,
        networkConcurrency: config.collection.networkConcurrency,
        concurrencyPerOrg: config.meraki.concurrencyPerOrg,
      },
      ok: summary.ok,
      orgsFailed: summary.orgsFailed,
      requests: starts.length,
      seconds: round(spanMs / 1000),
      achievedPerSecond: round(achieved, 1),
      budgetPerSecond: budget,
      budgetRatio: ratio(achieved, budget),
      rateLimited: throttledAt.length,
      rateLimitedAfterFirstBurst: throttledAt.filter((at) => at - first > FIRST_BURST_MS).length,
      simulatorThrottled: counters.throttled,
      simulatorPeakPerSecond: {
        organization: Math.max(0, ...Object.values(counters.byOrg).map((c) => c.peakPerSecond)),
        ip: Math.max(0, ...Object.values(counters.byIp).map((c) => c.peakPerSecond)),
      },
      fastestOrgFinishSeconds: round(Math.min(...finishes) / 1000),
      slowestOrgFinishSeconds: round(Math.max(...finishes) / 1000),
      slowestOverFastestFinish: ratio(Math.max(...finishes), Math.min(...finishes)),
    };
  } finally {
    await collector.close();
    await sim.stop();
    await cleanup();
  }
}
