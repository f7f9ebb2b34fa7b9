import { describe, expect, it } from 'vitest';
import { collectPagesForTest } from './collect.js';
import { allPages, simHarness } from './sim-harness.js';

const h = simHarness();

describe('typed endpoints against the simulator', () => {
  it('organizations: every organization, all pages', async () => {
    const sim = await h.sim({ orgs: 5, networksPerOrg: 1, clientsPerNetwork: 3 });
    const { client } = h.client(sim);
    const orgs = await client.organizations();
    expect(orgs.map((o) => o.id).sort()).toEqual(sim.world.organizations.map((o) => o.id).sort());
  });

  it('networks: pages of an organization, with productTypes and tags filters passed as name[]=', async () => {
    const sim = await h.sim({ orgs: 1, networksPerOrg: 9, clientsPerNetwork: 3 });
    const { client } = h.client(sim);
    const org = sim.world.organizations[0]!;
    const pages = await allPages(client.org(org.id).networks({ perPage: 3 }));
    expect(pages.length).toBe(3);
    expect(pages.flat().map((n) => n.id)).toEqual(org.networks.map((n) => n.id));
    const wireless = org.networks.filter((n) => n.productTypes.includes('wireless'));
    const filtered = await collectPagesForTest(client.org(org.id).networks({ productTypes: ['wireless'] }));
    expect(filtered.map((n) => n.id)).toEqual(wireless.map((n) => n.id));
  });

  it('clients: every client once over pages of 7', async () => {
    const sim = await h.sim({ networksPerOrg: 1, clientsPerNetwork: 40 });
    const { client, events } = h.client(sim);
    const net = sim.world.networks[0]!;
    const pages = await allPages(client.org(net.organizationId).clients(net.id, { timespan: 2_678_400, perPage: 7 }));
    const ids = pages.flat().map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((p) => p.length <= 7)).toBe(true);
    expect(events.filter((e) => e.type === 'request').every((e) => e.type === 'request' && e.orgId === net.organizationId)).toBe(true);
  });

  it('ssids and usageHistories (pages over the requested clients, items passed through raw)', async () => {
    const sim = await h.sim({ networksPerOrg: 2, clientsPerNetwork: 20, quirks: { receivedField: true, quotedRel: true } });
    const { client } = h.client(sim);
    const net = sim.world.networks.find((n) => n.ssids.length > 0) ?? sim.world.networks[0]!;
    const api = client.org(net.organizationId);
    const ssids = await api.ssids(net.id);
    expect(ssids.map((s) => s.number)).toEqual(net.ssids.map((s) => s.number));
    const keys = net.clients.map((c) => c.key);
    const pages = await allPages(api.usageHistories(net.id, { clients: keys, perPage: 3 }));
    expect(pages.length).toBe(Math.ceil(keys.length / 3));
    const ids = pages.flat().map((item) => (item as { clientId: string }).clientId);
    expect(ids.sort()).toEqual([...keys].sort());
    const buckets = pages.flat().flatMap((item) => (item as { usageHistory: object[] }).usageHistory);
    expect(buckets.length).toBeGreaterThan(0);
    expect(buckets.every((b) => 'received' in b)).toBe(true);
  });

  it('usageHistories with a long client list: Link headers far over Node\'s default 16 KB header limit still parse', async () => {
    const sim = await h.sim({ networksPerOrg: 1, clientsPerNetwork: 900, maxUrlLength: 20_000 });
    const { client } = h.client(sim);
    const net = sim.world.networks[0]!;
    const keys = net.clients.map((c) => c.key);
    const api = client.org(net.organizationId);
    const ids = async (clients: string[], perPage: number) =>
      (await allPages(api.usageHistories(net.id, { clients, perPage }))).flat().map((item) => (item as { clientId: string }).clientId);
    const long = await ids(keys, 300);
    const short: string[] = [];
    for (let i = 0; i < keys.length; i += 100) short.push(...(await ids(keys.slice(i, i + 100), 1000)));
    expect(long.length).toBeGreaterThan(800);
    expect(long.sort()).toEqual(short.sort());
  });

  it('counts requests per organization in stats()', async () => {
    const sim = await h.sim({ orgs: 2, networksPerOrg: 1, clientsPerNetwork: 3 });
    const { client } = h.client(sim);
    const [a, b] = sim.world.organizations;
    await collectPagesForTest(client.org(a!.id).networks());
    await collectPagesForTest(client.org(b!.id).networks());
    await collectPagesForTest(client.org(b!.id).networks());
    const stats = client.stats();
    expect(stats.requests).toBe(3);
    expect(stats.perOrg[a!.id]).toEqual({ requests: 1, rateLimited: 0, retries: 0 });
    expect(stats.perOrg[b!.id]).toEqual({ requests: 2, rateLimited: 0, retries: 0 });
    expect(sim.counters.byOrg[b!.id]?.requests).toBe(2);
  });
});
