import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { ClientUsageHistory, Network, NetworkClient, Organization, Ssid } from '../../src/meraki/types.js';
import { apiGet, errorsOf, KEY, NOW } from './sim-http.js';

describe('simulator endpoints', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, rate: false, orgs: 2, networksPerOrg: 4, clientsPerNetwork: 40 });
  });
  afterAll(() => sim.stop());

  const net = (i: number) => sim.world.networks[i]!;

  it('lists organizations with id, name and api.enabled, and an X-Request-Id', async () => {
    const a = await apiGet(`${sim.url}/organizations`);
    expect(a.status).toBe(200);
    expect(a.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
    const orgs = a.body as Organization[];
    expect(orgs.map((o) => o.id)).toEqual(sim.world.organizations.map((o) => o.id));
    expect(orgs[0]).toMatchObject({ name: sim.world.organizations[0]!.name, api: { enabled: true } });
  });

  it('lists an organization\'s networks with their fields and filters by productTypes[] and tags[]', async () => {
    const org = sim.world.organizations[0]!;
    const all = (await apiGet(`${sim.url}/organizations/${org.id}/networks`)).body as Network[];
    expect(all.map((n) => n.id)).toEqual(org.networks.map((n) => n.id));
    expect(all[0]).toMatchObject({ organizationId: org.id, productTypes: ['appliance', 'switch', 'wireless'] });
    expect(all[0]!.id).toMatch(/^L_\d{18}$/);
    expect(all[1]!.id).toMatch(/^N_\d{18}$/);
    expect(typeof all[0]!.timeZone).toBe('string');
    const wireless = (await apiGet(`${sim.url}/organizations/${org.id}/networks?productTypes[]=wireless`)).body as Network[];
    expect(wireless.map((n) => n.id)).toEqual(org.networks.filter((n) => n.productTypes.includes('wireless')).map((n) => n.id));
    const tag = org.networks.flatMap((n) => n.tags)[0] ?? 'none';
    const tagged = (await apiGet(`${sim.url}/organizations/${org.id}/networks?tags[]=${tag}&tags[]=zzz&tagsFilterType=withAnyTags`)).body as Network[];
    expect(tagged.map((n) => n.id)).toEqual(org.networks.filter((n) => n.tags.includes(tag)).map((n) => n.id));
    const none = (await apiGet(`${sim.url}/organizations/${org.id}/networks?tags[]=${tag}&tags[]=zzz&tagsFilterType=withAllTags`)).body as Network[];
    expect(none).toEqual([]);
  });

  it('lists all 15 SSID slots of a wireless network; wired-only networks get 400', async () => {
    const ssids = (await apiGet(`${sim.url}/networks/${net(0).id}/wireless/ssids`)).body as Ssid[];
    expect(ssids.map((s) => s.number)).toEqual([...Array(15).keys()]);
    expect(ssids[0]).toMatchObject({ name: net(0).ssids[0]!.name, enabled: true });
    const wired = await apiGet(`${sim.url}/networks/${net(2).id}/wireless/ssids`);
    expect(wired.status).toBe(400);
  });

  it('lists clients with the documented fields; usage is the window sum of the truth', async () => {
    const n = net(0);
    const a = await apiGet(`${sim.url}/networks/${n.id}/clients?perPage=5000&timespan=${3 * 86400}`);
    const clients = a.body as NetworkClient[];
    expect(clients.length).toBeGreaterThan(10);
    const c = clients[0]!;
    for (const field of ['id', 'mac', 'ip', 'description', 'firstSeen', 'lastSeen', 'manufacturer', 'os', 'recentDeviceSerial', 'recentDeviceConnection', 'ssid', 'vlan', 'usage', 'status']) {
      expect(c).toHaveProperty(field);
    }
    expect(c.id).toMatch(/^k[0-9a-f]{6}$/);
    const rows = [...sim.truth.rows({ networkId: n.id, fromMs: sim.truth.dayStart(n.id, NOW - 3 * 86_400_000) })].filter((r) => r.clientId === c.id);
    expect(c.usage.recv).toBe(rows.reduce((s, r) => s + r.recvKb, 0));
    expect(c.usage.sent).toBe(rows.reduce((s, r) => s + r.sentKb, 0));
    expect(Date.parse(c.lastSeen)).toBeLessThanOrEqual(NOW);
    expect(Date.parse(c.firstSeen)).toBeLessThanOrEqual(Date.parse(c.lastSeen));
    const wireless = clients.find((x) => x.recentDeviceConnection === 'Wireless')!;
    expect(n.ssids.map((s) => s.name)).toContain(wireless.ssid);
    expect(clients.find((x) => x.recentDeviceConnection === 'Wired')?.ssid ?? null).toBeNull();
  });

  it('filters clients by statuses[], mac, ip, os, description, vlan and recentDeviceConnections[]', async () => {
    const base = `${sim.url}/networks/${net(0).id}/clients?perPage=5000&timespan=${7 * 86400}`;
    const all = (await apiGet(base)).body as NetworkClient[];
    const check = async (query: string, keep: (c: NetworkClient) => boolean): Promise<void> => {
      const got = (await apiGet(`${base}&${query}`)).body as NetworkClient[];
      const want = all.filter(keep).map((c) => c.id);
      expect(want.length).toBeGreaterThan(0);
      expect(got.map((c) => c.id)).toEqual(want);
    };
    const c = all[1]!;
    await check('statuses[]=Online', (x) => x.status === 'Online');
    await check('statuses[]=Offline', (x) => x.status === 'Offline');
    await check(`mac=${c.mac.slice(-8).toUpperCase()}`, (x) => x.mac.includes(c.mac.slice(-8)));
    await check(`ip=${c.ip}`, (x) => x.ip!.includes(c.ip!));
    await check(`os=${encodeURIComponent(c.os!)}`, (x) => (x.os ?? '').toLowerCase().includes(c.os!.toLowerCase()));
    await check(`vlan=${c.vlan}`, (x) => x.vlan === c.vlan);
    await check('recentDeviceConnections[]=Wired', (x) => x.recentDeviceConnection === 'Wired');
    const d = all.find((x) => x.description)!;
    await check(`description=${encodeURIComponent(d.description!.slice(0, 4))}`, (x) => (x.description ?? '').toLowerCase().includes(d.description!.slice(0, 4).toLowerCase()));
  });

  it('answers usageHistories by key, MAC and (Track-by-IP) IP; unknown clients are omitted; clientId is the key', async () => {
    const n = net(0);
    const [a, b, c] = n.clients;
    const q = `clients=${a!.key},${b!.mac.toUpperCase()},kffffff,00:00:00:00:00:00,${a!.key}&perPage=10`;
    const body = (await apiGet(`${sim.url}/networks/${n.id}/clients/usageHistories?${q}`)).body as ClientUsageHistory[];
    expect(body.map((e) => e.clientId)).toEqual([a!.key, b!.key]);
    expect(body[1]).toMatchObject({ clientMac: b!.mac, clientIp: sim.truth.clientAt(n.id, b!.key)!.ip });
    expect(body[0]!.usageHistory.length).toBe(2);
    const byIp = sim.world.networks.find((x) => x.trackByIp)!;
    const t = byIp.clients[0]!;
    const viaIp = (await apiGet(`${sim.url}/networks/${byIp.id}/clients/usageHistories?clients=${t.ipPrimary},${byIp.clients[1]!.mac}`)).body as ClientUsageHistory[];
    expect(viaIp.map((e) => e.clientId)).toEqual([t.key]);
    const viaMacOnIpNetwork = (await apiGet(`${sim.url}/networks/${n.id}/clients/usageHistories?clients=${c!.ipPrimary}`)).body;
    expect(viaMacOnIpNetwork).toEqual([]);
  });

  it('answers one client\'s usageHistory as [{ts, received, sent}] for 31 days', async () => {
    const n = net(1);
    const c = n.clients[0]!;
    const a = await apiGet(`${sim.url}/networks/${n.id}/clients/${c.key}/usageHistory`);
    const buckets = a.body as { ts: string; received: number; sent: number }[];
    expect(buckets.length).toBe(32);
    const last = buckets[buckets.length - 1]!;
    expect(last.ts).toBe('2026-03-10T00:00:00.000000Z');
    expect({ recvKb: last.received, sentKb: last.sent }).toEqual(sim.truth.usage(n.id, c.key, Date.parse('2026-03-10T00:00:00Z')));
    expect((await apiGet(`${sim.url}/networks/${n.id}/clients/${c.mac}/usageHistory`)).status).toBe(200);
    expect((await apiGet(`${sim.url}/networks/${n.id}/clients/kffffff/usageHistory`)).status).toBe(404);
  });

  it('answers 404 for unknown ids and paths', async () => {
    for (const path of ['/organizations/1/networks', '/networks/N_1/clients', '/networks/N_1/clients/usageHistories?clients=k1', '/nothing']) {
      const a = await apiGet(`${sim.url}${path}`);
      expect(a.status, path).toBe(404);
      expect(errorsOf(a).length).toBe(1);
    }
  });

  it('answers 401 without a key, accepts both headers', async () => {
    const none = await apiGet(`${sim.url}/organizations`, { key: null });
    expect(none.status).toBe(401);
    expect(errorsOf(none)).toEqual(['Invalid API key']);
    expect(none.headers.get('x-request-id')).toBeTruthy();
    expect((await apiGet(`${sim.url}/organizations`, { key: '' })).status).toBe(401);
    expect((await apiGet(`${sim.url}/organizations`, { header: 'legacy' })).status).toBe(200);
  });
});

