import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TruthRow } from '../../src/simulator/index.js';
import { DAY_MS } from '../helpers/collector-harness.js';
import { collectData, END_MS, records, sumBy, type CollectedData } from './collected-data.js';
import { loadDashboard, regexValue, type Dashboard, type MacroValues } from './grafana.js';
import { ALL, close, panelChecks, runPanel, total, variableValues } from './panel-runner.js';

// Every panel's query, as Grafana sends it, against InfluxDB 1.6 holding what the real collector collected from the
// simulator; the answers are checked against the simulator's truth. Each dashboard's check list must name every
// panel, so a new panel without a check fails here.

const FROM_MS = END_MS - 90 * DAY_MS; // the dashboards' default range, now-90d .. now
let data: CollectedData;
let rows: TruthRow[];

beforeAll(async () => {
  data = await collectData(inject('influxUrl'), 'deploy_overview');
  rows = data.rows(FROM_MS, END_MS);
}, 60_000);
afterAll(async () => {
  await data?.stop();
});

const run = (d: Dashboard, title: string, m: MacroValues) => runPanel(data, d, title, m);
const variable = (d: Dashboard, name: string, vars: Record<string, string>) => variableValues(data, d, name, vars);

describe('the collected data', () => {
  it('is what the simulator reports (the precondition of every panel check)', async () => {
    expect(data.summaries.map((s) => [s.ok, s.gaps, s.networksFailed])).toEqual(data.summaries.map(() => [true, 0, 0]));
    const stored = records(await data.query(`SELECT sum("recv") AS "recv", sum("sent") AS "sent" FROM "client_usage" WHERE time >= ${FROM_MS}ms and time <= ${END_MS}ms`));
    expect(rows.length).toBeGreaterThan(1000);
    close(stored[0]?.recv, rows.reduce((s, r) => s + r.recvKb, 0));
  });
});

