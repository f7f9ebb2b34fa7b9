import { setMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { abortWhen, achievedPerSecond, hammer, requestsInsideRetryAfter, saturate } from './load.js';
import type { LoadResult } from './load.js';
import { simHarness } from './sim-harness.js';

const h = simHarness();

function peakOf(counters: Record<string, { peakPerSecond: number }>): number {
  return Math.max(0, ...Object.values(counters).map((c) => c.peakPerSecond));
}

// Every load below stops on counts (so many successes, so many 429s), never after a fixed time: on a busy machine
// a test takes longer and asserts the same. Upper bounds on rates hold however slow the machine is; lower bounds
// on throughput are speeds, which the bench measures (bench/api-budget.ts), not these tests.
describe('rate limits under load (simulator with Meraki-style token buckets, scaled up)', () => {
  it('20x oversubscribed on one organization: never more than rate + burst in any second, no 429', async () => {
    // Meraki's 10/s + 10 and the default 8/s, scaled x5.
    const rate = 40;
    const merakiBurst = 50;
    const sim = await h.sim({ rate: { perOrgPerSecond: 50, orgBurst: merakiBurst, perIpPerSecond: 10_000 } });
    const { client, events } = h.client(sim, { ratePerOrgPerSecond: rate, ratePerIpPerSecond: 1000, concurrencyPerOrg: 8 });
    const orgId = sim.world.organizations[0]!.id;
    const result = await saturate(client, sim, orgId, { ratePerSecond: rate, seconds: 3, stopWhen: (r) => r.ok >= 3 * rate });
    const org = sim.counters.byOrg[orgId]!;
    expect(org.peakPerSecond).toBeLessThanOrEqual(rate + merakiBurst);
    expect(org.throttled).toBe(0);
    expect(result.failed).toBe(0);
    expect(result.aborted).toBeGreaterThan(0);
    expect(result.ok).toBeGreaterThanOrEqual(3 * rate);
    expect(achievedPerSecond(events, orgId, client.options.burstPerOrg)).toBeGreaterThan(0);
    expect(achievedPerSecond(events, orgId, client.options.burstPerOrg)).toBeLessThanOrEqual(rate * 1.05);
  });

  it('on 429 every request of that organization waits Retry-After, and the organization slows down', async () => {
    const rate = 30;
    const sim = await h.sim({ rate: { perOrgPerSecond: 10, orgBurst: 5, perIpPerSecond: 10_000 } });
    const orgId = sim.world.organizations[0]!.id;
    const rates: number[] = [];
    const { client, events } = h.client(sim, {
      ratePerOrgPerSecond: rate,
      burstPerOrg: 2,
      ratePerIpPerSecond: 1000,
      concurrencyPerOrg: 8,
      onEvent: (e) => {
        if (e.type === 'rateLimited') rates.push(client.orgLimiter(orgId).ratePerSecond);
      },
    });
    const result = await saturate(client, sim, orgId, {
      ratePerSecond: rate,
      seconds: 4,
      stopWhen: (r) => sim.counters.byOrg[orgId]!.throttled > 0 && r.ok >= 30,
    });
    const limited = events.filter((e) => e.type === 'rateLimited');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.length).toBe(sim.counters.byOrg[orgId]!.throttled);
    for (const e of limited) if (e.type === 'rateLimited') expect(e.waitMs).toBeGreaterThanOrEqual(e.retryAfterMs ?? 1000);
    const retries = events.filter((e) => e.type === 'retry' && e.reason === 'rate-limited');
    expect(retries.length).toBe(limited.length);
    expect(requestsInsideRetryAfter(events, orgId)).toEqual([]);
    expect(Math.min(...rates)).toBeLessThanOrEqual(rate * 0.7 + 1e-9);
    expect(sim.counters.byOrg[orgId]!.peakPerSecond).toBeLessThanOrEqual(rate + 5);
    expect(result.ok).toBeGreaterThan(0);
    expect(result.failed).toBe(0);
  });

  it('two organizations are limited independently (429s on one do not slow the other)', async () => {
    // Meraki-like limits; another tool of the customer's drains the busy organization's budget.
    const rate = 8;
    const sim = await h.sim({ orgs: 2, networksPerOrg: 1, rate: { perOrgPerSecond: 10, orgBurst: 5, perIpPerSecond: 10_000 } });
    const [busy, calm] = sim.world.organizations.map((o) => o.id) as [string, string];
    const { client } = h.client(sim, { ratePerOrgPerSecond: rate, ratePerIpPerSecond: 1000 });
    // The calm organization runs until it got 3 s worth of successes; the busy one (and the other tool) until
    // then and until the collector got a 429 on it.
    const done = new AbortController();
    const calmRun = saturate(client, sim, calm, { ratePerSecond: rate, seconds: 3, stopWhen: (r) => r.ok >= 3 * rate });
    const [, theirs429s, calmResult] = await Promise.all([
      saturate(client, sim, busy, { ratePerSecond: rate, seconds: 3, stop: done.signal }),
      hammer(sim, busy, done.signal),
      calmRun,
      calmRun.then(() => abortWhen(done, () => (client.stats().perOrg[busy]?.rateLimited ?? 0) > 0)),
    ]);
    const stats = client.stats();
    expect(theirs429s).toBeGreaterThan(0);
    expect(stats.perOrg[busy]!.rateLimited).toBeGreaterThan(0);
    expect(stats.perOrg[calm]!.rateLimited).toBe(0);
    expect(sim.counters.byOrg[calm]!.throttled).toBe(0);
    expect(client.orgLimiter(calm).ratePerSecond).toBe(rate);
    expect(calmResult.failed).toBe(0);
    expect(calmResult.ok).toBeGreaterThanOrEqual(3 * rate);
    expect(sim.counters.byOrg[calm]!.peakPerSecond).toBeLessThanOrEqual(rate + 10);
  });

  it('the per-IP limit holds across many organizations', async () => {
    const ipRate = 60;
    const orgs = 12;
    const sim = await h.sim({ orgs, networksPerOrg: 1, clientsPerNetwork: 3, rate: { perOrgPerSecond: 100, orgBurst: 10, perIpPerSecond: 80 } });
    const { client, events } = h.client(sim, { ratePerOrgPerSecond: 20, ratePerIpPerSecond: ipRate, burstPerIp: 5, concurrencyPerOrg: 4 });
    // Until every organization got 3 successes (and 3 s worth in all): none is starved, however slow the machine.
    const results: LoadResult[] = sim.world.organizations.map(() => ({ ok: 0, failed: 0, aborted: 0 }));
    const done = new AbortController();
    setMaxListeners(orgs + 1, done.signal); // one listener per organization's load
    const started = performance.now();
    await Promise.all([
      ...sim.world.organizations.map((o, i) =>
        saturate(client, sim, o.id, { ratePerSecond: 20, seconds: 3, oversubscription: 5, stop: done.signal, result: results[i]! }),
      ),
      abortWhen(done, () => results.every((r) => r.ok >= 3) && results.reduce((sum, r) => sum + r.ok, 0) >= 3 * ipRate),
    ]);
    const elapsedSeconds = (performance.now() - started) / 1000;
    const ok = results.reduce((sum, r) => sum + r.ok, 0);
    expect(sim.counters.throttled).toBe(0);
    expect(peakOf(sim.counters.byIp)).toBeLessThanOrEqual(80);
    const starts = events.flatMap((e) => (e.type === 'request' ? [e.startedAtMs] : [])).sort((a, b) => a - b);
    const perSecond = ((starts.length - 1 - 5) * 1000) / ((starts.at(-1) as number) - (starts[0] as number));
    expect(perSecond).toBeLessThanOrEqual(ipRate * 1.05);
    // At most rate x time + burst over the whole run (+1 s for requests in flight when it stopped).
    expect(ok).toBeLessThanOrEqual(ipRate * (elapsedSeconds + 1) + 5);
    expect(results.every((r) => r.ok >= 3 && r.failed === 0)).toBe(true);
  });
});
