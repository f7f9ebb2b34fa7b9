import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NODE_RUNTIME_FLAGS } from '../src/cli/runtime-flags.js';
import { MB, ratio, round } from './helpers/numbers.js';
import { startSimProcess } from './helpers/sim-process.js';

const CHILD = fileURLToPath(new URL('./organizations-child.js', import.meta.url));
const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);
/** The per-IP rate the hourly run is held to (the collector's default: Meraki allows 100 per source IP). */
const IP_RATE = 90;

interface ChildResult {
  ok: boolean;
  organizations: number;
  networks: number;
  requests: number;
  seconds: number;
  cpuMs: number;
  baselineRss: number;
  peakRss: number;
  peakHeapUsed: number;
  highWaterRssKb: number;
}

/** One hourly incremental run of `orgs` x `networksPerOrg` (after a first run), collector in its own process. */
async function hourlyRun(orgs: number, networksPerOrg: number, clientsPerNetwork: number, timeoutMs: number): Promise<Record<string, unknown>> {
  const sim = await startSimProcess({ seed: 31, orgs, networksPerOrg, clientsPerNetwork, now: NOW, rate: false, historyDays: 40, cacheResponses: true });
  try {
    const r = await new Promise<ChildResult>((resolve, reject) => {
      const child = fork(CHILD, [JSON.stringify({ simUrl: sim.url, nowMs: NOW })], { execArgv: ['--expose-gc', ...NODE_RUNTIME_FLAGS], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      let result: ChildResult | undefined;
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('message', (m: Record<string, unknown>) => {
        if (m.firstRunDone) void sim.advance(3_600_000).then(() => child.send({ go: true }));
        else result = m as unknown as ChildResult;
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (result) resolve(result);
        else reject(new Error(`organizations child ended without a result (code ${code}, signal ${signal})`));
      });
    });
    const peak = Math.max(r.peakRss, r.highWaterRssKb * 1024);
    return {
      organizations: orgs,
      networks: r.networks,
      ok: r.ok,
      requestsPerRun: r.requests,
      secondsAtPerIpLimit: round(r.requests / IP_RATE, 1),
      collectorSeconds: round(r.seconds, 2),
      cpuMsPerNetwork: round(r.cpuMs / Math.max(1, r.networks), 3),
      peakRssMb: round(peak / MB, 1),
      peakRssMbOfHourlyRun: round(r.peakRss / MB, 1),
      peakHeapUsedMbOfHourlyRun: round(r.peakHeapUsed / MB, 1),
    };
  } finally {
    await sim.stop();
  }
}

/**
 * Hourly incremental runs of `orgCounts` organizations x `networksPerOrg` networks: requests per run, the time the
 * per-IP limit (90/s) makes it take (requests / 90, computed: the run itself is unlimited), collector CPU per
 * network and peak RSS (the larger of 100 ms samples and VmHWM, which covers the first run too).
 */
export async function benchHourlyOrganizations(o: { orgCounts: number[]; networksPerOrg: number; clientsPerNetwork: number; childTimeoutMs: number }): Promise<Record<string, unknown>> {
  const runs: Record<string, unknown>[] = [];
  for (const orgs of o.orgCounts) runs.push(await hourlyRun(orgs, o.networksPerOrg, o.clientsPerNetwork, o.childTimeoutMs));
  const first = runs[0]?.peakRssMb as number | undefined;
  return {
    perIpRateAssumed: IP_RATE,
    runs,
    peakRssRatioMostToFewest: first ? ratio(runs.at(-1)!.peakRssMb as number, first) : null,
    largestPeakRssMb: Math.max(...runs.map((r) => r.peakRssMb as number)),
  };
}
