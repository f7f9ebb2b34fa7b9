import { appendFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { infoLines } from '../../src/collector/info-points.js';
import { createCollector } from '../../src/collector/collector.js';
import type { Config } from '../../src/config/types.js';
import { createInfluxQlClient } from '../../src/sink/influxql-client.js';
import { parseReportArgs } from '../../src/report/report-options.js';
import type { Trend, UsageReport } from '../../src/report/report-types.js';
import { makeReport, reportSourceFor } from '../../src/report/run-report.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { DAY_MS, harnessConfig } from '../helpers/collector-harness.js';
import { influxQuery, uniqueDatabase } from '../sink/influx-query.js';

const influxUrl = inject('influxUrl');
const NOW = Date.UTC(2026, 0, 10, 6, 0);
const ZONES = ['Europe/Moscow', 'America/Bogota']; // +3 h and -5 h, no daylight saving time
const GROWTH_PCT = 4;
const RUNS = 11;
const STEP_DAYS = 20;
/** Collecting six simulated months and replaying the truth take seconds here; the margins hold at 10x slower. */
const SLOW_MS = 300_000;

/** The local date of an instant in a zone, written out with Intl (not the code under test). */
const localDate = (ms: number, zone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(ms);
const mondayOf = (date: string): string => {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return new Date(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
};

/** Loads the file sink's files into an InfluxDB 1.x database over /write, as `influx -import` would. */
async function importFiles(dir: string, database: string): Promise<number> {
  let lines = 0;
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.lp')).sort()) {
    const all = (await readFile(join(dir, file), 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
    for (let i = 0; i < all.length; i += 5000) {
      const res = await fetch(`${influxUrl}/write?db=${database}&precision=s`, { method: 'POST', body: all.slice(i, i + 5000).join('\n') });
      expect(res.status).toBe(204);
    }
    lines += all.length;
  }
  return lines;
}

describe('six months collected into the file sink, reported from the files and from InfluxDB 1.6 (+3 h and -5 h networks, +4%/month)', () => {
  let sim: Simulator;
  let fileConfig: Config;
  let influxConfig: Config;
  let fromFiles: UsageReport;
  let fromInflux: UsageReport;
  let args: string[];

  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, orgs: 1, networksPerOrg: 2, clientsPerNetwork: 40, now: NOW, timeZones: ZONES, growthPctPerMonth: GROWTH_PCT, churn: false, quirks: { dayBoundary: 'networkTimeZone' } });
    fileConfig = await harnessConfig({ sim, influx: null });
    const collector = createCollector({ config: fileConfig, logger: captureLogger(), clock: sim.clock });
    try {
      for (let i = 0; i < RUNS; i++) {
        if (i > 0) sim.clock.advance(STEP_DAYS * DAY_MS);
        const summary = await collector.runOnce();
        expect(summary.ok).toBe(true);
      }
    } finally {
      await collector.close();
    }
    const database = uniqueDatabase('report_files');
    await influxQuery(influxUrl, `CREATE DATABASE ${database}`);
    expect(await importFiles(fileConfig.fileSink.dir, database)).toBeGreaterThan(1000);
    influxConfig = await harnessConfig({ sim, influx: { v1: { url: influxUrl, database } } });
    args = ['--from', '2025-12-15', '--to', new Date(sim.clock.now()).toISOString().slice(0, 10), '--top', '5', '--threshold', '40MB'];
    const options = parseReportArgs(args, sim.clock.now())!;
    fromFiles = await makeReport(reportSourceFor(fileConfig, options), options, sim.clock.now());
    fromInflux = await makeReport(reportSourceFor(influxConfig, options, createInfluxQlClient(influxConfig.influx!)), options, sim.clock.now());
  }, SLOW_MS);
  afterAll(() => sim?.stop());

  it('the report from the line-protocol files equals the report from InfluxDB, every section', () => {
    expect(fromFiles.source).toMatch(/^line-protocol files in /);
    expect(fromInflux.source).toMatch(/^InfluxQL /);
    expect({ ...fromFiles, source: '' }).toEqual({ ...fromInflux, source: '' });
    expect(fromFiles.networks).toHaveLength(2);
    expect(fromFiles.totals.totalKb).toBeGreaterThan(0);
  }, SLOW_MS);

  it('networks and clients by name (network_info / client_info), ids beside them', () => {
    const world = new Map(sim.world.networks.map((n) => [n.id, n]));
    for (const n of fromFiles.networks) {
      expect(n.name).toBe(world.get(n.network)!.name);
      expect(n.timeZone).toBe(world.get(n.network)!.timeZone);
    }
    for (const c of fromFiles.topClients) {
      const simClient = world.get(c.network)!.clientByKey(c.client)!;
      expect(c.name).toBe(simClient.description ?? simClient.mac);
      expect([c.manufacturer, c.os, c.networkName]).toEqual([simClient.manufacturer, simClient.os, world.get(c.network)!.name]);
    }
  }, SLOW_MS);

  it('days, ISO weeks and months on each network\'s local dates, as the simulator served them', () => {
    const nowMs = sim.clock.now();
    const fromMs = Date.UTC(2025, 11, 15);
    expect(fromFiles.query.fromMs).toBe(fromMs);
    for (const n of fromFiles.networks) {
      const perDate = new Map<string, number>();
      for (const row of sim.truth.rows({ networkId: n.network, fromMs: fromMs - DAY_MS })) {
        const date = localDate(row.dayStartMs, n.timeZone);
        if (date < '2025-12-15' || row.dayStartMs > nowMs) continue;
        perDate.set(date, (perDate.get(date) ?? 0) + row.recvKb + row.sentKb);
      }
      expect(new Map(n.daily.filter((d) => d.totalKb > 0).map((d) => [d.start, d.totalKb]))).toEqual(perDate);
      const sumBy = (key: (date: string) => string): Map<string, number> => {
        const m = new Map<string, number>();
        for (const [date, kb] of perDate) m.set(key(date), (m.get(key(date)) ?? 0) + kb);
        return m;
      };
      expect(new Map(n.weekly.map((w) => [w.start, w.totalKb]))).toEqual(sumBy(mondayOf));
      expect(new Map(n.monthly.map((m) => [m.start.slice(0, 7), m.totalKb]))).toEqual(sumBy((d) => d.slice(0, 7)));
      // Partial: the first week (from Monday 2025-12-15 the range starts on a Monday, so the first month), today.
      expect(n.monthly[0]).toMatchObject({ start: '2025-12-01', partial: true, growthPct: null });
      expect(n.monthly.at(-1)!.partial).toBe(true);
      expect(n.weekly[0]).toMatchObject({ start: '2025-12-15', partial: false });
      expect(n.daily.at(-1)).toMatchObject({ start: localDate(nowMs, n.timeZone), partial: true });
      expect(n.monthly.filter((m) => !m.partial).length).toBeGreaterThanOrEqual(5);
    }
  }, SLOW_MS);

  it('--tz: the totals over both networks on the dates of that zone (each bucket on the zone\'s date of its middle)', async () => {
    // +9 h: a Bogota day (05:00Z..05:00Z) runs from 14:00 to 14:00 in Tokyo, mostly on the next Tokyo date.
    const tz = 'Asia/Tokyo';
    const options = parseReportArgs([...args, '--tz', tz], sim.clock.now())!;
    const tokyo = await makeReport(reportSourceFor(fileConfig, options), options, sim.clock.now());
    const perDate = new Map<string, number>();
    for (const row of sim.truth.rows({ fromMs: Date.UTC(2025, 11, 13) })) {
      const network = sim.world.network(row.networkId)!;
      if (localDate(row.dayStartMs, network.timeZone) < '2025-12-15' || row.dayStartMs > sim.clock.now()) continue;
      const date = localDate(row.dayStartMs + 12 * 3_600_000, tz);
      perDate.set(date, (perDate.get(date) ?? 0) + row.recvKb + row.sentKb);
    }
    expect(new Map(tokyo.daily.filter((d) => d.totalKb > 0).map((d) => [d.start, d.totalKb]))).toEqual(perDate);
    expect(tokyo.query.tz).toBe(tz);
    expect(tokyo.networks).toEqual(fromFiles.networks); // each network keeps its own calendar
    expect(tokyo.totals).toEqual(fromFiles.totals);
  }, SLOW_MS);

  it('monthly growth within 1 percentage point of what the simulator served; 90-day forecast within 10% of what it then serves', () => {
    const nowMs = sim.clock.now();
    const future = sim.truth.at(nowMs + 95 * DAY_MS);
    for (const n of fromFiles.networks) {
      const trend = n.trend as Trend;
      expect(trend.growthPctPerMonth).toBeDefined();
      // The world's growth is known (no client churn, +4% a month); the fit sees only the stored daily totals.
      expect(Math.abs(trend.growthPctPerMonth.value - GROWTH_PCT)).toBeLessThan(1);
      expect(trend.growthPctPerMonth.low).toBeLessThan(trend.growthPctPerMonth.value);
      expect(trend.growthPctPerMonth.high).toBeGreaterThan(trend.growthPctPerMonth.value);
      // What the simulator serves over the 90 forecast days (their local dates).
      const served: number[] = [];
      const byDate = new Map<string, number>();
      for (const r of future.rows({ networkId: n.network, fromMs: nowMs - 2 * DAY_MS })) {
        const date = localDate(r.dayStartMs, n.timeZone);
        byDate.set(date, (byDate.get(date) ?? 0) + r.recvKb + r.sentKb);
      }
      for (let i = 0; i < 90; i++) served.push(byDate.get(new Date(Date.parse(`${trend.forecastStart}T00:00:00Z`) + i * DAY_MS).toISOString().slice(0, 10)) ?? 0);
      const servedTotal = served.reduce((a, b) => a + b, 0);
      expect(Math.abs(trend.totalKb.value - servedTotal) / servedTotal).toBeLessThan(0.1);
      const sorted = [...served].sort((a, b) => a - b);
      const servedP95 = sorted[Math.ceil(0.95 * sorted.length) - 1]!;
      expect(Math.abs(trend.p95DailyKb.value - servedP95) / servedP95).toBeLessThan(0.1);
      expect(trend.threshold?.kb).toBe(40_000);
    }
  }, SLOW_MS);

  it('a renamed client: the latest name wins, no client-day is split or doubled', async () => {
    const top = fromFiles.topClients[0]!;
    const network = sim.world.network(top.network)!;
    const renamed = infoLines(network.organizationId, network, [{ id: top.client, mac: top.mac, description: 'Reception-iPad', manufacturer: top.manufacturer, os: top.os }], sim.clock.now() + 60_000);
    await appendFile(join(fileConfig.fileSink.dir, 'usage-2099-01-01.lp'), renamed.join('\n') + '\n');
    const res = await fetch(`${influxUrl}/write?db=${influxConfig.influx!.apiVersion === 1 ? influxConfig.influx!.database : ''}&precision=s`, { method: 'POST', body: renamed.join('\n') });
    expect(res.status).toBe(204);
    const options = parseReportArgs(args, sim.clock.now())!;
    for (const [config, client] of [[fileConfig, undefined], [influxConfig, createInfluxQlClient(influxConfig.influx!)]] as const) {
      const after = await makeReport(reportSourceFor(config, options, client), options, sim.clock.now());
      expect(after.topClients[0]).toEqual({ ...top, name: 'Reception-iPad' });
      expect(after.totals).toEqual(fromFiles.totals);
      expect(after.networks.map((n) => n.daily)).toEqual(fromFiles.networks.map((n) => n.daily));
    }
  }, SLOW_MS);
});

