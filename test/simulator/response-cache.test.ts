import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { apiGet, DAY, KEY, NOW } from './sim-http.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function usageOf(s: Simulator, perPage = 3): Promise<{ text: string; link: string | null }> {
  const net = s.world.networks[0]!;
  const clients = net.clients.map((c) => c.key).join(',');
  const answer = await apiGet(`${s.url}/networks/${net.id}/clients/usageHistories?clients=${clients}&perPage=${perPage}&t0=${new Date(NOW - 5 * DAY).toISOString()}`);
  expect(answer.status).toBe(200);
  return { text: answer.text, link: answer.headers.get('link') };
}

describe('simulator cacheResponses', () => {
  it('answers a request met before with the same answer from memory; every request is still counted', async () => {
    sim = await startSimulator({ now: NOW, clientsPerNetwork: 8, rate: false, cacheResponses: true });
    const first = await usageOf(sim);
    const second = await usageOf(sim);
    expect(second).toEqual(first);
    expect(sim.counters.cachedAnswers).toBe(1);
    expect(sim.counters.requests).toBe(2);
    expect(sim.counters.byEndpoint['usageHistories']).toBe(2);
    await usageOf(sim, 4); // another query: computed
    expect(sim.counters.cachedAnswers).toBe(1);
  });

  it('the same answers as without the cache', async () => {
    const plain = await startSimulator({ now: NOW, clientsPerNetwork: 8, rate: false });
    const expected = await usageOf(plain);
    await plain.stop();
    sim = await startSimulator({ now: NOW, clientsPerNetwork: 8, rate: false, cacheResponses: true });
    const cold = await usageOf(sim);
    const warm = await usageOf(sim);
    // Link URLs carry the listener's port: compare the bodies, and the links without the origin.
    expect(cold.text).toBe(expected.text);
    expect(warm.text).toBe(expected.text);
    const path = (link: string | null) => link?.replaceAll(/http:\/\/127\.0\.0\.1:\d+/g, '');
    expect(path(warm.link)).toBe(path(expected.link));
  });

  it('computes again when the clock moves, when quirks change, and never keeps faulty or jittered answers', async () => {
    sim = await startSimulator({ now: NOW, clientsPerNetwork: 8, rate: false, cacheResponses: true });
    await usageOf(sim);
    sim.clock.advance(3_600_000);
    await usageOf(sim);
    expect(sim.counters.cachedAnswers).toBe(0);
    sim.setQuirks({ receivedField: true });
    const renamed = await usageOf(sim);
    expect(renamed.text).toContain('"received"');
    sim.setQuirks({ receivedField: false });
    expect((await usageOf(sim)).text).not.toContain('"received"');
    expect(sim.counters.cachedAnswers).toBe(0);

    sim.setQuirks({ tsJitter: true });
    const a = await usageOf(sim);
    const b = await usageOf(sim);
    expect(a.text).not.toBe(b.text); // a new jitter per request, as without the cache
    sim.setQuirks({ tsJitter: false });
    sim.setFaults({ malformedRecordRate: 0.5 });
    await usageOf(sim);
    await usageOf(sim);
    expect(sim.counters.cachedAnswers).toBe(0);
  });

  it('is off by default, and keyed by the API key', async () => {
    sim = await startSimulator({ now: NOW, clientsPerNetwork: 8, rate: false });
    await usageOf(sim);
    await usageOf(sim);
    expect(sim.counters.cachedAnswers).toBe(0);
    await sim.stop();
    sim = await startSimulator({ now: NOW, clientsPerNetwork: 8, rate: false, cacheResponses: true, apiKeys: [KEY, 'other-key'], keyOrgs: { 'other-key': [] } });
    const orgs = await apiGet(`${sim.url}/organizations`);
    const hidden = await apiGet(`${sim.url}/organizations`, { key: 'other-key' });
    expect((orgs.body as unknown[]).length).toBe(1);
    expect(hidden.body).toEqual([]);
  });
});
