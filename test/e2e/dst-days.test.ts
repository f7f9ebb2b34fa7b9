/**
 * Daily buckets at the network's local midnight across both DST changes of a year, in Europe/Berlin and in
 * America/New_York (23- and 25-hour days), with hourly runs through each change night (the simulator's clock is
 * advanced, never waited for). After every run InfluxDB holds exactly the truth: every client-day once, at its
 * local midnight, none missing, none doubled (a point at another instant of the same local day would be an
 * unexpected key).
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { createDatabase, DAY_MS, harnessConfig, storedUsage, usageFromTruth, type UsageMap } from '../helpers/collector-harness.js';
import { fullDiff } from '../helpers/reliability-figures.js';

const HOUR_MS = 3_600_000;
const influxUrl = inject('influxUrl');
const FAST = 'meraki:\n  ratePerOrgPerSecond: 200\n  ratePerIpPerSecond: 400\n';
const NOW = Date.UTC(2026, 2, 6, 12, 0, 0);
const ZONES = ['Europe/Berlin', 'America/New_York'];

/**
 * The changes of 2026, written out (not computed by the code under test): the UTC instant of the change, and the
 * changed local day's first and next midnights.
 */
const CHANGES = [
  { zone: 'America/New_York', day: '2026-03-08', hours: 23, atMs: Date.UTC(2026, 2, 8, 7), startMs: Date.UTC(2026, 2, 8, 5), nextMs: Date.UTC(2026, 2, 9, 4) },
  { zone: 'Europe/Berlin', day: '2026-03-29', hours: 23, atMs: Date.UTC(2026, 2, 29, 1), startMs: Date.UTC(2026, 2, 28, 23), nextMs: Date.UTC(2026, 2, 29, 22) },
  { zone: 'Europe/Berlin', day: '2026-10-25', hours: 25, atMs: Date.UTC(2026, 9, 25, 1), startMs: Date.UTC(2026, 9, 24, 22), nextMs: Date.UTC(2026, 9, 25, 23) },
  { zone: 'America/New_York', day: '2026-11-01', hours: 25, atMs: Date.UTC(2026, 10, 1, 6), startMs: Date.UTC(2026, 10, 1, 4), nextMs: Date.UTC(2026, 10, 2, 5) },
] as const;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The truth since the first run's lookback (the local day containing its t0), per network. */
function expectedUsage(sim: Simulator): UsageMap {
  const expected: UsageMap = new Map();
  for (const network of sim.world.networks) {
    const start = sim.truth.dayStart(network.id, NOW - 31 * DAY_MS + 120_000);
    for (const [k, v] of usageFromTruth(sim, { networkId: network.id, fromMs: start })) expected.set(k, v);
  }
  return expected;
}

describe('DST: daily buckets at local midnight through both changes of a year (Europe/Berlin, America/New_York)', () => {
  it('hourly runs through each change night: after every run InfluxDB equals the truth, no doubles, no holes', async () => {
    const sim = await startSimulator({
      seed: 23, networksPerOrg: 2, clientsPerNetwork: 6, now: NOW, rate: false, timeZones: ZONES,
      quirks: { dayBoundary: 'networkTimeZone' },
    });
    cleanups.push(() => sim.stop());
    expect(sim.world.networks.map((n) => n.timeZone)).toEqual(ZONES);
    const db = await createDatabase(influxUrl, 'e2e_dst');
    const config = await harnessConfig({ sim, influx: { v1: { url: influxUrl, database: db } }, yaml: FAST });
    const collector = createCollector({ config, logger: captureLogger(), clock: sim.clock });
    cleanups.push(() => collector.close());

    const compared = new Set<string>();
    const hourlyRunsByChange = new Map<string, number>();
    const run = async (label: string): Promise<void> => {
      const summary = await collector.runOnce();
      expect(summary, `run at ${new Date(sim.clock.now()).toISOString()} (${label})`).toMatchObject({ ok: true, gaps: 0 });
      const expected = expectedUsage(sim);
      const diffs = fullDiff(await storedUsage(influxUrl, db), expected).diffs;
      expect(diffs.slice(0, 10), `${diffs.length} client-days differ after the run at ${new Date(sim.clock.now()).toISOString()}`).toEqual([]);
      for (const k of expected.keys()) compared.add(k);
    };

    await run('first');
    for (const change of CHANGES) {
      // Weekly runs up to 18 hours before the change (within the 31-day lookback: no gap), then hourly for 48 hours.
      const from = change.atMs - 18 * HOUR_MS;
      while (sim.clock.now() + 7 * DAY_MS < from) {
        sim.clock.advance(7 * DAY_MS);
        await run('weekly');
      }
      sim.clock.set(from);
      await run(`hourly, ${change.zone} ${change.day}`);
      for (let h = 1; h <= 48; h++) {
        sim.clock.advance(HOUR_MS);
        await run(`hourly, ${change.zone} ${change.day}`);
      }
      hourlyRunsByChange.set(`${change.zone} ${change.day}`, 49);
    }
    expect([...hourlyRunsByChange.values()]).toEqual([49, 49, 49, 49]);

    // The stored buckets of each network start at its local midnights: 23 and 25 hours on the change days, 24 else.
    const stored = await storedUsage(influxUrl, db);
    for (const network of sim.world.networks) {
      const starts = [...new Set([...stored.keys()].filter((k) => k.startsWith(`${network.id}|`)).map((k) => Number(k.split('|')[2]) * 1000))].sort((a, b) => a - b);
      const lengths = new Map<number, number>();
      for (let i = 1; i < starts.length; i++) lengths.set(starts[i - 1]!, (starts[i]! - starts[i - 1]!) / HOUR_MS);
      // Every local day is there (the first clients of a network are active every day): no hole between two starts.
      expect(new Set(lengths.values())).toEqual(new Set([23, 24, 25]));
      for (const change of CHANGES.filter((c) => c.zone === network.timeZone)) {
        expect(lengths.get(change.startMs), `${network.timeZone} ${change.day}`).toBe(change.hours);
        expect(starts).toContain(change.nextMs);
      }
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: network.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      expect(new Set(starts.map((s) => local.format(s)))).toEqual(new Set(['00:00']));
      // One 23-hour day (spring) and one 25-hour day (autumn) per zone, nothing else.
      expect([...lengths.values()].filter((h) => h !== 24).sort()).toEqual([23, 25]);
    }
    // Every client-day of the year so far was compared (each counted once, however many runs compared it).
    expect(compared.size).toBeGreaterThan(2 * 3 * 240);
  }, 300_000);
});
