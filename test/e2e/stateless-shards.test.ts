import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { shardOf } from '../../src/discovery/shard.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { createDatabase, DAY_MS, diffUsage, harnessConfig, storedUsage, usageFromTruth } from '../helpers/collector-harness.js';

const NOW = Date.UTC(2026, 7, 10, 6, 0, 0);
const influxUrl = inject('influxUrl');
const db = 'e2e_shards';

const stored = () => storedUsage(influxUrl, db);

describe('sharded, stateless instances (checkpoints in InfluxDB)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 21, orgs: 5, networksPerOrg: 1, clientsPerNetwork: 20, now: NOW, rate: false });
    await createDatabase(influxUrl, db);
  });
  afterAll(() => sim.stop());

  /** One run of each of 3 shard instances, each built afresh with an empty local folder. */
  async function runShards() {
    const summaries = [];
    for (let i = 0; i < 3; i++) {
      const config = await harnessConfig({
        sim,
        influx: { v1: { url: influxUrl, database: db } },
        env: { COLLECTOR_SHARD: `${i}/3`, COLLECTOR_STATE_STORE: 'influx' },
      });
      const collector = createCollector({ config, logger: captureLogger(), clock: sim.clock });
      try {
        summaries.push(await collector.runOnce());
      } finally {
        await collector.close();
      }
    }
    return summaries;
  }

  it('every organization is collected by exactly one instance, and a rescheduled instance resumes from InfluxDB', async () => {
    const orgIds = sim.world.organizations.map((o) => o.id);
    const first = await runShards();
    expect(first.map((s) => s.organizations)).toEqual([0, 1, 2].map((i) => orgIds.filter((o) => shardOf(o, 3) === i).length));
    expect(first.reduce((n, s) => n + s.organizations, 0)).toBe(orgIds.length);
    expect(first.every((s) => s.ok && s.gaps === 0)).toBe(true);
    const fromMs = Math.floor((NOW - 31 * DAY_MS) / DAY_MS) * DAY_MS;
    expect(diffUsage(await stored(), usageFromTruth(sim, { fromMs }))).toEqual([]);

    sim.clock.advance(DAY_MS + 3_600_000);
    const second = await runShards();
    expect(second.every((s) => s.ok && s.gaps === 0)).toBe(true);
    // Resumed from the stored checkpoints: a day and an hour of data, not a new 31-day backfill.
    const points = (runs: typeof first) => runs.reduce((n, s) => n + s.points, 0);
    expect(points(second)).toBeLessThan(points(first) / 5);
    expect(diffUsage(await stored(), usageFromTruth(sim, { fromMs }))).toEqual([]);
  });
});