describe('buckets at UTC midnight (the other answer to the day-boundary question) in +3 h and -5 h networks', () => {
  it('each bucket keeps the date Meraki gave it (its UTC date) in both networks', async () => {
    const sim = await startSimulator({ seed: 12, orgs: 1, networksPerOrg: 2, clientsPerNetwork: 10, now: NOW, timeZones: ZONES, quirks: { dayBoundary: 'utc' } });
    try {
      const config = await harnessConfig({ sim, influx: null });
      const collector = createCollector({ config, logger: captureLogger(), clock: sim.clock });
      try {
        for (let i = 0; i < 2; i++) {
          if (i > 0) sim.clock.advance(25 * DAY_MS);
          expect((await collector.runOnce()).ok).toBe(true);
        }
      } finally {
        await collector.close();
      }
      const options = parseReportArgs(['--from', '2025-12-20', '--to', '2026-02-03'], sim.clock.now())!;
      const report = await makeReport(reportSourceFor(config, options), options, sim.clock.now());
      expect(report.networks.map((n) => n.timeZone).sort()).toEqual([...ZONES].sort());
      for (const n of report.networks) {
        const perDate = new Map<string, number>();
        for (const row of sim.truth.rows({ networkId: n.network, fromMs: Date.UTC(2025, 11, 20), toMs: Date.UTC(2026, 1, 4) })) {
          const date = new Date(row.dayStartMs).toISOString().slice(0, 10); // a UTC-midnight bucket is its UTC date
          perDate.set(date, (perDate.get(date) ?? 0) + row.recvKb + row.sentKb);
        }
        expect(new Map(n.daily.filter((d) => d.totalKb > 0).map((d) => [d.start, d.totalKb]))).toEqual(perDate);
        expect(n.daily[0]!.start).toBe('2025-12-20');
      }
    } finally {
      await sim.stop();
    }
  }, SLOW_MS);
});
