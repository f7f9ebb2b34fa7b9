/**
 * The database decides a day's tag set when the local state cannot: state wiped, resharding with fresh state, a
 * backfill from an empty state folder. Clients move IP and SSID between the runs; every client-day is compared with
 * the simulator's truth (a day stored twice adds up and shows as wrong), against the real InfluxDB 1.6.7.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createDatabase, DAY_MS } from '../helpers/collector-harness.js';
import { compareWithTruth, duplicatedClientDays, freshCollector, runOnceAndClose } from './scenario-support.js';

const NOW = Date.UTC(2026, 4, 12, 9, 0, 0);
const influxUrl = inject('influxUrl');
const fromMs = Math.floor((NOW - 31 * DAY_MS) / DAY_MS) * DAY_MS;
const SPLIT = 'collection:\n  splitBySsid: true\n';

/** Clients whose IP or SSID differs between two instants (the scenario only means something if they moved). */
function moved(sim: Simulator, aMs: number, bMs: number): number {
  let n = 0;
  for (const net of sim.world.networks) {
    for (const c of net.clients) {
      const a = sim.truth.clientAt(net.id, c.key, aMs);
      const b = sim.truth.clientAt(net.id, c.key, bMs);
      if (a && b && (a.ip !== b.ip || a.ssidNumber !== b.ssidNumber)) n++;
    }
  }
  return n;
}

describe('tag sets from the database (InfluxDB 1.6, simulator)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, orgs: 6, networksPerOrg: 1, clientsPerNetwork: 40, now: NOW, rate: false });
  });
  afterAll(() => sim.stop());

  it('state wiped between runs while clients move: every client-day once, per SSID too; without read-back, days are stored twice', async () => {
    sim.clock.set(NOW);
    const db = await createDatabase(influxUrl, 'e2e_heal_wiped');
    const control = await createDatabase(influxUrl, 'e2e_heal_wiped_control');
    for (const [name, readBack] of [[db, true], [control, false]] as const) {
      sim.clock.set(NOW);
      expect((await runOnceAndClose(await freshCollector(sim, influxUrl, name, { yaml: SPLIT, readBack }))).ok).toBe(true);
      for (const step of [3 * DAY_MS + 5 * 3_600_000, 9 * DAY_MS]) {
        sim.clock.advance(step);
        const run = await runOnceAndClose(await freshCollector(sim, influxUrl, name, { yaml: SPLIT, readBack }));
        expect(run).toMatchObject({ ok: true, gaps: 0 });
      }
    }
    expect(moved(sim, NOW, sim.clock.now())).toBeGreaterThan(20);
    const healed = await compareWithTruth(sim, influxUrl, db, { fromMs, splitBySsid: true });
    expect(healed.diffs).toEqual([]);
    expect(healed.compared).toBeGreaterThan(5000);
    expect(await duplicatedClientDays(influxUrl, db)).toBe(0);
    expect(await duplicatedClientDays(influxUrl, db, 'client_usage_by_ssid')).toBe(0);
    // The control (state lost, no read-back) stores days twice: the scenario can fail.
    const doubled = await duplicatedClientDays(influxUrl, control);
    const main = await compareWithTruth(sim, influxUrl, control, { fromMs });
    expect(doubled).toBeGreaterThan(main.compared / 20);
    expect(main.diffs.length).toBeGreaterThan(0);
    console.info(
      `[figures] state wiped x2: ${healed.compared} client-days compared (client_usage ${main.compared} + by SSID), 0 duplicated; ` +
        `control without read-back: ${doubled} of ${main.compared} client_usage client-days stored twice`,
    );
  }, 300_000);

  it('resharding 1 -> 2 -> 3 instances, each with fresh state: every client-day once; without read-back, days twice', async () => {
    const reshard = async (db: string, readBack: boolean) => {
      sim.clock.set(NOW);
      const shardRun = async (shard: string) => {
        const run = await runOnceAndClose(await freshCollector(sim, influxUrl, db, { env: { COLLECTOR_SHARD: shard }, readBack }));
        expect(run).toMatchObject({ ok: true, gaps: 0 });
        return run.organizations;
      };
      expect(await shardRun('0/1')).toBe(6);
      sim.clock.advance(4 * DAY_MS + 2 * 3_600_000);
      expect((await shardRun('0/2')) + (await shardRun('1/2'))).toBe(6);
      sim.clock.advance(5 * DAY_MS + 7 * 3_600_000);
      expect((await shardRun('0/3')) + (await shardRun('1/3')) + (await shardRun('2/3'))).toBe(6);
    };
    const db = await createDatabase(influxUrl, 'e2e_heal_reshard');
    await reshard(db, true);
    expect(moved(sim, NOW, sim.clock.now())).toBeGreaterThan(20);
    const result = await compareWithTruth(sim, influxUrl, db, { fromMs });
    expect(result.diffs).toEqual([]);
    expect(await duplicatedClientDays(influxUrl, db)).toBe(0);
    const control = await createDatabase(influxUrl, 'e2e_heal_reshard_control');
    await reshard(control, false);
    const doubled = await duplicatedClientDays(influxUrl, control);
    expect(doubled).toBeGreaterThan(result.compared / 20);
    console.info(
      `[figures] resharding 1->2->3 with fresh state: ${result.compared} client-days compared, 0 duplicated; ` +
        `control without read-back: ${doubled} stored twice`,
    );
  }, 300_000);

  it('a daemon, then an ad-hoc backfill from an empty state folder, then the daemon again: every client-day once', async () => {
    /** The daemon's read-backs per run, or null for the control (no read-back). */
    const scenario = async (db: string, readBack: boolean) => {
      sim.clock.set(NOW);
      const daemon = await freshCollector(sim, influxUrl, db, { readBack });
      const reads: number[] = [];
      try {
        for (const step of [0, 3_600_000, 2 * DAY_MS, 3_600_000]) {
          sim.clock.advance(step);
          const before = daemon.readBacks.count;
          expect((await daemon.collector.runOnce()).ok).toBe(true);
          reads.push(daemon.readBacks.count - before);
        }
        sim.clock.advance(3 * DAY_MS);
        const backfill = await runOnceAndClose(await freshCollector(sim, influxUrl, db, { readBack }), 'backfill');
        expect(backfill).toMatchObject({ ok: true, gaps: 0 });
        sim.clock.advance(6 * 3_600_000);
        expect((await daemon.collector.runOnce()).ok).toBe(true);
      } finally {
        await daemon.collector.close();
      }
      return reads;
    };
    const db = await createDatabase(influxUrl, 'e2e_heal_backfill');
    // One read-back per unit (6 networks) when the state knows nothing, none on the next hourly run, again after
    // 2 days without a run (another instance may have written meanwhile), then none.
    expect(await scenario(db, true)).toEqual([6, 0, 6, 0]);
    expect(moved(sim, NOW, sim.clock.now())).toBeGreaterThan(10);
    const result = await compareWithTruth(sim, influxUrl, db, { fromMs });
    expect(result.diffs).toEqual([]);
    expect(await duplicatedClientDays(influxUrl, db)).toBe(0);
    const control = await createDatabase(influxUrl, 'e2e_heal_backfill_control');
    await scenario(control, false);
    const doubled = await duplicatedClientDays(influxUrl, control);
    expect(doubled).toBeGreaterThan(result.compared / 20);
    console.info(
      `[figures] daemon + backfill from empty state + daemon: ${result.compared} client-days compared, 0 duplicated; ` +
        `control without read-back: ${doubled} stored twice`,
    );
  }, 300_000);
});
