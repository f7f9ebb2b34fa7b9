import { Registry } from 'prom-client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import type { NetworkStatus } from '../../src/collector/collector-api.js';
import { createCollectorMetrics } from '../../src/observe/metrics.js';
import { createSink } from '../../src/sink/create-sink.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { harnessConfig } from '../helpers/collector-harness.js';
import { influxQuery, uniqueDatabase } from '../sink/influx-query.js';
import { parsePromText, type PromSample } from './prom-text.js';

const HOUR_MS = 3_600_000;
const MIN_MS = 60_000;
const influxUrl = inject('influxUrl');
const YAML = 'meraki:\n  maxRetries: 0\n';

/** A collector with its metrics, run by hand on the simulator's clock: a daemon on `7 * * * *` without the cron. */
async function hourlyCollector(sim: Simulator) {
  const database = uniqueDatabase('freshness');
  await influxQuery(influxUrl, `CREATE DATABASE ${database}`);
  const config = await harnessConfig({ sim, influx: { v1: { url: influxUrl, database } }, yaml: YAML });
  const logger = captureLogger();
  const sink = createSink(config, logger);
  const registry = new Registry();
  const metrics = createCollectorMetrics(registry, { clock: sim.clock });
  const collector = createCollector({ config, logger, sink, clock: sim.clock, onMerakiEvent: metrics.onMerakiEvent });
  return {
    database,
    async run() {
      const summary = await collector.runOnce();
      metrics.onRunDone(summary);
      metrics.onNetworkStatuses(await collector.status());
      return summary;
    },
    status: () => collector.status(),
    async scrape(): Promise<PromSample[]> {
      return parsePromText(await registry.metrics()).samples;
    },
    close: () => collector.close(),
  };
}

const valuesOf = (samples: PromSample[], name: string): number[] => samples.filter((s) => s.name === name).map((s) => s.value);

describe('data freshness per network', () => {
  const sims: Simulator[] = [];
  afterAll(async () => {
    for (const sim of sims) await sim.stop();
  });

  // The old figure (now minus the newest daily bucket's start) read 6 h 19 min at 06:19 and 23 h at 23:00 for a
  // healthy collector; freshness is under the interval at any time of day.
  it.each([
    ['00:07', 0, 7],
    ['06:19', 6, 19],
    ['12:07', 12, 7],
    ['23:07', 23, 7],
  ])('after healthy hourly runs at %s it is under an hour, right up to the next run', async (_label, hour, minute) => {
    const runAt = Date.UTC(2026, 2, 3, hour, minute);
    const sim = await startSimulator({ seed: 15, orgs: 1, networksPerOrg: 2, clientsPerNetwork: 10, now: runAt - HOUR_MS });
    sims.push(sim);
    const c = await hourlyCollector(sim);
    try {
      expect((await c.run()).ok).toBe(true);
      sim.clock.set(runAt);
      expect((await c.run()).ok).toBe(true);
      sim.clock.set(runAt + HOUR_MS - MIN_MS);
      const statuses = await c.status();
      expect(statuses).toHaveLength(2);
      for (const s of statuses) {
        expect(s.fetchedToMs).toBe(runAt);
        expect(s.freshnessMs).toBe(HOUR_MS - MIN_MS);
      }
      const samples = await c.scrape();
      expect(valuesOf(samples, 'meraki_usage_data_freshness_seconds')).toEqual([3540, 3540]);
      // The checkpoint is its own figure, renamed: the start of the newest stored daily bucket (midnight UTC here).
      const midnight = Date.UTC(2026, 2, 3);
      const ageSeconds = (runAt + HOUR_MS - MIN_MS - midnight) / 1000;
      expect(valuesOf(samples, 'meraki_usage_checkpoint_age_seconds')).toEqual([ageSeconds, ageSeconds]);
      expect(statuses.map((s) => s.checkpointAgeMs)).toEqual([ageSeconds * 1000, ageSeconds * 1000]);
      // collector_networks: freshness at the start of each run (0 for the networks it fetched).
      const series = await influxQuery(influxUrl, 'SELECT freshness_seconds, checkpoint_age_seconds FROM collector_networks WHERE time >= 0', c.database);
      const rows = series[0]?.values ?? [];
      expect(rows).toHaveLength(4);
      expect(rows.map((r) => r[1])).toEqual([0, 0, 0, 0]);
    } finally {
      await c.close();
    }
  });

  it('grows while the simulator answers 500, and is back under an hour after the next good run', async () => {
    const start = Date.UTC(2026, 2, 3, 9, 7);
    const sim = await startSimulator({ seed: 16, orgs: 1, networksPerOrg: 2, clientsPerNetwork: 10, now: start });
    sims.push(sim);
    const c = await hourlyCollector(sim);
    try {
      expect((await c.run()).ok).toBe(true);
      sim.setFaults({ serverErrorRate: 1 });
      const seen: number[][] = [];
      for (let k = 1; k <= 3; k++) {
        sim.clock.set(start + k * HOUR_MS);
        expect((await c.run()).ok).toBe(false);
        seen.push(valuesOf(await c.scrape(), 'meraki_usage_data_freshness_seconds'));
      }
      expect(seen).toEqual([[3600, 3600], [7200, 7200], [10800, 10800]]);
      // Listing the organizations fails already: no network was touched, each keeps the end of its last good fetch.
      const statuses: NetworkStatus[] = await c.status();
      expect(statuses.map((s) => [s.fetchedToMs, s.freshnessMs])).toEqual([[start, 3 * HOUR_MS], [start, 3 * HOUR_MS]]);
      sim.setFaults({ serverErrorRate: 0 });
      sim.clock.set(start + 4 * HOUR_MS);
      expect((await c.run()).ok).toBe(true);
      expect(valuesOf(await c.scrape(), 'meraki_usage_data_freshness_seconds')).toEqual([0, 0]);
      const series = await influxQuery(influxUrl, 'SELECT freshness_seconds FROM collector_networks WHERE time >= 0', c.database);
      expect((series[0]?.values ?? []).map((r) => r[1])).toEqual([0, 0, 0, 0]);
    } finally {
      await c.close();
    }
  });
});
