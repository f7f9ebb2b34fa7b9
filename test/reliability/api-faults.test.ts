/**
 * API faults, in process with a manual clock, over the simulator and the shared InfluxDB: 429 storms, 5xx at 50%,
 * slow answers beyond the timeout, resets, truncated and invalid JSON, 414, redirects and Link headers to an
 * untrusted host, pages far larger than usual, and malformed records. Each scenario: runs under the fault (they
 * succeed through retries, or fail with checkpoints behind stored data), then the fault is switched off and a later
 * run leaves InfluxDB equal to the truth.
 */
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { createCollector, type Collector } from '../../src/collector/collector.js';
import { MerakiClient } from '../../src/meraki/index.js';
import { DEFAULT_FAULTS, startSimulator, type Faults, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { captureLogger, type CapturedLine } from '../helpers/capture-logger.js';
import { harnessConfig, usageFromTruth } from '../helpers/collector-harness.js';
import { figuresRecorder, type ScenarioRecorder } from '../helpers/reliability-figures.js';
import { aheadOfStored, createDatabase, FULL_SUITE, heapUsedAfterGc, lookbackStart, storedUsage } from './support.js';

const NOW = Date.UTC(2026, 6, 2, 15, 45, 0);
const HOUR_MS = 3_600_000;
const influxUrl = inject('influxUrl');
const rec = figuresRecorder('api-faults', influxUrl);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => rec.report());

interface Scenario {
  sim: Simulator;
  collector: Collector;
  db: string;
  lines: CapturedLine[];
  figures: ScenarioRecorder;
}

let dbSeq = 0;
/** Collector settings: `meraki` and `collection` options over the suite's fast rate limits. */
interface Settings {
  meraki?: Record<string, number>;
  collection?: Record<string, number>;
}

async function scenario(name: string, sim: SimulatorOptions, settings: Settings = {}): Promise<Scenario> {
  const figures = rec.scenario(name);
  const yaml = stringify({ meraki: { ratePerOrgPerSecond: 400, ratePerIpPerSecond: 800, ...settings.meraki }, ...(settings.collection ? { collection: settings.collection } : {}) });
  const s = await startSimulator({ seed: 50 + dbSeq, networksPerOrg: 2, clientsPerNetwork: 30, now: NOW, rate: false, ...sim });
  cleanups.push(() => s.stop());
  const db = await createDatabase(influxUrl, `api_faults_${dbSeq++}`);
  const config = await harnessConfig({ sim: s, influx: { v1: { url: influxUrl, database: db } }, yaml });
  const logger = captureLogger();
  // Backoff steps of 50 ms instead of 1 s: the same retry logic, less waiting on two shared cores.
  const meraki = new MerakiClient({ ...config.meraki, logger, backoffBaseMs: 50, backoffMaxMs: 400 });
  const collector = createCollector({ config, logger, clock: s.clock, meraki });
  cleanups.push(() => collector.close());
  return { sim: s, collector, db, lines: logger.lines, figures };
}

async function expectBehind(s: Scenario): Promise<void> {
  const { lost, compared, lostKeys } = aheadOfStored(await s.collector.status(), await storedUsage(influxUrl, s.db), usageFromTruth(s.sim, { fromMs: lookbackStart(NOW) }));
  s.figures.compared(compared, lostKeys);
  expect(lost.slice(0, 5), `a checkpoint is ahead of stored data (${lost.length} client-days in all)`).toEqual([]);
}

/**
 * The faults the simulator injected so far, by kind (counted where applied, see Counters.faultsInjected; 429s are
 * throttled answers, 414s too-long URLs). Read before the fault is switched off.
 */
function recordInjected(s: Scenario): void {
  const c = s.sim.counters;
  for (const [kind, n] of Object.entries(c.faultsInjected)) s.figures.fault(kind, n);
  s.figures.fault('429', c.throttled);
  s.figures.fault('414', c.byStatus['414'] ?? 0);
}

