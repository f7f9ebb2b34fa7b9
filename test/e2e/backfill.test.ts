import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { createDatabase, DAY_MS, diffUsage, harnessConfig, storedUsage, usageFromTruth } from '../helpers/collector-harness.js';
import { startVictoria, type VictoriaServer } from '../helpers/victoria.js';

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);
const influxUrl = inject('influxUrl');

async function influxQuery(q: string, db: string) {
  const res = await fetch(`${influxUrl}/query?db=${db}&q=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { results: { series?: { values: unknown[][] }[] }[] };
  return body.results[0]?.series ?? [];
}

describe('backfill of 31 days into InfluxDB 1.6 (API v1 write path)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, orgs: 1, networksPerOrg: 4, clientsPerNetwork: 320, now: NOW });
  });
  afterAll(() => sim.stop());

  it('stores exactly the truth for every client and day, and a re-run changes nothing', async () => {
    const db = 'e2e_backfill';
    await createDatabase(influxUrl, db);
    const config = await harnessConfig({ sim, influx: { v1: { url: influxUrl, database: db } } });
    const logger = captureLogger();
    const collector = createCollector({ config, logger, clock: sim.clock });
    try {
      const first = await collector.runOnce();
      expect(first).toMatchObject({ ok: true, organizations: 1, networks: 4, networksFailed: 0, gaps: 0 });
      expect(first.clients).toBeGreaterThanOrEqual(1000);

      const fromMs = Math.floor((NOW - 31 * DAY_MS) / DAY_MS) * DAY_MS;
      const expected = usageFromTruth(sim, { fromMs });
      const stored = () => storedUsage(influxUrl, db);
      expect(diffUsage(await stored(), expected)).toEqual([]);
      expect(expected.size).toBeGreaterThan(20_000);

      sim.clock.advance(60_000); // the open bucket grows; re-fetched, it is overwritten, not added
      const again = await collector.runOnce();
      expect(again.ok).toBe(true);
      expect(diffUsage(await stored(), usageFromTruth(sim, { fromMs }))).toEqual([]);
      const runs = await influxQuery('SELECT count(points) FROM collector_runs', db);
      expect(runs[0]?.values[0]?.[1]).toBe(2);
    } finally {
      await collector.close();
    }
  });
});

describe('the API v2 write path against a real /api/v2/write server (VictoriaMetrics)', () => {
  let sim: Simulator;
  let vm: VictoriaServer;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, orgs: 1, networksPerOrg: 2, clientsPerNetwork: 40, now: NOW });
    vm = await startVictoria();
  });
  afterAll(async () => {
    await sim.stop();
    await vm.stop();
  });

  it('stores exactly the truth', async () => {
    const config = await harnessConfig({ sim, influx: { v2: { url: vm.url } } });
    const collector = createCollector({ config, logger: captureLogger(), clock: sim.clock });
    try {
      expect((await collector.runOnce()).ok).toBe(true);
    } finally {
      await collector.close();
    }
    const recv = await vm.exportSeries('client_usage_recv');
    const sent = await vm.exportSeries('client_usage_sent');
    const sentBy = new Map(sent.map((s) => [`${s.metric.network}|${s.metric.client}|${s.metric.ip ?? ''}|${s.metric.ssid ?? ''}`, s]));
    const stored = new Map<string, { recv: number; sent: number }>();
    for (const s of recv) {
      const twin = sentBy.get(`${s.metric.network}|${s.metric.client}|${s.metric.ip ?? ''}|${s.metric.ssid ?? ''}`);
      s.timestamps.forEach((t, i) => {
        const key = `${s.metric.network}|${s.metric.client}|${t / 1000}`;
        const sentKb = twin?.values[twin.timestamps.indexOf(t)] ?? NaN;
        if (s.values[i] !== 0 || sentKb !== 0) stored.set(key, { recv: s.values[i]!, sent: sentKb });
      });
    }
    const fromMs = Math.floor((NOW - 31 * DAY_MS) / DAY_MS) * DAY_MS;
    const expected = usageFromTruth(sim, { fromMs });
    expect(expected.size).toBeGreaterThan(500);
    expect(diffUsage(stored, expected)).toEqual([]);
  });
});
