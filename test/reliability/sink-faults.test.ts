/**
 * Sink faults, in process with a manual clock: InfluxDB killed in the middle of a run and restarted simulated hours
 * later, a slow InfluxDB (within and beyond the write timeout), 500/503 answers with Retry-After (a loopback proxy),
 * and heap growth over many runs while InfluxDB refuses everything. No point is lost, no checkpoint is ever ahead
 * of stored data, and the sink keeps nothing queued between calls.
 */
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { createCollector, type Collector } from '../../src/collector/collector.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { harnessConfig, usageFromTruth } from '../helpers/collector-harness.js';
import { startFaultProxy, type ProxyMode } from '../helpers/fault-proxy.js';
import { startInfluxd } from '../helpers/influxd.js';
import { figuresRecorder, type ScenarioRecorder } from '../helpers/reliability-figures.js';
import { aheadOfStored, createDatabase, FAST_YAML, FULL_SUITE, heapUsedAfterGc, lookbackStart, storedUsage } from './support.js';

const NOW = Date.UTC(2026, 3, 14, 10, 20, 0);
const HOUR_MS = 3_600_000;
const influxUrl = inject('influxUrl');
const rec = figuresRecorder('sink-faults', influxUrl);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => rec.report());

const SMALL_PAGES = 'collection:\n  clientsPerRequest: 10\n  usagePerPage: 5\n';

async function world(seed: number, clientsPerNetwork = 30): Promise<Simulator> {
  const sim = await startSimulator({ seed, networksPerOrg: 3, clientsPerNetwork, now: NOW, rate: false });
  cleanups.push(() => sim.stop());
  return sim;
}

async function collectorFor(sim: Simulator, url: string, db: string, influxYaml: string): Promise<Collector> {
  const config = await harnessConfig({ sim, influx: { v1: { url, database: db } }, yaml: `${FAST_YAML}${SMALL_PAGES}influx:\n${influxYaml}` });
  const collector = createCollector({ config, logger: captureLogger(), clock: sim.clock });
  cleanups.push(() => collector.close());
  return collector;
}

/** No checkpoint ahead of the data stored at `url`/`db` (closed days before each checkpoint stored exactly). */
async function expectCheckpointsBehindData(collector: Collector, sim: Simulator, url: string, db: string, figures: ScenarioRecorder): Promise<void> {
  const states = await collector.status();
  const { lost, compared, lostKeys } = aheadOfStored(states, await storedUsage(url, db), usageFromTruth(sim, { fromMs: lookbackStart(NOW) }));
  figures.compared(compared, lostKeys);
  expect(lost.slice(0, 5), `${lost.length} client-days behind a checkpoint not stored`).toEqual([]);
}

/** InfluxDB equals the truth (full comparison); the scenario is done. */
async function expectTruth(sim: Simulator, url: string, db: string, figures: ScenarioRecorder, fromMs = lookbackStart(NOW)): Promise<void> {
  const diffs = figures.compare(await storedUsage(url, db), usageFromTruth(sim, { fromMs }));
  expect(diffs.slice(0, 10), `${diffs.length} client-days differ from the truth`).toEqual([]);
  figures.done();
}

/** What a proxy mode does to a write, as a fault kind. */
const faultKind = (mode: ProxyMode): string =>
  mode.kind === 'slow' ? `write delayed ${mode.delayMs} ms` : mode.kind === 'status' ? `write answered ${mode.status}` : `write ${mode.kind}`;