/** Fault off, an hour later a run: InfluxDB equals the truth since the first run's lookback (full comparison). */
async function expectHealed(s: Scenario): Promise<void> {
  recordInjected(s);
  s.sim.setFaults({ ...DEFAULT_FAULTS });
  s.sim.clock.advance(HOUR_MS);
  expect(await s.collector.runOnce()).toMatchObject({ ok: true, rejectedRecords: 0 });
  const expected = usageFromTruth(s.sim, { fromMs: lookbackStart(NOW) });
  const diffs = s.figures.compare(await storedUsage(influxUrl, s.db), expected);
  expect(diffs.slice(0, 10), `${diffs.length} client-days differ from the truth`).toEqual([]);
  s.figures.done();
}

const SMALL_PAGES = { clientsPerRequest: 10, usagePerPage: 5 };
const RETRIES: Settings = { meraki: { maxRetries: 12, maxRetryAfterMs: 1000, timeoutMs: 600 }, collection: SMALL_PAGES };

describe('API faults', () => {
  it.each<[string, Partial<Faults>]>([
    ['5xx at 50%', { serverErrorRate: 0.5 }],
    ['slow answers beyond the timeout (30%)', { slowRate: 0.3, slowMs: 1200 }],
    ['connection resets (30%)', { resetRate: 0.3 }],
    ['truncated JSON (30%)', { truncatedRate: 0.3 }],
    ['invalid JSON (30%)', { invalidJsonRate: 0.3 }],
    ['all of them at 10%', { serverErrorRate: 0.1, slowRate: 0.1, slowMs: 1200, resetRate: 0.1, truncatedRate: 0.1, invalidJsonRate: 0.1 }],
  ])('%s: the run completes through retries and stores exactly the truth', async (name, faults) => {
    const s = await scenario(name, { faults }, RETRIES);
    const first = await s.collector.runOnce();
    expect(Object.keys(s.sim.counters.faultsInjected).length).toBeGreaterThan(0);
    expect(first.retries).toBeGreaterThan(0);
    expect(first.ok).toBe(true);
    await expectBehind(s);
    await expectHealed(s);
  });

  it('a 429 storm (the API allows 3 requests/s, the collector tries 200/s): retried after Retry-After, nothing lost', async () => {
    const s = await scenario('429 storm', { rate: { perOrgPerSecond: 3, orgBurst: 0, perIpPerSecond: 100 } }, {
      meraki: { ratePerOrgPerSecond: 200, concurrencyPerOrg: 8, maxRetries: 20 },
      collection: { clientsPerRequest: 5, usagePerPage: 5 },
    });
    const first = await s.collector.runOnce();
    expect(s.sim.counters.throttled).toBeGreaterThan(0);
    expect(first).toMatchObject({ ok: true });
    expect(first.rateLimited).toBeGreaterThan(0);
    await expectHealed(s);
  });

  it('414: a server with short URLs makes the client chunks shrink, and the run succeeds', async () => {
    const s = await scenario('414 (URLs longer than 700 characters)', { maxUrlLength: 700, clientsPerNetwork: 120 }, { collection: { clientsPerRequest: 120 } });
    const first = await s.collector.runOnce();
    const rejected = s.sim.counters.byStatus['414'] ?? 0;
    expect(rejected).toBeGreaterThan(0);
    expect(first.ok).toBe(true);
    expect(s.lines.filter((l) => l.msg.startsWith('URL too long')).length).toBe(rejected);
    await expectHealed(s);
  });

  // Client chunks never exceed usagePerPage, so usageHistories has Link pages only when it pages over days.
  it.each<[string, SimulatorOptions]>([
    ['redirects to an untrusted host (40%)', { faults: { untrustedRedirectRate: 0.4 } }],
    ['Link headers to an untrusted host (50%)', { faults: { untrustedLinkRate: 0.5 }, quirks: { usageHistoriesPagination: 'days' } }],
  ])('%s: refused, the key never reaches that host, checkpoints stay behind stored data', async (name, options) => {
    const s = await scenario(name, options, { collection: SMALL_PAGES });
    for (let i = 0; i < 3; i++) {
      await s.collector.runOnce();
      await expectBehind(s);
      s.sim.clock.advance(HOUR_MS);
    }
    const refused = s.lines.filter((l) => l.fields.err instanceof Error && l.fields.err.message.includes('untrusted host')).length;
    // Link headers are not counted by the simulator (only pages that have a next page carry one): the refusals are.
    if (options.faults?.untrustedLinkRate) s.figures.fault('untrustedLink (refused)', refused);
    expect(refused).toBeGreaterThan(0);
    expect(s.sim.counters.keyedRequests.untrusted).toBe(0);
    expect(s.sim.counters.keysSeen.untrusted).toEqual([]);
    rec.detail('keyedRequestsUntrusted', s.sim.counters.keyedRequests.untrusted);
    await expectHealed(s);
    expect(s.sim.counters.keyedRequests.untrusted).toBe(0);
  });

  it('malformed records: reported and skipped, the rest of each page stored, the checkpoint held before them', async () => {
    const s = await scenario('malformed records (1%)', { faults: { malformedRecordRate: 0.01 }, clientsPerNetwork: 60 }, { collection: { clientsPerRequest: 20, usagePerPage: 10 } });
    const first = await s.collector.runOnce();
    const skipped = s.lines.filter((l) => l.msg === 'skipped a bad usage record');
    s.figures.fault('malformed record (rejected)', first.rejectedRecords);
    expect(first.rejectedRecords).toBeGreaterThan(3);
    expect(skipped).toHaveLength(first.rejectedRecords);
    // Everything but the skipped (client, day) records is stored; clients with a record without `ts` may miss any day.
    const badKeys = new Set<string>();
    const badClients = new Set<string>();
    for (const l of skipped) {
      const { network, client, ts } = l.fields as { network: string; client: string; ts?: string };
      if (ts === undefined) badClients.add(`${network}|${client}`);
      else badKeys.add(`${network}|${client}|${Math.floor(Date.parse(ts) / 1000)}`);
    }
    const stored = await storedUsage(influxUrl, s.db);
    const expected = usageFromTruth(s.sim, { fromMs: lookbackStart(NOW) });
    const excused = (k: string): boolean => badKeys.has(k) || badClients.has(k.split('|').slice(0, 2).join('|'));
    const missing = [...expected.keys()].filter((k) => !stored.has(k) && !excused(k));
    s.figures.compared([...expected.keys()].filter((k) => !excused(k)), missing);
    expect(missing.slice(0, 5), `${missing.length} client-days missing`).toEqual([]);
    await expectBehind(s);
    for (const st of await s.collector.status()) {
      const held = skipped.filter((l) => l.fields.network === st.networkId);
      const oldest = Math.min(...held.map((l) => (l.fields.ts === undefined ? -Infinity : Math.floor(Date.parse(String(l.fields.ts)) / 1000) * 1000)));
      if (held.length > 0) expect(st.checkpointMs ?? -Infinity).toBeLessThanOrEqual(oldest);
    }
    await expectHealed(s);
  });

  it('pages far larger than usual (1000 clients x 32 days per answer): memory stays bounded', async () => {
    const s = await scenario(
      'large answers (1000 clients x 32 days)',
      { networksPerOrg: FULL_SUITE ? 3 : 1, clientsPerNetwork: 2000 },
      { collection: { clientsPerRequest: 1000, usagePerPage: 1000, networkConcurrency: 1 } },
    );
    const before = heapUsedAfterGc();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
    let first;
    try {
      first = await s.collector.runOnce();
    } finally {
      clearInterval(sampler);
    }
    expect(first.ok).toBe(true);
    const retainedMb = (heapUsedAfterGc() - before) / 2 ** 20;
    const peakMb = (peak - before) / 2 ** 20;
    rec.detail('largePagesPeakHeapGrowthMb', Math.round(peakMb));
    rec.detail('largePagesRetainedHeapMb', Math.round(retainedMb * 10) / 10);
    rec.detail('largePagesPoints', first.points);
    // ~43,000 points per answer of ~3 MB (two answers per network): one at a time in memory, nothing kept after.
    expect(first.points).toBeGreaterThan(FULL_SUITE ? 150_000 : 50_000);
    expect(peakMb).toBeLessThan(300);
    if (retainedMb > 16) s.figures.leak();
    expect(retainedMb).toBeLessThan(16);
    await expectHealed(s);
  });
});
