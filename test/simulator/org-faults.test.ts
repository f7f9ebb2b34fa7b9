import { afterEach, describe, expect, it } from 'vitest';
import { quirksFlag, startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { apiGet, NOW } from './sim-http.js';

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});
async function sim(options: SimulatorOptions): Promise<Simulator> {
  const s = await startSimulator({ now: NOW, networksPerOrg: 1, clientsPerNetwork: 30, ...options });
  sims.push(s);
  return s;
}

describe('simulator: organizations that fail (orgFaults)', () => {
  it('forbidden answers 403 on every endpoint of that organization only; the others answer 200', async () => {
    const s = await sim({ orgs: 3, rate: false, orgFaults: [{ org: 1, fault: 'forbidden' }] });
    const [a, b, c] = s.world.organizations;
    expect((await apiGet(`${s.url}/organizations/${b!.id}/networks`)).status).toBe(403);
    expect((await apiGet(`${s.url}/networks/${b!.networks[0]!.id}/clients?timespan=86400`)).status).toBe(403);
    expect((await apiGet(`${s.url}/organizations/${a!.id}/networks`)).status).toBe(200);
    expect((await apiGet(`${s.url}/organizations/${c!.id}/networks`)).status).toBe(200);
    // Still listed as API-enabled: the key lost access, the organization did not switch the API off.
    const orgs = (await apiGet(`${s.url}/organizations`)).body as { id: string; api: { enabled: boolean } }[];
    expect(orgs.find((o) => o.id === b!.id)?.api.enabled).toBe(true);
  });

  it('networksServerError fails the network list only; usageServerError fails usage requests only', async () => {
    const s = await sim({ orgs: 2, rate: false, orgFaults: [{ org: 0, fault: 'networksServerError' }, { org: 1, fault: 'usageServerError' }] });
    const [a, b] = s.world.organizations;
    expect((await apiGet(`${s.url}/organizations/${a!.id}/networks`)).status).toBe(500);
    expect((await apiGet(`${s.url}/networks/${a!.networks[0]!.id}/clients?timespan=86400`)).status).toBe(200);
    const nb = b!.networks[0]!;
    expect((await apiGet(`${s.url}/organizations/${b!.id}/networks`)).status).toBe(200);
    expect((await apiGet(`${s.url}/networks/${nb.id}/clients/usageHistories?clients=${nb.clients[0]!.key}&timespan=86400`)).status).toBe(502);
  });

  it('rejects bad orgFaults and otherApplication naming the option', async () => {
    await expect(startSimulator({ orgs: 2, orgFaults: [{ org: 2, fault: 'forbidden' }] })).rejects.toThrow('orgFaults[0].org');
    await expect(startSimulator({ orgs: 2, orgFaults: [{ org: 0, fault: 'nope' as 'forbidden' }] })).rejects.toThrow('orgFaults[0].fault');
    await expect(startSimulator({ orgs: 1, otherApplication: { orgs: [0], perSecond: 0 } })).rejects.toThrow('otherApplication.perSecond');
    await expect(startSimulator({ orgs: 1, quirks: { usage502AboveClients: -1 } })).rejects.toThrow('quirks.usage502AboveClients');
  });
});

describe('simulator quirk usage502AboveClients', () => {
  it('a usage request naming more than N clients answers 502, N or fewer answer 200; --quirks takes N', async () => {
    const s = await sim({ orgs: 1, rate: false, quirks: { usage502AboveClients: 5 } });
    const n = s.world.networks[0]!;
    const url = (k: number) => `${s.url}/networks/${n.id}/clients/usageHistories?clients=${n.clients.slice(0, k).map((c) => c.key).join(',')}&timespan=86400`;
    expect((await apiGet(url(6))).status).toBe(502);
    expect((await apiGet(url(5))).status).toBe(200);
    s.setQuirks({ usage502AboveClients: 0 });
    expect((await apiGet(url(30))).status).toBe(200);
    expect(quirksFlag('usage502AboveClients=40')).toEqual({ usage502AboveClients: 40 });
    expect(() => quirksFlag('usage502AboveClients=x')).toThrow('usage502AboveClients=N');
  });
});

describe('simulator otherApplication', () => {
  it('takes its share of the organization bucket: our requests get 429 sooner, other organizations are untouched', async () => {
    // Capacity 20 at 10/s; the other application takes 9/s of organization 0. Twenty quick requests fit in a
    // full bucket only where nobody else takes tokens (the drain runs in real time, so wait for it first).
    const s = await sim({ orgs: 2, rate: { perOrgPerSecond: 10, orgBurst: 10, perIpPerSecond: 10_000 }, otherApplication: { orgs: [0], perSecond: 9 } });
    const [a, b] = s.world.organizations;
    const burst = async (orgId: string) => {
      let limited = 0;
      for (let i = 0; i < 20; i++) if ((await apiGet(`${s.url}/organizations/${orgId}/networks`)).status === 429) limited++;
      return limited;
    };
    await burst(a!.id); // takes a's bucket to empty (the first requests also start its drain)
    await new Promise((r) => setTimeout(r, 1000)); // a refills ~10, minus ~9 taken: ~1 token
    expect(await burst(a!.id)).toBeGreaterThan(10);
    expect(await burst(b!.id)).toBe(0);
  });
});
