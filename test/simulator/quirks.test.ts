import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUIRKS, keyFingerprint, startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { ClientUsageHistory, Network } from '../../src/meraki/types.js';
import { apiGet, DAY, KEY, NOW, walk } from './sim-http.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Start of the local day containing ms in a time zone, by brute force over the UTC offsets (-14h..+14h). */
function localMidnight(ms: number, timeZone: string): number {
  const dateOf = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
  const day = dateOf(ms);
  let t = Math.floor(ms / 900_000) * 900_000;
  while (dateOf(t - 900_000) === day) t -= 900_000;
  return t;
}

describe('simulator quirks', () => {
  let sim: Simulator;
  let uh: string;
  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, rate: false, networksPerOrg: 12, clientsPerNetwork: 10 });
    const n = sim.world.networks[0]!;
    uh = `${sim.url}/networks/${n.id}/clients/usageHistories?clients=${n.clients.map((c) => c.key).join(',')}&perPage=3&timespan=${3 * 86400}`;
  });
  beforeEach(() => {
    sim.setQuirks(DEFAULT_QUIRKS);
    sim.resetCounters();
  });
  afterAll(() => sim.stop());

  const buckets = async (url = uh) => ((await apiGet(url)).body as ClientUsageHistory[]).flatMap((e) => e.usageHistory);

  it('receivedField: buckets say received instead of recv', async () => {
    expect((await buckets()).every((b) => 'recv' in b && !('received' in b))).toBe(true);
    sim.setQuirks({ receivedField: true });
    const got = await buckets();
    expect(got.every((b) => typeof b.received === 'number' && !('recv' in b))).toBe(true);
  });

  it('tsJitter: sub-second digits that differ between requests but keep the day', async () => {
    expect((await buckets()).every((b) => /T00:00:00\.000000Z$/.test(b.ts))).toBe(true);
    sim.setQuirks({ tsJitter: true });
    const [a, b] = [await buckets(), await buckets()];
    expect(a.every((x) => /T00:00:00\.\d{6}Z$/.test(x.ts) && !x.ts.endsWith('.000000Z'))).toBe(true);
    expect(a.map((x) => x.ts)).not.toEqual(b.map((x) => x.ts));
    expect(a.map((x) => x.ts.slice(0, 19))).toEqual(b.map((x) => x.ts.slice(0, 19)));
  });

  it('quotedRel: rel="next"', async () => {
    expect((await apiGet(uh)).headers.get('link')).toMatch(/; rel=next(,|$)/);
    sim.setQuirks({ quotedRel: true });
    const link = (await apiGet(uh)).headers.get('link')!;
    expect(link).toMatch(/; rel="next"/);
    expect(link).not.toMatch(/rel=[a-z]/);
  });

  it('prevLinks false: only first, next and last', async () => {
    sim.setQuirks({ prevLinks: false });
    const first = await apiGet(uh);
    const second = await apiGet(first.links.next!);
    expect(Object.keys(second.links).sort()).toEqual(['first', 'last', 'next']);
  });

  it('shardLinks: Link URLs on the shard host, which serves the same data and gets the key', async () => {
    sim.setQuirks({ shardLinks: true });
    const first = await apiGet(uh);
    expect(first.links.next!.startsWith(`${sim.shardUrl}/`)).toBe(true);
    const { items } = await walk<ClientUsageHistory>(uh);
    expect(items.length).toBe(sim.world.networks[0]!.clients.filter((c) => sim.truth.clientAt(sim.world.networks[0]!.id, c.key)).length);
    expect(sim.counters.keysSeen.shard).toEqual([keyFingerprint(KEY)]);
    expect(sim.counters.keysSeen.untrusted).toEqual([]);
  });

  it('redirectToShard: every request to the primary host gets a 307 (or the configured status) to the shard host', async () => {
    sim.setQuirks({ redirectToShard: true });
    const r = await apiGet(uh);
    expect(r.status).toBe(307);
    expect(r.headers.get('location')).toBe(uh.replace(sim.url, sim.shardUrl));
    expect(r.headers.get('x-request-id')).toBeTruthy();
    const followed = await apiGet(r.headers.get('location')!);
    expect(followed.status).toBe(200);
    expect((await apiGet(`${sim.shardUrl}/organizations`)).status).toBe(200);
    sim.setQuirks({ redirectStatus: 308 });
    expect((await apiGet(`${sim.url}/organizations`)).status).toBe(308);
    expect((await apiGet(`${sim.url}/organizations`, { key: null })).status).toBe(401);
    expect(sim.counters.keysSeen.shard).toEqual([keyFingerprint(KEY)]);
  });

  it('untrustedUrl serves the same data and records every key it receives', async () => {
    const a = await apiGet(`${sim.untrustedUrl}/organizations`, { key: 'leaked-key' });
    expect(a.body).toEqual((await apiGet(`${sim.url}/organizations`)).body);
    expect(sim.counters.keysSeen.untrusted).toEqual([keyFingerprint('leaked-key')]);
    expect(sim.counters.keyedRequests).toEqual({ primary: 1, shard: 0, untrusted: 1 });
  });

  it('dayBoundary networkTimeZone: buckets start at local midnight of the network', async () => {
    const n = sim.world.networks.find((x) => x.productTypes.includes('wireless') && /America|Asia|Australia/.test(x.timeZone))!;
    const url = `${sim.url}/networks/${n.id}/clients/usageHistories?clients=${n.clients[0]!.key}&t0=${iso(NOW - 3 * DAY)}`;
    const utc = await buckets(url);
    expect(utc.map((b) => b.ts)[0]).toBe('2026-03-07T00:00:00.000000Z');
    sim.setQuirks({ dayBoundary: 'networkTimeZone' });
    const local = await buckets(url);
    const starts = local.map((b) => Date.parse(b.ts));
    expect(starts[0]).toBe(localMidnight(NOW - 3 * DAY, n.timeZone));
    expect(starts[starts.length - 1]).toBe(localMidnight(NOW, n.timeZone));
    expect(starts[0]! % DAY).not.toBe(0);
    for (const [i, b] of local.entries()) {
      expect(sim.truth.dayStart(n.id, starts[i]! + 3_600_000)).toBe(starts[i]);
      expect(sim.truth.usage(n.id, n.clients[0]!.key, starts[i]!)).toEqual({ recvKb: b.recv, sentKb: b.sent });
    }
  });

  it('lookbackFrom today: t0 may reach 31 days before the start of today (UTC) instead of now', async () => {
    const url = `${uh}`.replace(/&timespan=\d+/, `&t0=${iso(NOW - 31 * DAY - 3_600_000)}`);
    expect((await apiGet(url)).status).toBe(400);
    sim.setQuirks({ lookbackFrom: 'today' });
    expect((await apiGet(url)).status).toBe(200);
  });

  it('setQuirks applies to networks lists too (quoted rel on /networks)', async () => {
    sim.setQuirks({ quotedRel: true, shardLinks: true });
    const org = sim.world.organizations[0]!;
    const a = await apiGet(`${sim.url}/organizations/${org.id}/networks?perPage=5`);
    expect(a.headers.get('link')).toContain(`<${sim.shardUrl}/organizations/${org.id}/networks?perPage=5&`);
    expect(a.headers.get('link')).toContain('rel="next"');
    const { items } = await walk<Network>(`${sim.url}/organizations/${org.id}/networks?perPage=5`);
    expect(items.length).toBe(12);
  });
});
