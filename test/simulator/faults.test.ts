import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FAULTS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { ClientUsageHistory } from '../../src/meraki/types.js';
import { apiGet, errorsOf, NOW } from './sim-http.js';

describe('simulator faults', () => {
  let sim: Simulator;
  let uh: string;
  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, rate: false, clientsPerNetwork: 20 });
    const n = sim.world.networks[0]!;
    uh = `${sim.url}/networks/${n.id}/clients/usageHistories?clients=${n.clients.map((c) => c.key).join(',')}&perPage=5&timespan=${7 * 86400}`;
  });
  beforeEach(() => {
    sim.setFaults(DEFAULT_FAULTS);
    sim.resetCounters();
  });
  afterAll(() => sim.stop());

  const many = (n: number, url = uh) => Promise.all(Array.from({ length: n }, () => apiGet(url)));

  it('serverErrorRate: 500/502/503/504 with errors bodies, some with Retry-After; a rate of 0.3 hits about 30%', async () => {
    sim.setFaults({ serverErrorRate: 1 });
    const all = await many(40);
    expect(new Set(all.map((a) => a.status))).toEqual(new Set([500, 502, 503, 504]));
    expect(all.every((a) => errorsOf(a).length === 1 && a.headers.get('x-request-id'))).toBe(true);
    expect(all.filter((a) => a.status === 503).every((a) => a.headers.get('retry-after') === '1')).toBe(true);
    sim.setFaults({ serverErrorRate: 0.3 });
    const some = (await many(60)).filter((a) => a.status >= 500).length;
    expect(some).toBeGreaterThan(6);
    expect(some).toBeLessThan(30);
  });

  it('faults are deterministic from the seed and the request sequence', async () => {
    const run = async (): Promise<number[]> => {
      const s = await startSimulator({ now: NOW, rate: false, clientsPerNetwork: 3, seed: 5, faults: { serverErrorRate: 0.5 } });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 12; i++) statuses.push((await apiGet(`${s.url}/organizations`)).status);
        return statuses;
      } finally {
        await s.stop();
      }
    };
    const first = await run();
    expect(first).toEqual(await run());
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('counts every fault it applies, by kind (counters.faultsInjected)', async () => {
    sim.setFaults({ serverErrorRate: 1 });
    await many(5);
    sim.setFaults({ serverErrorRate: 0, truncatedRate: 1 });
    await many(3);
    sim.setFaults({ truncatedRate: 0, invalidJsonRate: 1 });
    await many(2);
    sim.setFaults({ invalidJsonRate: 0, resetRate: 1 });
    await Promise.allSettled([apiGet(uh)]);
    sim.setFaults({ resetRate: 0 });
    await many(4);
    expect(sim.counters.faultsInjected).toEqual({ serverError: 5, truncated: 3, invalidJson: 2, reset: 1 });
    sim.resetCounters();
    expect(sim.counters.faultsInjected).toEqual({});
  });

  it('slowRate: answers after slowMs', async () => {
    sim.setFaults({ slowRate: 1, slowMs: 300 });
    const started = performance.now();
    const a = await apiGet(uh);
    expect(a.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('resetRate: the connection is destroyed without an answer', async () => {
    sim.setFaults({ resetRate: 1 });
    await expect(apiGet(uh)).rejects.toThrow();
    expect(sim.counters.byStatus.reset).toBe(1);
  });

  it('truncatedRate: a 200 whose JSON is cut short (Content-Length matches)', async () => {
    const whole = (await apiGet(uh)).text;
    sim.setFaults({ truncatedRate: 1 });
    const a = await apiGet(uh);
    expect(a.status).toBe(200);
    expect(a.body).toBeUndefined();
    expect(a.text.length).toBeLessThan(whole.length);
    expect(whole.startsWith(a.text)).toBe(true);
    expect(Number(a.headers.get('content-length'))).toBe(Buffer.byteLength(a.text));
  });

  it('invalidJsonRate: a 200 that is not JSON', async () => {
    sim.setFaults({ invalidJsonRate: 1 });
    const a = await apiGet(`${sim.url}/organizations`);
    expect(a.status).toBe(200);
    expect(() => JSON.parse(a.text) as unknown).toThrow();
  });

  it('malformedRecordRate: buckets with a missing field, a negative or a non-numeric value', async () => {
    sim.setFaults({ malformedRecordRate: 1 });
    const entries = (await apiGet(uh)).body as ClientUsageHistory[];
    const bad = entries.flatMap((e) => e.usageHistory) as unknown as Record<string, unknown>[];
    const isGood = (b: Record<string, unknown>) =>
      typeof b.ts === 'string' && typeof b.recv === 'number' && b.recv >= 0 && typeof b.sent === 'number' && b.sent >= 0;
    expect(bad.length).toBe(40);
    expect(bad.some(isGood)).toBe(false);
    const kinds = new Set(bad.map((b) => (!('ts' in b) ? 'no ts' : !('recv' in b) ? 'no recv' : !('sent' in b) ? 'no sent' : typeof b.recv === 'string' ? 'text' : b.sent === null ? 'null' : 'negative')));
    expect(kinds.size).toBeGreaterThanOrEqual(5);
    sim.setFaults({ malformedRecordRate: 0.2 });
    const mixed = ((await apiGet(uh)).body as ClientUsageHistory[]).flatMap((e) => e.usageHistory) as unknown as Record<string, unknown>[];
    expect(mixed.filter(isGood).length).toBeGreaterThan(20);
    expect(mixed.filter(isGood).length).toBeLessThan(40);
  });

  it('untrustedRedirectRate: a redirect to the untrusted host, which records keys only if a client follows', async () => {
    sim.setFaults({ untrustedRedirectRate: 1 });
    const a = await apiGet(uh);
    expect(a.status).toBe(307);
    const location = a.headers.get('location')!;
    expect(location).toBe(uh.replace(sim.url, sim.untrustedUrl));
    expect(sim.counters.keysSeen.untrusted).toEqual([]);
    expect((await apiGet(location)).status).toBe(200);
    expect(sim.counters.keysSeen.untrusted.length).toBe(1);
  });

  it('untrustedLinkRate: Link URLs on the untrusted host', async () => {
    sim.setFaults({ untrustedLinkRate: 1 });
    const a = await apiGet(uh);
    expect(a.links.next!.startsWith(`${sim.untrustedUrl}/`)).toBe(true);
    expect(sim.counters.keysSeen.untrusted).toEqual([]);
  });

  it('rejects rates outside 0..1', async () => {
    expect(() => sim.setFaults({ serverErrorRate: 2 })).toThrow(/serverErrorRate/);
    await expect(startSimulator({ faults: { slowMs: -1 } })).rejects.toThrow(/slowMs/);
  });
});
