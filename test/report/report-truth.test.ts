import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Config } from '../../src/config/types.js';
import { parseReportArgs } from '../../src/report/report-options.js';
import type { UsageReport } from '../../src/report/report-types.js';
import { runReport } from '../../src/report/run-report.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { DAY_MS } from '../helpers/collector-harness.js';
import { collectHistory, p95, truthAggregates, type TruthAggregates } from './collected-history.js';

const NOW = Date.UTC(2026, 0, 20, 10, 30);
const influxUrl = inject('influxUrl');
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

describe('the report against the simulator truth (data collected by the real collector into InfluxDB 1.6)', () => {
  let sim: Simulator;
  let config: Config;
  let fromMs: number;
  let toMs: number;
  let truth: TruthAggregates;
  let report: UsageReport;
  let stdout: string;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 21, orgs: 2, networksPerOrg: 2, clientsPerNetwork: 25, now: NOW });
    config = await collectHistory(sim, influxUrl, 4, 25);
    fromMs = Math.floor((NOW - 30 * DAY_MS) / DAY_MS) * DAY_MS;
    toMs = Math.floor(sim.clock.now() / DAY_MS) * DAY_MS + DAY_MS;
    truth = truthAggregates(sim, { fromMs, toMs });
    const options = parseReportArgs(['--from', iso(fromMs), '--to', iso(toMs - DAY_MS), '--top', '7', '--json'], sim.clock.now())!;
    stdout = '';
    report = await runReport(config, options, { stdout: { write: (t: string) => (stdout += t) } });
  });
  afterAll(() => sim.stop());

  it('covers more than one lookback and prints the same report as JSON', () => {
    expect(toMs - fromMs).toBeGreaterThan(100 * DAY_MS);
    expect(report.query).toEqual({ fromMs, toMs, network: null, top: 7, tz: 'UTC', thresholdKb: null });
    expect(JSON.parse(stdout)).toMatchObject({ totals: report.totals, networks: report.networks });
  });

  it('top N clients: the N largest recv+sent totals of the truth', () => {
    const want = [...truth.clients.values()]
      .map((c) => ({ network: c.network, client: c.client, mac: c.mac, recvKb: c.recv, sentKb: c.sent, totalKb: c.recv + c.sent }))
      .sort((a, b) => b.totalKb - a.totalKb || a.network.localeCompare(b.network) || a.client.localeCompare(b.client))
      .slice(0, 7);
    expect(report.topClients.map(({ network, client, mac, recvKb, sentKb, totalKb }) => ({ network, client, mac, recvKb, sentKb, totalKb }))).toEqual(want);
    const world = new Map(sim.world.networks.map((n) => [n.id, n]));
    for (const c of report.topClients) {
      const simClient = world.get(c.network)!.clientByKey(c.client)!;
      expect([c.name, c.networkName]).toEqual([simClient.description ?? simClient.mac, world.get(c.network)!.name]);
    }
  });

  it('totals per network, 95th percentile and peak of daily usage per network', () => {
    const want = [...truth.networkDays.entries()].map(([network, days]) => {
      const totals = [...days.values()].map((d) => d.recv + d.sent).filter((t) => t > 0);
      const recv = [...days.values()].reduce((a, d) => a + d.recv, 0);
      const sent = [...days.values()].reduce((a, d) => a + d.sent, 0);
      return { network, recvKb: recv, sentKb: sent, totalKb: recv + sent, daysWithData: totals.length, p95DailyKb: p95(totals), peakDailyKb: Math.max(...totals) };
    });
    expect(report.networks).toHaveLength(4);
    const got = report.networks.map((n) => ({ network: n.network, recvKb: n.recvKb, sentKb: n.sentKb, totalKb: n.totalKb, daysWithData: n.daysWithData, p95DailyKb: n.p95DailyKb, peakDailyKb: n.peakDailyKb }));
    expect(got).toEqual(expect.arrayContaining(want));
    expect(report.networks.map((n) => n.totalKb)).toEqual([...report.networks.map((n) => n.totalKb)].sort((a, b) => b - a));
  });

  it('daily, weekly and monthly totals, and month-over-month growth', () => {
    const perDay = new Map<number, number>();
    for (const days of truth.networkDays.values()) for (const [d, u] of days) perDay.set(d, (perDay.get(d) ?? 0) + u.recv + u.sent);
    expect(new Map(report.daily.filter((d) => d.totalKb > 0).map((d) => [Date.parse(`${d.start}T00:00:00Z`), d.totalKb]))).toEqual(perDay);
    const sum = (list: { totalKb: number }[]) => list.reduce((a, p) => a + p.totalKb, 0);
    const all = [...perDay.values()].reduce((a, b) => a + b, 0);
    expect([report.totals.totalKb, sum(report.weekly), sum(report.monthly)]).toEqual([all, all, all]);
    const month = (y: number, m: number) => [...perDay].filter(([d]) => d >= Date.UTC(y, m, 1) && d < Date.UTC(y, m + 1, 1)).reduce((a, [, t]) => a + t, 0);
    const byStart = new Map(report.monthly.map((m) => [Date.parse(`${m.start}T00:00:00Z`), m]));
    expect(byStart.get(Date.UTC(2026, 0, 1))).toMatchObject({ totalKb: month(2026, 0), partial: false });
    expect(byStart.get(Date.UTC(2026, 1, 1))).toMatchObject({ totalKb: month(2026, 1), partial: false });
    expect(byStart.get(Date.UTC(2026, 1, 1))!.growthPct).toBeCloseTo(((month(2026, 1) - month(2026, 0)) / month(2026, 0)) * 100, 9);
    expect(report.monthly[0]).toMatchObject({ start: '2025-12-01', partial: true, growthPct: null });
  });

  it('totals per SSID add up to each network and name the SSIDs of that network', () => {
    for (const n of report.networks) {
      const parts = report.ssids.filter((s) => s.network === n.network);
      expect(parts.reduce((a, s) => a + s.totalKb, 0)).toBe(n.totalKb);
      const names = new Set(['', ...sim.world.organizations.flatMap((o) => o.networks).filter((w) => w.id === n.network).flatMap((w) => w.ssids.map((s) => s.name))]);
      for (const s of parts) expect(names).toContain(s.ssid);
    }
    expect(report.ssids.some((s) => s.ssid !== '')).toBe(true);
  });

  it('--network limits every part to one network; the table output shows it', async () => {
    const network = report.networks[1]!.network;
    let text = '';
    const options = parseReportArgs(['--from', iso(fromMs), '--to', iso(toMs - DAY_MS), '--network', network], sim.clock.now())!;
    const one = await runReport(config, options, { stdout: { write: (t: string) => (text += t) } });
    expect(one.networks).toEqual([report.networks[1]]);
    expect(one.topClients.every((c) => c.network === network)).toBe(true);
    expect(one.totals.totalKb).toBe(report.networks[1]!.totalKb);
    expect(text).toContain(`network ${network}`);
    expect(text).toContain('Totals per network');
    const byName = parseReportArgs(['--from', iso(fromMs), '--to', iso(toMs - DAY_MS), '--network', report.networks[1]!.name, '--json'], sim.clock.now())!;
    const named = await runReport(config, byName, { stdout: { write: () => true } });
    expect(named.networks).toEqual([report.networks[1]]);
  });
});
