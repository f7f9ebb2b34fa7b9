/**
 * Days Meraki still adds to after they closed (the simulator's lateDataHours quirk) are fetched again by the settle
 * window; a permanently bad record stops holding the checkpoint. Real InfluxDB 1.6.7, simulated clock.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Registry } from 'prom-client';
import { formatStatusTable } from '../../src/cli/status-table.js';
import { createCollectorMetrics } from '../../src/observe/metrics.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { parsePromText, sumOf } from '../observe/prom-text.js';
import { createDatabase, DAY_MS, storedUsage, usageFromTruth } from '../helpers/collector-harness.js';
import { compareWithTruth, duplicatedClientDays, freshCollector } from './scenario-support.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 1, 2, 9, 0, 0);
const influxUrl = inject('influxUrl');
const fromMs = Math.floor((NOW - 31 * DAY_MS) / DAY_MS) * DAY_MS;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The run times of the late-data scenario: 3 days hourly, 14 days daily at 00:30 UTC, a last run at noon. */
function schedule(): number[] {
  const times: number[] = [];
  for (let t = NOW; t < NOW + 3 * DAY_MS; t += HOUR) times.push(t);
  const firstDaily = Math.floor((NOW + 3 * DAY_MS) / DAY_MS) * DAY_MS + DAY_MS + HOUR / 2;
  for (let d = 0; d < 14; d++) times.push(firstDaily + d * DAY_MS);
  times.push(times[times.length - 1]! + 11.5 * HOUR);
  return times;
}

describe('settle window against late data (lateDataHours 6)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 9, orgs: 1, networksPerOrg: 2, clientsPerNetwork: 25, now: NOW, rate: false, quirks: { lateDataHours: 6 } });
  });
  afterAll(() => sim.stop());

  /**
   * Explicit client sets (every client that exists at the start) keep the client set the same whatever the window,
   * so request counts compare like for like; discovery lists the clients seen in the window, and a client seen
   * only in the settle days joins the chunks (the clients whose late data the window is for).
   */
  async function runSchedule(settleDays: number, explicit: boolean) {
    const db = await createDatabase(influxUrl, `e2e_settle_${settleDays}_${explicit ? 'explicit' : 'discover'}`);
    const sets = sim.world.networks.map((n) => {
      const keys = n.clients.filter((c) => sim.truth.clientAt(n.id, c.key, NOW) !== undefined).map((c) => c.key);
      return `    ${n.id}:\n      clients: [${keys.join(', ')}]\n`;
    });
    const yaml = `collection:\n  clientsPerRequest: 10\n  settleDays: ${settleDays}\n` + (explicit ? `targets:\n  clientSets:\n${sets.join('')}` : '');
    const c = await freshCollector(sim, influxUrl, db, { yaml });
    const requests: number[] = [];
    try {
      for (const t of schedule()) {
        sim.clock.set(t);
        const run = await c.collector.runOnce();
        expect(run).toMatchObject({ ok: true, gaps: 0 });
        requests.push(run.requests);
      }
    } finally {
      await c.collector.close();
    }
    // Every closed day (the open one is still partial), after the last run at noon: 6 hours of late data are over.
    const toMs = Math.floor(sim.clock.now() / DAY_MS) * DAY_MS;
    return { db, requests, toMs, ...(await compareWithTruth(sim, influxUrl, db, { fromMs, toMs })) };
  }

  it('every closed client-day equals its final value with settleDays 2, at the same request count per run; settleDays 0 stays short', async () => {
    const discovered = await runSchedule(2, false);
    expect(discovered.diffs).toEqual([]);
    expect(discovered.compared).toBeGreaterThan(1000);
    expect(await duplicatedClientDays(influxUrl, discovered.db)).toBe(0);

    const settled = await runSchedule(2, true);
    expect(settled.diffs).toEqual([]);
    const off = await runSchedule(0, true);
    const short = off.diffs.filter((d) => d.startsWith('wrong')).length;
    expect(short).toBeGreaterThan(5);
    // Requests go by client chunk, not by day: the settle window costs none.
    expect(settled.requests).toEqual(off.requests);
    expect(settled.requests.length).toBe(schedule().length);

    // Figures: short client-days and wrong per-network totals without the settle window (all, not the first 20).
    const stored = await storedUsage(influxUrl, off.db);
    const truth = usageFromTruth(sim, { fromMs, toMs: off.toMs });
    let shortDays = 0;
    const totals = new Map<string, number>();
    for (const [k, want] of truth) {
      const got = stored.get(k);
      if (!got || got.recv !== want.recv || got.sent !== want.sent) shortDays++;
      const network = k.split('|')[0]!;
      totals.set(network, (totals.get(network) ?? 0) + want.recv - (got?.recv ?? 0));
    }
    expect(shortDays).toBeGreaterThan(short - 1);
    const wrongTotals = [...totals.values()].filter((d) => d !== 0).length;
    console.info(
      `[figures] late data 6 h, ${schedule().length} runs (3 days hourly, 14 daily at 00:30, one at noon), ${truth.size} closed client-days: ` +
        `settleDays 2: 0 differ; settleDays 0: ${shortDays} short, ${wrongTotals} of ${totals.size} network totals wrong; ` +
        `Meraki requests with explicit client sets ${sum(settled.requests)} in both; discovered clients ${sum(discovered.requests)}`,
    );
  }, 600_000);
});

