import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { RateLimiter } from '../../src/simulator/rate-limiter.js';
import { SlidingWindow } from '../../src/simulator/sliding-window.js';
import { apiGet, errorsOf, getFrom, NOW } from './sim-http.js';

describe('rate limiter (synthetic time)', () => {
  it('lets perOrgPerSecond+orgBurst through at once, then refills perOrgPerSecond per second', () => {
    const limiter = new RateLimiter({ perOrgPerSecond: 10, orgBurst: 10, perIpPerSecond: 1000 });
    const ok = Array.from({ length: 25 }, () => limiter.check('ip', 'org', 0).ok);
    expect(ok.filter(Boolean).length).toBe(20);
    const refused = limiter.check('ip', 'org', 0);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 1, scope: 'organization' });
    expect(limiter.check('ip', 'org', 99).ok).toBe(false);
    expect(limiter.check('ip', 'org', 100).ok).toBe(true);
    const afterOneSecond = Array.from({ length: 12 }, () => limiter.check('ip', 'org', 1100).ok);
    expect(afterOneSecond.filter(Boolean).length).toBe(10);
    expect(limiter.check('ip', 'other-org', 1100).ok).toBe(true);
  });

  it('limits each source IP on its own, across organizations', () => {
    const limiter = new RateLimiter({ perOrgPerSecond: 1000, orgBurst: 0, perIpPerSecond: 100 });
    const ok = Array.from({ length: 150 }, (_, i) => limiter.check('a', `org${i % 7}`, 0).ok);
    expect(ok.filter(Boolean).length).toBe(100);
    const refused = limiter.check('a', undefined, 0);
    expect(refused.ok === false && refused.scope).toBe('ip');
    expect(limiter.check('b', 'org1', 0).ok).toBe(true);
  });

  it('whole-second Retry-After that is always enough for slow refills', () => {
    const limiter = new RateLimiter({ perOrgPerSecond: 0.4, orgBurst: 1, perIpPerSecond: 100 });
    limiter.check('ip', 'o', 0);
    const refused = limiter.check('ip', 'o', 0);
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 2 });
    expect(limiter.check('ip', 'o', 1400).ok).toBe(false);
    expect(limiter.check('ip', 'o', 2000).ok).toBe(true);
  });

  it('never limits when rate is false', () => {
    const limiter = new RateLimiter(false);
    expect(Array.from({ length: 1000 }, () => limiter.check('ip', 'o', 0).ok).every(Boolean)).toBe(true);
  });

  it('sliding window peak counts the most events in any one second', () => {
    const w = new SlidingWindow();
    for (const t of [0, 100, 200, 900, 1000, 1050, 1100, 1950, 3000]) w.record(t);
    expect(w.peak).toBe(5);
    const big = new SlidingWindow();
    for (let i = 0; i < 500; i++) big.record(i);
    expect(big.peak).toBe(500);
  });
});

describe('rate limiting over HTTP', () => {
  it('answers a burst with 429, Retry-After in whole seconds and Meraki\'s body; counts it', async () => {
    const sim = await startSimulator({ now: NOW, rate: { perOrgPerSecond: 5, orgBurst: 5, perIpPerSecond: 1000 }, clientsPerNetwork: 5 });
    try {
      const n = sim.world.networks[0]!;
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 30 }, () => apiGet(`${sim.url}/networks/${n.id}/clients`)));
      const refillable = Math.ceil(((performance.now() - started) / 1000) * 5);
      const ok = answers.filter((a) => a.status === 200).length;
      const limited = answers.filter((a) => a.status === 429);
      expect(ok).toBeGreaterThanOrEqual(10);
      expect(ok).toBeLessThanOrEqual(10 + refillable);
      expect(ok).toBeLessThan(30);
      expect(limited.length).toBe(30 - ok);
      for (const a of limited) {
        expect(a.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        expect(errorsOf(a)).toEqual(['API rate limit exceeded for organization']);
        expect(a.headers.get('x-request-id')).toBeTruthy();
      }
      const counters = sim.counters.byOrg[n.organizationId]!;
      expect(counters).toMatchObject({ requests: 30, throttled: limited.length });
      expect(counters.peakPerSecond).toBeGreaterThan(1);
      expect(sim.counters.byStatus['429']).toBe(limited.length);
    } finally {
      await sim.stop();
    }
  });

  it('never refuses a client that waits as told', async () => {
    const sim = await startSimulator({ now: NOW, rate: { perOrgPerSecond: 2, orgBurst: 0, perIpPerSecond: 1000 }, clientsPerNetwork: 5 });
    try {
      const org = sim.world.organizations[0]!;
      let refusedAfterWaiting = 0;
      let waited = 0;
      let justWaited = false;
      for (let done = 0; done < 8; ) {
        const a = await apiGet(`${sim.url}/organizations/${org.id}/networks`);
        if (a.status === 429) {
          if (justWaited) refusedAfterWaiting++;
          waited++;
          justWaited = true;
          await new Promise((r) => setTimeout(r, Number(a.headers.get('retry-after')) * 1000));
        } else {
          expect(a.status).toBe(200);
          justWaited = false;
          done++;
        }
      }
      expect(waited).toBeGreaterThan(0);
      expect(refusedAfterWaiting).toBe(0);
    } finally {
      await sim.stop();
    }
  });

  it('limits per source IP (127.0.0.1 refused, 127.0.0.2 still served)', async () => {
    const sim = await startSimulator({ now: NOW, rate: { perOrgPerSecond: 1000, orgBurst: 0, perIpPerSecond: 5 }, clientsPerNetwork: 5 });
    try {
      const url = `${sim.url}/organizations`;
      const started = performance.now();
      const first = await Promise.all(Array.from({ length: 20 }, () => getFrom('127.0.0.1', url)));
      const refillable = Math.ceil(((performance.now() - started) / 1000) * 5);
      const limited = first.filter((a) => a.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(20 - limited.length).toBeGreaterThanOrEqual(5);
      expect(20 - limited.length).toBeLessThanOrEqual(5 + refillable);
      expect(limited.every((a) => Number(a.retryAfter) >= 1)).toBe(true);
      expect((await getFrom('127.0.0.2', url)).status).toBe(200);
      const byIp = sim.counters.byIp;
      expect(byIp['127.0.0.1']!.throttled).toBe(limited.length);
      expect(byIp['127.0.0.2']).toMatchObject({ requests: 1, throttled: 0 });
    } finally {
      await sim.stop();
    }
  });
});