describe('overview dashboard', () => {
  const d = loadDashboard('meraki-usage-overview');
  const { check, unchecked } = panelChecks(d, it);
  const all: MacroValues = { fromMs: FROM_MS, toMs: END_MS, interval: '1d', vars: { org: ALL, network: ALL, ssid: ALL, topn: '5' } };

  check('Total usage', async () => close((await run(d, 'Total usage', all))[0]?.total, total(sumBy(rows, () => '').get('')!)));
  check('Received', async () => close((await run(d, 'Received', all))[0]?.recv, sumBy(rows, () => '').get('')!.recv));
  check('Sent', async () => close((await run(d, 'Sent', all))[0]?.sent, sumBy(rows, () => '').get('')!.sent));

  check('Usage per network', async () => {
    const got = await run(d, 'Usage per network', all);
    const want = sumBy(rows, (r) => `${r.networkId}|${r.dayStartMs}`);
    expect(got).toHaveLength(want.size);
    for (const r of got) close(r.total, total(want.get(`${String(r.network)}|${String(r.time)}`)!));
    // With one network picked, only that network.
    const one = rows[0]!.networkId;
    const picked = await run(d, 'Usage per network', { ...all, vars: { ...all.vars, network: regexValue(one) } });
    expect(new Set(picked.map((r) => r.network))).toEqual(new Set([one]));
  });

  check('Usage per SSID', async () => {
    const got = await run(d, 'Usage per SSID', all);
    const wired = new Set(data.sim.world.networks.flatMap((n) => n.clients.filter((c) => c.wired).map((c) => c.key)));
    const names = new Set(data.sim.world.networks.flatMap((n) => n.ssids.map((s) => s.name)));
    const sum = (pred: (r: Record<string, unknown>) => boolean) => got.filter(pred).reduce((s, r) => s + Number(r.total), 0);
    const truth = (w: boolean) => rows.filter((r) => wired.has(r.clientId) === w).reduce((s, r) => s + r.recvKb + r.sentKb, 0);
    expect(got.every((r) => r.ssid === '' || names.has(String(r.ssid)))).toBe(true);
    expect(sum((r) => r.ssid === '')).toBeCloseTo(truth(true), 6);
    expect(sum((r) => r.ssid !== '')).toBeCloseTo(truth(false), 6);
    // Picking every SSID by name covers exactly the wireless clients.
    const ssids = (await variable(d, 'ssid', { network: ALL })).filter((s) => s !== '');
    const picked = await run(d, 'Total usage', { ...all, vars: { ...all.vars, ssid: `(${ssids.map(regexValue).join('|')})` } });
    close(picked[0]?.total, truth(false));
  });

  check('Received vs sent', async () => {
    const got = await run(d, 'Received vs sent', all);
    const want = sumBy(rows, (r) => String(r.dayStartMs));
    expect(got).toHaveLength(want.size);
    for (const r of got) {
      close(r.recv, want.get(String(r.time))!.recv);
      close(r.sent, want.get(String(r.time))!.sent);
    }
  });

  check('Usage per network (range)', async () => {
    const got = await run(d, 'Usage per network (range)', all);
    const want = sumBy(rows, (r) => `${r.orgId}|${r.networkId}`);
    expect(got.map((r) => `${String(r.org)}|${String(r.network)}`).sort()).toEqual([...want.keys()].sort());
    for (const r of got) close(r.total, total(want.get(`${String(r.org)}|${String(r.network)}`)!));
  });

  check('Top $topn clients', async () => {
    const got = await run(d, 'Top $topn clients', all);
    const want = [...sumBy(rows, (r) => `${r.networkId}|${r.clientId}|${r.mac}`)].sort((a, b) => total(b[1]) - total(a[1])).slice(0, 5);
    const sorted = [...got].sort((a, b) => Number(b.total) - Number(a.total));
    expect(sorted.map((r) => `${String(r.network)}|${String(r.client)}|${String(r.mac)}`)).toEqual(want.map(([k]) => k));
    sorted.forEach((r, i) => close(r.total, total(want[i]![1])));
  });

  const dailyMeans = (): Map<number, number> => {
    const perDay = sumBy(rows, (r) => String(r.dayStartMs));
    const buckets = new Map<number, number[]>();
    for (const [day, u] of perDay) {
      const b = Math.floor(Number(day) / (30 * DAY_MS));
      buckets.set(b, [...(buckets.get(b) ?? []), total(u)]);
    }
    return new Map([...buckets].sort((a, b) => a[0] - b[0]).map(([b, v]) => [b, v.reduce((s, x) => s + x, 0) / v.length]));
  };
  check('Average daily usage per 30 days', async () => {
    const got = await run(d, 'Average daily usage per 30 days', all);
    const want = dailyMeans();
    expect(got.map((r) => Math.floor(Number(r.time) / (30 * DAY_MS)))).toEqual([...want.keys()]);
    got.forEach((r, i) => close(r['daily average'], [...want.values()][i]!));
  });
  check('Month-over-month growth', async () => {
    const got = await run(d, 'Month-over-month growth', all);
    const means = [...dailyMeans().values()];
    const want = means.slice(1).map((m, i) => (100 * (m - means[i]!)) / means[i]!);
    expect(want.length).toBeGreaterThanOrEqual(3);
    expect(got).toHaveLength(want.length);
    got.forEach((r, i) => close(r.growth, want[i]!));
  });

  check('Network names', async () => {
    const got = await run(d, 'Network names', all);
    const want = data.sim.world.networks.map((n) => ({ network: n.id, name: n.name, 'time zone': n.timeZone }));
    expect(got.map((r) => ({ network: r.network, name: r.name, 'time zone': r['time zone'] }))).toEqual(expect.arrayContaining(want));
    expect(got).toHaveLength(want.length);
  });
  check('Client names', async () => {
    const got = await run(d, 'Client names', all);
    const byKey = new Map(data.sim.world.networks.flatMap((n) => n.clients.map((c) => [`${n.id}|${c.key}`, c] as const)));
    expect(got.length).toBeGreaterThan(0);
    for (const r of got) {
      const c = byKey.get(`${String(r.network)}|${String(r.client)}`)!;
      expect([r.name, r.manufacturer, r.os, r.mac]).toEqual([c.description ?? c.mac, c.manufacturer, c.os, c.mac]);
    }
  });

  it('has a check for every panel', () => expect(unchecked()).toEqual([]));
});