describe('a permanently bad record (stickyMalformedRate)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, orgs: 1, networksPerOrg: 2, clientsPerNetwork: 30, now: NOW, rate: false, faults: { stickyMalformedRate: 0.004 } });
  });
  afterAll(() => sim.stop());

  async function dailyRuns(rejectHoldRuns: number, days: number) {
    const db = await createDatabase(influxUrl, `e2e_rejects_${rejectHoldRuns}`);
    const c = await freshCollector(sim, influxUrl, db, { yaml: `collection:\n  rejectHoldRuns: ${rejectHoldRuns}\n` });
    let gaps = 0;
    try {
      for (let d = 0; d < days; d++) {
        sim.clock.set(NOW + d * DAY_MS);
        const run = await c.collector.runOnce();
        expect(run.ok).toBe(true);
        gaps += run.gaps;
      }
      return { db, gaps, lines: c.lines, statuses: await c.collector.status() };
    } finally {
      await c.collector.close();
    }
  }

  it('holds the checkpoint for 3 runs, then gives up: logged once, counted in status, no false gap, the rest exact', async () => {
    const r = await dailyRuns(3, 40);
    expect(r.gaps).toBe(0);
    const bad = new Set(
      r.lines.filter((l) => l.msg === 'skipped a bad usage record').map((l) => `${String(l.fields.network)}|${String(l.fields.client)}|${Date.parse(String(l.fields.ts)) / 1000}`),
    );
    expect(bad.size).toBeGreaterThan(3);
    const lastDay = Math.floor(sim.clock.now() / DAY_MS) * DAY_MS;
    const old = [...bad].filter((k) => Number(k.split('|')[2]) * 1000 <= lastDay - 2 * DAY_MS).length;
    const gaveUp = r.lines.filter((l) => l.msg.startsWith('gave up on rejected records'));
    const logged = gaveUp.reduce((n, l) => n + Number(l.fields.records), 0);
    const counted = r.statuses.reduce((n, s) => n + (s.rejectsGivenUp ?? 0), 0);
    expect(logged).toBe(old);
    expect(counted).toBe(old);
    // status shows it, /metrics counts it.
    expect(formatStatusTable(r.statuses)).toMatch(/ok \S+ \S+ \(\d+ rejected given up\)/);
    const registry = new Registry();
    createCollectorMetrics(registry, { clock: sim.clock }).onNetworkStatuses(r.statuses);
    expect(sumOf(parsePromText(await registry.metrics()).samples, 'meraki_usage_network_rejects_given_up')).toBe(old);
    for (const s of r.statuses) expect(s.checkpointMs).toBe(lastDay);
    const result = await compareWithTruth(sim, influxUrl, r.db, { fromMs, skip: bad });
    expect(result.diffs).toEqual([]);
    console.info(`[figures] permanently bad records: ${bad.size} rejected, ${old} given up after 3 runs (logged once each), 0 gaps over 40 daily runs, ${result.compared} other client-days exact`);

    // The same with the old behaviour (hold forever): the checkpoint stays behind until a false gap.
    const forever = await dailyRuns(0, 40);
    expect(forever.gaps).toBeGreaterThan(0);
    console.info(`[figures] the same with rejectHoldRuns 0 (hold forever): ${forever.gaps} false gaps recorded`);
  }, 300_000);
});
