import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Counters, type Simulator, type TruthRow } from '../../src/simulator/index.js';
import { apiGet, DAY, NOW } from './sim-http.js';

const post = async (url: string, body: unknown) => {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('/_sim endpoints', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, rate: false, clientsPerNetwork: 8 });
  });
  afterAll(() => sim.stop());

  it('serves counters (admin requests are not counted) and resets them', async () => {
    await apiGet(`${sim.url}/organizations`);
    const counters = (await get(`${sim.adminUrl}/counters`)).body as Counters;
    expect(counters.requests).toBe(1);
    expect(counters.byEndpoint).toEqual({ organizations: 1 });
    expect(counters.keysSeen.primary.length).toBe(1);
    expect((await post(`${sim.adminUrl}/counters/reset`, {})).status).toBe(200);
    expect(sim.counters.requests).toBe(0);
  });

  it('reads and moves the clock', async () => {
    expect((await get(`${sim.adminUrl}/clock`)).body).toEqual({ now: NOW, iso: new Date(NOW).toISOString() });
    expect((await post(`${sim.adminUrl}/clock`, { advanceMs: 60_000 })).body.now).toBe(NOW + 60_000);
    expect((await post(`${sim.adminUrl}/clock`, { now: '2026-03-10T12:00:00Z' })).body.now).toBe(NOW);
    expect(sim.clock.now()).toBe(NOW);
    expect((await post(`${sim.adminUrl}/clock`, { now: 'soon' })).status).toBe(400);
  });

  it('serves the truth filtered by network, client and time', async () => {
    const n = sim.world.networks[0]!;
    const c = n.clients[0]!;
    const from = NOW - 3 * DAY;
    const rows = (await get(`${sim.adminUrl}/truth?networkId=${n.id}&clientId=${c.key}&fromMs=${from}`)).body as TruthRow[];
    expect(rows).toEqual([...sim.truth.rows({ networkId: n.id, fromMs: from })].filter((r) => r.clientId === c.key));
    expect(rows.length).toBe(3);
    const limited = (await get(`${sim.adminUrl}/truth?limit=5`)).body as TruthRow[];
    expect(limited.length).toBe(5);
  });

  it('describes the world and switches quirks and faults', async () => {
    const world = (await get(`${sim.adminUrl}/world`)).body as { organizations: { networks: { id: string }[] }[] };
    expect(world.organizations[0]!.networks.map((n) => n.id)).toEqual(sim.world.networks.map((n) => n.id));
    expect((await post(`${sim.adminUrl}/quirks`, { receivedField: true })).body.receivedField).toBe(true);
    expect(sim.quirks.receivedField).toBe(true);
    expect((await post(`${sim.adminUrl}/quirks`, { dayBoundary: 'moon' })).status).toBe(400);
    expect((await post(`${sim.adminUrl}/faults`, { serverErrorRate: 0.5 })).body.serverErrorRate).toBe(0.5);
    expect((await post(`${sim.adminUrl}/faults`, { serverErrorRate: 5 })).status).toBe(400);
    expect(sim.faults.serverErrorRate).toBe(0.5);
    sim.setFaults({ serverErrorRate: 0 });
    expect((await get(`${sim.adminUrl}/nothing`)).status).toBe(404);
  });

  it('is not served by the untrusted listener', async () => {
    expect((await get(`${sim.untrustedUrl.replace('/api/v1', '')}/_sim/counters`)).status).toBe(404);
  });
});