describe('sink faults', () => {
  it('InfluxDB killed mid-run and restarted hours later (simulated): the next run fills in, nothing lost', async () => {
    const figures = rec.scenario('InfluxDB killed mid-run, down for 3 runs');
    const influx = await startInfluxd();
    cleanups.push(() => influx.stop());
    const proxy = await startFaultProxy(influx.url);
    cleanups.push(() => proxy.stop());
    const sim = await world(41);
    const db = await createDatabase(influx.url, 'sink_down');
    // A killed InfluxDB refuses connections at once: the timeout only has to outlast a healthy write on a busy machine.
    const collector = await collectorFor(sim, proxy.url, db, '  maxRetries: 1\n  timeoutMs: 10000\n');

    let killing: Promise<void> | undefined;
    let writes = 0; // writes only: the first run also reads the stored tag sets (/query) through the proxy
    proxy.onFaultPath = () => {
      // 9 = the 3 networks' network_info/client_info writes + 6 usage writes: in the middle of the first backfill's writes
      if (++writes === 9) killing = influx.kill();
    };
    const first = await collector.runOnce();
    await killing;
    figures.fault('InfluxDB killed');
    expect(first.ok).toBe(false);
    proxy.onFaultPath = undefined;
    for (let i = 0; i < 3; i++) {
      sim.clock.advance(2 * HOUR_MS); // still down: every network fails, state stays behind the data
      expect((await collector.runOnce()).ok).toBe(false);
    }
    await influx.restart();
    // Killed in the middle: some pages were stored before, the rest not.
    const partial = (await storedUsage(influx.url, db)).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(usageFromTruth(sim, { fromMs: lookbackStart(NOW) }).size);
    await expectCheckpointsBehindData(collector, sim, influx.url, db, figures);
    sim.clock.advance(3 * HOUR_MS);
    expect(await collector.runOnce()).toMatchObject({ ok: true, networksFailed: 0, gaps: 0 });
    await expectTruth(sim, influx.url, db, figures);
  });

  it.each([
    ['slow within the timeout', { kind: 'slow', delayMs: 300 }, undefined, '  maxRetries: 2\n  timeoutMs: 5000\n', true],
    ['slow beyond the timeout', { kind: 'slow', delayMs: 1500 }, undefined, '  maxRetries: 1\n  timeoutMs: 400\n', false],
    ['503 with Retry-After, then healthy', { kind: 'status', status: 503, retryAfter: '1' }, 3, '  maxRetries: 4\n  timeoutMs: 10000\n', true],
    ['500 with Retry-After, then healthy', { kind: 'status', status: 500, retryAfter: '1' }, 2, '  maxRetries: 4\n  timeoutMs: 10000\n', true],
    ['503 on every write', { kind: 'status', status: 503, retryAfter: '1' }, undefined, '  maxRetries: 1\n  timeoutMs: 10000\n', false],
  ] as const)('%s: no point lost, no checkpoint ahead of stored data', async (name, mode, remaining, influxYaml, firstRunOk) => {
    const figures = rec.scenario(name);
    const sim = await world(43, 20);
    const db = await createDatabase(influxUrl, `sink_${name.replace(/\W+/g, '_')}`);
    const proxy = await startFaultProxy(influxUrl);
    cleanups.push(() => proxy.stop());
    proxy.mode = mode;
    proxy.remaining = remaining;
    const collector = await collectorFor(sim, proxy.url, db, influxYaml);

    const first = await collector.runOnce();
    figures.fault(faultKind(mode), proxy.counts.faulted);
    expect(proxy.counts.faulted).toBeGreaterThan(0);
    expect(first.ok).toBe(firstRunOk);
    await expectCheckpointsBehindData(collector, sim, influxUrl, db, figures);
    proxy.mode = { kind: 'pass' };
    sim.clock.advance(HOUR_MS);
    expect((await collector.runOnce()).ok).toBe(true);
    await expectTruth(sim, influxUrl, db, figures);
  });

  it('heap stays flat over many runs while InfluxDB refuses every write (nothing queued between calls)', async () => {
    const figures = rec.scenario('every write answered 500, many runs (heap)');
    const sim = await world(47, 120);
    const db = await createDatabase(influxUrl, 'sink_heap');
    const proxy = await startFaultProxy(influxUrl);
    cleanups.push(() => proxy.stop());
    proxy.mode = { kind: 'status', status: 500 };
    const collector = await collectorFor(sim, proxy.url, db, '  maxRetries: 0\n  timeoutMs: 10000\n'); // the proxy answers 500 at once
    const runs = FULL_SUITE ? 60 : 24;
    let baseline = 0;
    for (let i = 0; i < runs; i++) {
      sim.clock.advance(HOUR_MS);
      expect((await collector.runOnce()).ok).toBe(false);
      if (i === 3) baseline = heapUsedAfterGc();
    }
    const growthBytes = heapUsedAfterGc() - baseline;
    figures.fault(faultKind(proxy.mode), proxy.counts.faulted);
    rec.detail('heapGrowthWhileDownKb', Math.round(growthBytes / 1024));
    // Each run offers ~11,000 points (3 networks x 120 clients x 31 days): had they been queued, 20+ runs would
    // hold tens of megabytes. Allow 8 MB of noise.
    if (growthBytes > 8 * 1024 * 1024) figures.leak();
    expect(growthBytes).toBeLessThan(8 * 1024 * 1024);
    proxy.mode = { kind: 'pass' };
    expect((await collector.runOnce()).ok).toBe(true);
    await expectTruth(sim, influxUrl, db, figures, lookbackStart(sim.clock.now()));
  });
});