describe('simulator access control', () => {
  it('restricts keys (apiKeys), hides organizations (keyOrgs) and refuses API-disabled organizations', async () => {
    const options = { now: NOW, rate: false as const, orgs: 3, networksPerOrg: 1, clientsPerNetwork: 5, apiKeys: [KEY, 'other'], apiDisabledOrgs: 1 };
    const probe = await startSimulator(options);
    const [o1, o2, o3] = probe.world.organizations;
    await probe.stop();
    const limited = await startSimulator({ ...options, keyOrgs: { other: [o2!.id, o3!.id] } });
    try {
      expect((await apiGet(`${limited.url}/organizations`, { key: 'wrong' })).status).toBe(401);
      const seen = (await apiGet(`${limited.url}/organizations`, { key: 'other' })).body as Organization[];
      expect(seen.map((o) => o.id)).toEqual([o2!.id, o3!.id]);
      expect(seen[1]!.api).toEqual({ enabled: false });
      expect((await apiGet(`${limited.url}/organizations/${o1!.id}/networks`, { key: 'other' })).status).toBe(404);
      expect((await apiGet(`${limited.url}/networks/${o1!.networks[0]!.id}/clients`, { key: 'other' })).status).toBe(404);
      expect((await apiGet(`${limited.url}/organizations/${o1!.id}/networks`)).status).toBe(200);
      expect((await apiGet(`${limited.url}/organizations/${o3!.id}/networks`)).status).toBe(403);
    } finally {
      await limited.stop();
    }
  });
});
