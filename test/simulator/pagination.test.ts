import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { ClientUsageHistory, Network, NetworkClient, Organization } from '../../src/meraki/types.js';
import { apiGet, NOW, walk } from './sim-http.js';

const expectEachOnce = (got: string[], want: string[]): void => {
  expect(new Set(got).size).toBe(got.length);
  expect(got).toEqual(want);
};

describe('simulator Link pagination', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, rate: false, orgs: 8, networksPerOrg: 25, clientsPerNetwork: 60 });
  });
  afterAll(() => sim.stop());

  it.each([3, 7, 1000])('walks /clients with perPage=%i, every client exactly once', async (perPage) => {
    const n = sim.world.networks[0]!;
    const all = (await apiGet(`${sim.url}/networks/${n.id}/clients?perPage=5000&timespan=2678400`)).body as NetworkClient[];
    expect(all.length).toBeGreaterThan(30);
    const { items, pages } = await walk<NetworkClient>(`${sim.url}/networks/${n.id}/clients?perPage=${perPage}&timespan=2678400`);
    expectEachOnce(items.map((c) => c.id), all.map((c) => c.id));
    expect(pages).toBe(Math.max(1, Math.ceil(all.length / perPage)));
  });

  it.each([3, 7, 1000])('walks /organizations/{id}/networks with perPage=%i', async (perPage) => {
    const org = sim.world.organizations[3]!;
    const { items } = await walk<Network>(`${sim.url}/organizations/${org.id}/networks?perPage=${perPage}`);
    expectEachOnce(items.map((n) => n.id), org.networks.map((n) => n.id));
  });

  it('walks /organizations with perPage=3', async () => {
    const { items, pages } = await walk<Organization>(`${sim.url}/organizations?perPage=3`);
    expectEachOnce(items.map((o) => o.id), sim.world.organizations.map((o) => o.id));
    expect(pages).toBe(3);
  });

  it.each([3, 7, 1000])('walks usageHistories with perPage=%i, every client exactly once, in request order', async (perPage) => {
    const n = sim.world.networks[1]!;
    const keys = n.clients.map((c) => c.key).reverse();
    const { items } = await walk<ClientUsageHistory>(`${sim.url}/networks/${n.id}/clients/usageHistories?clients=${keys.join(',')}&perPage=${perPage}&timespan=604800`);
    const existing = keys.filter((k) => sim.truth.clientAt(n.id, k) !== undefined);
    expect(existing.length).toBeGreaterThan(40);
    expectEachOnce(items.map((e) => e.clientId), existing);
    for (const e of items) expect(e.usageHistory.length).toBe(8);
  });

  it('gives absolute first/prev/next/last links with opaque tokens, keeping the other parameters as sent', async () => {
    const n = sim.world.networks[0]!;
    const query = `clients=${n.clients.slice(0, 10).map((c) => c.key).join(',')}&perPage=3&timespan=86400`;
    const url = `${sim.url}/networks/${n.id}/clients/usageHistories?${query}`;
    const first = await apiGet(url);
    expect(Object.keys(first.links).sort()).toEqual(['first', 'last', 'next']);
    for (const link of Object.values(first.links)) {
      expect(link.startsWith(`${sim.url}/networks/${n.id}/clients/usageHistories?${query}&`)).toBe(true);
      expect(link).toMatch(/&(startingAfter|endingBefore)=[A-Za-z0-9_-]{8,}$/);
    }
    const second = await apiGet(first.links.next!);
    expect(Object.keys(second.links).sort()).toEqual(['first', 'last', 'next', 'prev']);
    expect((await apiGet(second.links.prev!)).body).toEqual(first.body);
    expect((await apiGet(second.links.first!)).body).toEqual(first.body);
    const last = await apiGet(first.links.last!);
    const ids = (last.body as ClientUsageHistory[]).map((e) => e.clientId);
    expect(ids).toEqual(n.clients.slice(7, 10).map((c) => c.key));
    expect(last.links.next).toBeUndefined();
  });

  it('following prev from the last page also visits every item once', async () => {
    const org = sim.world.organizations[0]!;
    const last = await apiGet(`${sim.url}/organizations/${org.id}/networks?perPage=4`).then((a) => apiGet(a.links.last!));
    const seen: string[] = [];
    let page = last;
    for (;;) {
      seen.unshift(...(page.body as Network[]).map((x) => x.id));
      if (!page.links.prev) break;
      page = await apiGet(page.links.prev);
    }
    expectEachOnce(seen, org.networks.map((x) => x.id));
  });
});

describe('usageHistories paginated over days (quirk)', () => {
  it.each([3, 7, 1000])('perPage=%i: every (client, day) exactly once', async (perPage) => {
    const sim = await startSimulator({ now: NOW, rate: false, clientsPerNetwork: 12, quirks: { usageHistoriesPagination: 'days' } });
    try {
      const n = sim.world.networks[0]!;
      const keys = n.clients.map((c) => c.key);
      const { items, pages } = await walk<ClientUsageHistory>(`${sim.url}/networks/${n.id}/clients/usageHistories?clients=${keys.join(',')}&perPage=${perPage}&timespan=${9 * 86400}`);
      expect(pages).toBe(Math.ceil(10 / perPage));
      const pairs = items.flatMap((e) => e.usageHistory.map((b) => `${e.clientId}@${b.ts}`));
      const existing = keys.filter((k) => sim.truth.clientAt(n.id, k) !== undefined);
      expect(new Set(pairs).size).toBe(pairs.length);
      expect(pairs.length).toBe(existing.length * 10);
    } finally {
      await sim.stop();
    }
  });
});
