import { afterEach, describe, expect, inject, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { MerakiClient } from '../../src/meraki/index.js';
import { FileCheckpointStore } from '../../src/state/file-checkpoint-store.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { createDatabase, DAY_MS, diffUsage, harnessConfig, storedUsage, usageFromTruth } from '../helpers/collector-harness.js';

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);
const influxUrl = inject('influxUrl');
const FROM_MS = Math.floor((NOW - 31 * DAY_MS) / DAY_MS) * DAY_MS;

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function setup(db: string, quirk: number) {
  const sim = await startSimulator({ seed: 5, orgs: 1, networksPerOrg: 2, clientsPerNetwork: 40, now: NOW, rate: false, quirks: { usage502AboveClients: quirk } });
  sims.push(sim);
  await createDatabase(influxUrl, db);
  const config = await harnessConfig({ sim, influx: { v1: { url: influxUrl, database: db } }, yaml: 'meraki:\n  maxRetries: 1\n' });
  const logger = captureLogger();
  const meraki = new MerakiClient({ ...config.meraki, logger, backoffBaseMs: 5, backoffMaxMs: 20 });
  const collector = createCollector({ config, logger, clock: sim.clock, meraki });
  return { sim, config, logger, meraki, collector };
}

describe('adaptive chunks: a usage request that keeps answering 5xx is split (simulator quirk usage502AboveClients)', () => {
  it('splits down to a size that works, stores exactly the truth, and the next run starts at that size', async () => {
    const { sim, config, logger, meraki, collector } = await setup('e2e_chunks_502', 12);
    try {
      const first = await collector.runOnce();
      expect(first).toMatchObject({ ok: true, networks: 2, networksFailed: 0, orgsFailed: 0 });
      expect(diffUsage(await storedUsage(influxUrl, 'e2e_chunks_502'), usageFromTruth(sim, { fromMs: FROM_MS }))).toEqual([]);
      // Per network (n clients): n, ceil(n/2), ... fail while above 12, each tried 1 + maxRetries times.
      const splits = logger.lines.filter((l) => l.msg.startsWith('usage request kept failing with a server error'));
      const store = new FileCheckpointStore(config.state.dir);
      const working = new Map<string, number>();
      let failedChunks = 0;
      for (const n of sim.world.networks) {
        const sizes = splits.filter((l) => l.fields.network === n.id).map((l) => l.fields.clients as number);
        expect(sizes.length).toBeGreaterThanOrEqual(1);
        const expected: number[] = [];
        for (let size = sizes[0]!; size > 12; size = Math.ceil(size / 2)) expected.push(size);
        expect(sizes).toEqual(expected);
        const size = Math.ceil(sizes.at(-1)! / 2);
        expect(size).toBeLessThanOrEqual(12);
        working.set(n.id, size);
        failedChunks += sizes.length;
        expect((await store.get(n.id))?.chunkSize).toBe(size);
      }
      expect(sim.counters.byStatus['502']).toBe(failedChunks * 2);

      sim.resetCounters();
      sim.clock.advance(3_600_000);
      const second = await collector.runOnce();
      expect(second.ok).toBe(true);
      expect(sim.counters.byStatus['502'] ?? 0).toBe(0);
      // Every network starts at its remembered size: no request above the quirk's limit, so no 502 and no split.
      expect(logger.lines.filter((l) => l.msg.startsWith('usage request kept failing')).length).toBe(splits.length);
      expect(sim.counters.byEndpoint['usageHistories']).toBeGreaterThanOrEqual(second.clients / 12);
      expect(diffUsage(await storedUsage(influxUrl, 'e2e_chunks_502'), usageFromTruth(sim, { fromMs: FROM_MS }))).toEqual([]);
    } finally {
      meraki.close();
      await collector.close();
    }
  });

  it('without the quirk nothing is split: one usage request per network (requests = the minimum)', async () => {
    const { sim, logger, meraki, collector } = await setup('e2e_chunks_plain', 0);
    try {
      const run = await collector.runOnce();
      expect(run.ok).toBe(true);
      expect(sim.counters.byEndpoint['usageHistories']).toBe(2);
      expect(sim.counters.byStatus['502'] ?? 0).toBe(0);
      expect(logger.lines.filter((l) => l.msg.includes('splitting'))).toEqual([]);
      expect(run.usagePagesParsedFallback).toBe(0);
    } finally {
      meraki.close();
      await collector.close();
    }
  });
});

describe('usage pages that took the JSON.parse fallback are counted', () => {
  it('malformed records make pages fall back: the run counts them (and logs each at debug)', async () => {
    const sim = await startSimulator({ seed: 9, orgs: 1, networksPerOrg: 2, clientsPerNetwork: 20, now: NOW, rate: false, faults: { malformedRecordRate: 0.02 } });
    sims.push(sim);
    const config = await harnessConfig({ sim, influx: null, yaml: 'collection:\n  usagePerPage: 5\n' });
    const logger = captureLogger();
    const collector = createCollector({ config, logger, clock: sim.clock });
    try {
      const run = await collector.runOnce();
      const debug = logger.lines.filter((l) => l.level === 'debug' && l.msg.startsWith('usage page parsed with JSON.parse'));
      expect(run.rejectedRecords).toBeGreaterThan(0);
      expect(run.usagePagesParsedFallback).toBeGreaterThan(0);
      expect(run.usagePagesParsedFallback).toBe(debug.length);
      expect(run.usagePagesParsedFallback).toBeLessThanOrEqual(sim.counters.byEndpoint['usageHistories']!);
    } finally {
      await collector.close();
    }
  });
});
