import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TruthRow } from '../../src/simulator/index.js';
import { DAY_MS } from '../helpers/collector-harness.js';
import { collectData, END_MS, sumBy, type CollectedData } from './collected-data.js';
import { loadDashboard, regexValue, type MacroValues } from './grafana.js';
import { ALL, close, panelChecks, runPanel, total, variableValues } from './panel-runner.js';

// The client drill-down dashboard's variables and panels, run against collected data, checked against the truth.

const FROM_MS = END_MS - 90 * DAY_MS;
const d = loadDashboard('meraki-usage-client');
let data: CollectedData;
let rows: TruthRow[];
let network: string;
let client: { key: string; mac: string };
let m: MacroValues;

beforeAll(async () => {
  data = await collectData(inject('influxUrl'), 'deploy_client', { splitBySsid: true });
  rows = data.rows(FROM_MS, END_MS);
  network = data.sim.world.networks[1]!.id;
  // The network's top talker, a wireless client (so it has per-SSID data).
  const wireless = new Set(data.sim.world.networks[1]!.clients.filter((c) => !c.wired).map((c) => c.key));
  const sums = [...sumBy(rows.filter((r) => r.networkId === network && wireless.has(r.clientId)), (r) => `${r.clientId}|${r.mac}`)];
  const [key, mac] = sums.sort((a, b) => total(b[1]) - total(a[1]))[0]![0].split('|') as [string, string];
  client = { key, mac };
  m = { fromMs: FROM_MS, toMs: END_MS, interval: '1d', vars: { network, ssid: ALL, client: key } };
}, 60_000);
afterAll(async () => {
  await data?.stop();
});

const mine = (): TruthRow[] => rows.filter((r) => r.networkId === network && r.clientId === client.key);

describe('client drill-down variables', () => {
  it('network offers every network, client the network\'s clients, narrowed by SSID', async () => {
    expect(await variableValues(data, d, 'network', {})).toEqual(data.sim.world.networks.map((n) => n.id).sort());
    const everyone = [...new Set(data.rows(data.collectedFromMs, END_MS).filter((r) => r.networkId === network).map((r) => r.clientId))].sort();
    expect(await variableValues(data, d, 'client', { network, ssid: ALL })).toEqual(everyone);
    const ssids = (await variableValues(data, d, 'ssid', { network })).filter((s) => s !== '');
    const names = new Set(data.sim.world.networks[1]!.ssids.map((s) => s.name));
    expect(ssids.length).toBeGreaterThan(0);
    expect(ssids.every((s) => names.has(s))).toBe(true);
    const onFirst = await variableValues(data, d, 'client', { network, ssid: regexValue(ssids[0]!) });
    expect(onFirst.length).toBeGreaterThan(0);
    expect(onFirst.length).toBeLessThan(everyone.length);
  });
});

describe('client drill-down panels', () => {
  const { check, unchecked } = panelChecks(d, it);

  check('Daily usage of $client', async () => {
    const all = await runPanel(data, d, 'Daily usage of $client', m);
    // Days without usage are stored as zeros (the truth leaves them out).
    const got = all.filter((r) => Number(r.recv) + Number(r.sent) > 0);
    expect(all.length - got.length).toBeGreaterThan(0);
    expect(got.map((r) => r.time)).toEqual(mine().map((r) => r.dayStartMs));
    got.forEach((r, i) => {
      close(r.recv, mine()[i]!.recvKb);
      close(r.sent, mine()[i]!.sentKb);
    });
  });

  check('Total of $client', async () => {
    const [got] = await runPanel(data, d, 'Total of $client', m);
    const want = sumBy(mine(), () => '').get('')!;
    close(got?.total, total(want));
    close(got?.recv, want.recv);
  });

  check('Identity of $client', async () => {
    const got = await runPanel(data, d, 'Identity of $client', m);
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((r) => r.mac === client.mac && r.ssid !== '')).toBe(true);
    // One point per day bucket in the range, zero days included, spread over the client's IP/SSID series.
    expect(got.reduce((s, r) => s + Number(r.days), 0)).toBe(Math.floor((END_MS - FROM_MS) / DAY_MS));
    close(got.reduce((s, r) => s + Number(r.total), 0), total(sumBy(mine(), () => '').get('')!));
  });

  check('Per-SSID usage of $client (SSID splitting)', async () => {
    const got = (await runPanel(data, d, 'Per-SSID usage of $client (SSID splitting)', m)).filter((r) => Number(r.total) > 0);
    const want = new Map<string, number>();
    for (const r of mine()) {
      for (const [n, u] of data.sim.truth.ssidParts(network, client.key, r.dayStartMs)) {
        if (u.recvKb + u.sentKb > 0) want.set(`${n}|${r.dayStartMs}`, u.recvKb + u.sentKb);
      }
    }
    expect(want.size).toBeGreaterThan(0);
    expect(got.map((r) => `${String(r.ssid_number)}|${String(r.time)}`).sort()).toEqual([...want.keys()].sort());
    for (const r of got) close(r.total, want.get(`${String(r.ssid_number)}|${String(r.time)}`)!);
  });

  check('Clients of the network', async () => {
    // Clients with only zero days in the range are listed with 0 (the truth leaves them out).
    const got = (await runPanel(data, d, 'Clients of the network', { ...m, vars: { ...m.vars, client: '' } })).filter((r) => Number(r.total) > 0);
    const want = sumBy(rows.filter((r) => r.networkId === network), (r) => `${r.clientId}|${r.mac}`);
    expect(got.map((r) => `${String(r.client)}|${String(r.mac)}`).sort()).toEqual([...want.keys()].sort());
    for (const r of got) close(r.total, total(want.get(`${String(r.client)}|${String(r.mac)}`)!));
  });

  check('Name of $client', async () => {
    const got = await runPanel(data, d, 'Name of $client', m);
    const c = data.sim.world.network(network)!.clientByKey(client.key)!;
    expect(got.map((r) => [r.client, r.name, r.manufacturer, r.os, r.mac])).toEqual([[c.key, c.description ?? c.mac, c.manufacturer, c.os, c.mac]]);
  });

  it('has a check for every panel', () => expect(unchecked()).toEqual([]));
});
