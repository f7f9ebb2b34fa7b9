import { afterEach, describe, expect, inject, it } from 'vitest';
import { createCollector, type Collector } from '../../src/collector/collector.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { createDatabase, DAY_MS, diffUsage, harnessConfig, storedUsage, usageFromTruth, type UsageMap } from '../helpers/collector-harness.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { startInfluxd } from '../helpers/influxd.js';

const NOW = Date.UTC(2026, 9, 1, 9, 0, 0);
const HOUR_MS = 3_600_000;
const influxUrl = inject('influxUrl');
const FAST = 'meraki:\n  ratePerOrgPerSecond: 200\n  ratePerIpPerSecond: 400\n';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(sim: Simulator, url: string, db: string, yaml = FAST): Promise<Collector> {
  const config = await harnessConfig({ sim, influx: { v1: { url, database: db } }, yaml });
  const collector = createCollector({ config, logger: captureLogger(), clock: sim.clock });
  cleanups.push(() => collector.close());
  return collector;
}
const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

describe('incremental runs', () => {
  it('hour by hour and day by day, with IP/SSID changes, ts jitter and `received`: InfluxDB equals the truth', async () => {
    const sim = await startSimulator({
      seed: 3, networksPerOrg: 2, clientsPerNetwork: 40, now: NOW,
      rate: { perOrgPerSecond: 400, orgBurst: 10, perIpPerSecond: 800 },
      quirks: { receivedField: true, tsJitter: true },
    });
    cleanups.push(() => sim.stop());
    const db = await createDatabase(influxUrl, 'e2e_incremental');
    const collector = await setup(sim, influxUrl, db);
    const startDay = dayOf(NOW - 31 * DAY_MS);
    const before = new Map(sim.world.organizations.flatMap((o) => o.networks).flatMap((n) => n.clients.map((c) => [c.key, sim.truth.clientAt(n.id, c.key)] as const)));

    expect((await collector.runOnce()).ok).toBe(true);
    for (const step of [...Array<number>(30).fill(HOUR_MS), ...Array<number>(4).fill(DAY_MS), 7 * HOUR_MS, 17 * HOUR_MS]) {
      sim.clock.advance(step);
      const summary = await collector.runOnce();
      expect(summary).toMatchObject({ ok: true, gaps: 0, rejectedRecords: 0 });
    }
    expect(diffUsage(await storedUsage(influxUrl, db), usageFromTruth(sim, { fromMs: startDay }))).toEqual([]);

    // The scenario is only meaningful if clients did move between runs.
    const moved = sim.world.organizations.flatMap((o) => o.networks).flatMap((n) =>
      n.clients.filter((c) => {
        const then = before.get(c.key);
        const now = sim.truth.clientAt(n.id, c.key);
        return then && now && (then.ip !== now.ip || then.ssidNumber !== now.ssidNumber);
      }),
    );
    expect(moved.length).toBeGreaterThan(0);
  });

  it('copes with either answer to the unconfirmed facts: local-time days, pagination over days, shard hosts', async () => {
    const sim = await startSimulator({
      seed: 17, networksPerOrg: 2, clientsPerNetwork: 30, now: NOW, rate: false,
      quirks: { dayBoundary: 'networkTimeZone', usageHistoriesPagination: 'days', quotedRel: true, shardLinks: true, redirectToShard: true },
    });
    cleanups.push(() => sim.stop());
    const db = await createDatabase(influxUrl, 'e2e_quirks');
    const config = await harnessConfig({
      sim,
      influx: { v1: { url: influxUrl, database: db } },
      yaml: `${FAST}collection:\n  usagePerPage: 7\n`,
      env: { MERAKI_TRUSTED_HOSTS: new URL(sim.shardUrl).host },
    });
    const collector = createCollector({ config, logger: captureLogger(), clock: sim.clock });
    cleanups.push(() => collector.close());
    for (const step of [0, 5 * HOUR_MS, 11 * HOUR_MS, 13 * HOUR_MS, DAY_MS]) {
      sim.clock.advance(step);
      expect((await collector.runOnce()).ok).toBe(true);
    }
    const t0 = NOW - 31 * DAY_MS + 120_000;
    const expected: UsageMap = new Map();
    let localDays = 0;
    for (const network of sim.world.organizations[0]!.networks) {
      const start = sim.truth.dayStart(network.id, t0);
      if (start % DAY_MS !== 0) localDays++;
      for (const [k, v] of usageFromTruth(sim, { networkId: network.id, fromMs: start })) expected.set(k, v);
    }
    expect(localDays).toBeGreaterThan(0); // the quirk is on: days do not start at UTC midnight
    expect(diffUsage(await storedUsage(influxUrl, db), expected)).toEqual([]);
    expect(sim.counters.keyedRequests.shard).toBeGreaterThan(0);
  });

  it('stopped for 40 days: the gap is logged and recorded, the rest collected, nothing counted twice', async () => {
    const sim = await startSimulator({ seed: 5, networksPerOrg: 2, clientsPerNetwork: 30, now: NOW, rate: false });
    cleanups.push(() => sim.stop());
    const db = await createDatabase(influxUrl, 'e2e_gap');
    const config = await harnessConfig({ sim, influx: { v1: { url: influxUrl, database: db } }, yaml: FAST });
    const logger = captureLogger();
    const collector = createCollector({ config, logger, clock: sim.clock });
    cleanups.push(() => collector.close());

    expect((await collector.runOnce()).ok).toBe(true);
    const firstRange = usageFromTruth(sim, { fromMs: dayOf(NOW - 31 * DAY_MS) }); // as the API said then
    sim.clock.advance(40 * DAY_MS);
    const second = await collector.runOnce();
    expect(second).toMatchObject({ ok: true, gaps: 2 });
    const expected = new Map([...firstRange, ...usageFromTruth(sim, { fromMs: dayOf(sim.clock.now() - 31 * DAY_MS) })]);
    expect(diffUsage(await storedUsage(influxUrl, db), expected)).toEqual([]);

    const gapLines = logger.lines.filter((l) => l.level === 'warn' && l.msg.startsWith('gap'));
    expect(gapLines).toHaveLength(2);
    const status = await collector.status();
    expect(status).toHaveLength(2);
    for (const s of status) {
      expect(s.gaps).toHaveLength(1);
      expect(s.gaps[0]!.fromMs).toBe(dayOf(NOW));
      expect(s.gaps[0]!.toMs).toBeGreaterThan(NOW + 8 * DAY_MS);
    }
  });

  it('InfluxDB down during a run: those networks fail, checkpoints stay, the next run fills in', async () => {
    const influx = await startInfluxd();
    cleanups.push(() => influx.stop());
    const sim = await startSimulator({ seed: 9, networksPerOrg: 2, clientsPerNetwork: 25, now: NOW, rate: false });
    cleanups.push(() => sim.stop());
    const db = await createDatabase(influx.url, 'down');
    // A stopped InfluxDB refuses connections at once: the timeout only has to outlast a healthy write on a busy machine.
    const collector = await setup(sim, influx.url, db, `${FAST}influx:\n  maxRetries: 1\n  timeoutMs: 10000\n`);

    expect((await collector.runOnce()).ok).toBe(true);
    const checkpoints = (await collector.status()).map((s) => s.checkpointMs);
    sim.clock.advance(2 * DAY_MS + 5 * HOUR_MS);
    await influx.kill();
    const failed = await collector.runOnce();
    expect(failed).toMatchObject({ ok: false, networksFailed: 2, points: 0 });
    const after = await collector.status();
    expect(after.map((s) => s.checkpointMs)).toEqual(checkpoints);
    expect(after.every((s) => s.lastResult === 'failed' && s.lastError)).toBe(true);

    await influx.restart();
    expect((await collector.runOnce()).ok).toBe(true);
    expect(diffUsage(await storedUsage(influx.url, db), usageFromTruth(sim, { fromMs: dayOf(NOW - 31 * DAY_MS) }))).toEqual([]);
  });

  it('InfluxDB failing midway through a network: what was stored is counted, the checkpoint stays, the next run completes', async () => {
    const sim = await startSimulator({ seed: 23, networksPerOrg: 1, clientsPerNetwork: 60, now: NOW, rate: false });
    cleanups.push(() => sim.stop());
    const proxy = await startFaultProxy(influxUrl);
    cleanups.push(() => proxy.stop());
    const db = await createDatabase(influxUrl, 'e2e_midway');
    const yaml = `${FAST}collection:\n  clientsPerRequest: 10\ninflux:\n  maxRetries: 0\n`;
    const collector = await setup(sim, proxy.url, db, yaml);
    let writes = 0;
    proxy.onFaultPath = () => {
      if (++writes === 3) proxy.mode = { kind: 'status', status: 500 };
    };
    const failed = await collector.runOnce();
    expect(failed).toMatchObject({ ok: false, networksFailed: 1 });
    expect(failed.points).toBeGreaterThan(0); // two pages were stored before the failure
    const [state] = await collector.status();
    expect(state).toMatchObject({ checkpointMs: null, lastResult: 'failed', pointsWritten: failed.points });

    proxy.mode = { kind: 'pass' };
    expect((await collector.runOnce()).ok).toBe(true);
    expect(diffUsage(await storedUsage(influxUrl, db), usageFromTruth(sim, { fromMs: dayOf(NOW - 31 * DAY_MS) }))).toEqual([]);
  });

  it('with 429s and 5xx switched on, runs complete and the simulator never sees more than the configured rate', async () => {
    const sim = await startSimulator({
      seed: 13, networksPerOrg: 3, clientsPerNetwork: 60, now: NOW,
      rate: { perOrgPerSecond: 4, orgBurst: 0, perIpPerSecond: 100 },
      faults: { serverErrorRate: 0.2 },
    });
    cleanups.push(() => sim.stop());
    const db = await createDatabase(influxUrl, 'e2e_faults');
    const yaml = 'meraki:\n  ratePerOrgPerSecond: 10\n  maxRetryAfterMs: 2000\n  maxRetries: 12\ncollection:\n  clientsPerRequest: 10\n';
    const collector = await setup(sim, influxUrl, db, yaml);
    const summary = await collector.runOnce();
    expect(summary.ok).toBe(true);
    expect(summary.rateLimited).toBeGreaterThan(0);
    expect(summary.retries).toBeGreaterThan(0);
    const org = sim.world.organizations[0]!.id;
    expect(sim.counters.byOrg[org]!.peakPerSecond).toBeLessThanOrEqual(10 + 1);
    expect(diffUsage(await storedUsage(influxUrl, db), usageFromTruth(sim, { fromMs: dayOf(NOW - 31 * DAY_MS) }))).toEqual([]);
  });
});
