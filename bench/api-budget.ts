import { pathToFileURL } from 'node:url';
import { MerakiClient } from '../src/meraki/index.js';
import type { MerakiEvent } from '../src/meraki/index.js';
import { ratio, round } from './helpers/numbers.js';
import { startSimProcess } from './helpers/sim-process.js';
import type { SimProcess } from './helpers/sim-process.js';

export interface ApiBudgetOptions {
  /** The simulator's per-organization rate, requests/s (Meraki: 10, scaled up so that a run is short). */
  simRatePerSecond: number;
  /** The client's configured per-organization rate, requests/s (Meraki default 8 of 10, scaled alike). */
  configuredRatePerSecond: number;
  /** Requests in flight per organization (must exceed rate x latency; scaled with the rate). */
  concurrencyPerOrg: number;
  /** Length of each saturating run, milliseconds. */
  durationMs: number;
}

export const DEFAULT_API_BUDGET_OPTIONS: Readonly<ApiBudgetOptions> = Object.freeze({
  simRatePerSecond: 50, configuredRatePerSecond: 40, concurrencyPerOrg: 16, durationMs: 5000,
});

const BENCH_KEY = 'bench-key-0123456789abcdef';

/**
 * API budget: the Meraki client alone against the simulator (its own process, Meraki-style limits on: rate +
 * one second's burst per organization), under a saturating workload (3 x concurrency callers looping for
 * `durationMs`). Reports achieved requests/s (the initial full bucket excluded) over the configured rate
 * (goal >= 0.95) and the 429s; then the same with the client configured above the simulator's limit, to show
 * the 429 handling. Rates are scaled x5 from Meraki's (50/s + 50 burst, client 40/s): enough for a short run,
 * small enough that a loaded 2-core machine measures the limiter rather than its own CPU.
 */
export async function benchApiBudget(options: Partial<ApiBudgetOptions> = {}): Promise<Record<string, unknown>> {
  const o = { ...DEFAULT_API_BUDGET_OPTIONS, ...options };
  return {
    name: 'api-budget',
    description: 'requests/s achieved by a saturating workload on one organization / the configured rate; 429 count',
    goal: { ratioAtLeast: 0.95, rateLimited: 0 },
    underLimit: await budgetRun(o, o.configuredRatePerSecond),
    overLimit: await budgetRun(o, Math.round(o.simRatePerSecond * 1.5)),
  };
}

async function budgetRun(o: ApiBudgetOptions, configured: number): Promise<Record<string, unknown>> {
  const rate = { perOrgPerSecond: o.simRatePerSecond, orgBurst: o.simRatePerSecond, perIpPerSecond: o.simRatePerSecond * 10 };
  const sim = await startSimProcess({ seed: 11, orgs: 1, networksPerOrg: 1, clientsPerNetwork: 5, rate });
  const starts: number[] = [];
  const waits: number[] = [];
  const onEvent = (e: MerakiEvent): void => {
    if (e.type === 'request') starts.push(e.startedAtMs);
    else if (e.type === 'rateLimited') waits.push(e.waitMs);
  };
  const client = new MerakiClient({
    apiKey: BENCH_KEY, baseUrl: sim.url, ratePerOrgPerSecond: configured, ratePerIpPerSecond: configured * 10,
    concurrencyPerOrg: o.concurrencyPerOrg, onEvent,
  });
  try {
    const { startMs, endMs } = await saturate(client, sim, o);
    const inWindow = starts.filter((t) => t >= startMs && t < endMs).length;
    const burst = client.options.burstPerOrg;
    // The bucket starts full: its first `burst` requests are not the rate.
    const achieved = (Math.max(0, inWindow - burst) * 1000) / (endMs - startMs);
    const org = (await sim.counters()).byOrg[sim.orgIds[0] as string];
    return {
      simulator: rate,
      client: { ratePerOrgPerSecond: configured, burstPerOrg: burst, concurrencyPerOrg: o.concurrencyPerOrg },
      seconds: round((endMs - startMs) / 1000),
      requests: inWindow,
      achievedPerSecond: round(achieved, 1),
      ratio: ratio(achieved, configured),
      ratioIncludingInitialBurst: ratio((inWindow * 1000) / (endMs - startMs), configured),
      ratioOfSimulatorLimit: ratio(achieved, o.simRatePerSecond),
      rateLimited: client.stats().rateLimited,
      simulatorThrottled: org?.throttled ?? null,
      meanRetryAfterWaitMs: waits.length ? round(waits.reduce((a, b) => a + b, 0) / waits.length) : null,
      simulatorPeakPerSecond: org?.peakPerSecond ?? null,
      peakAllowed: configured + o.simRatePerSecond,
    };
  } finally {
    client.close();
    await sim.stop();
  }
}

/** 3 x concurrency callers loop on one endpoint until `durationMs` has passed, then are aborted. */
async function saturate(client: MerakiClient, sim: SimProcess, o: ApiBudgetOptions): Promise<{ startMs: number; endMs: number }> {
  const api = client.org(sim.orgIds[0] as string);
  let networkId: string | undefined;
  for await (const page of api.networks()) {
    networkId = page[0]?.id;
    break;
  }
  if (!networkId) throw new Error('the simulator has no network');
  const id = networkId;
  await sleepMs(1500); // the warm-up request above is not part of the measured second
  const controller = new AbortController();
  const startMs = Date.now();
  const timer = setTimeout(() => controller.abort(), o.durationMs);
  const caller = async (): Promise<void> => {
    while (!controller.signal.aborted) await api.ssids(id, controller.signal).catch(() => undefined);
  };
  try {
    await Promise.all(Array.from({ length: o.concurrencyPerOrg * 3 }, caller));
  } finally {
    clearTimeout(timer);
  }
  return { startMs, endMs: startMs + o.durationMs };
}

function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchApiBudget(), null, 2));
}
