import { describe, expect, it } from 'vitest';
import type { MerakiEvent } from '../../src/meraki/index.js';
import { rejectionOf, simHarness } from './sim-harness.js';

const h = simHarness();

/**
 * Aborts `controller` `delayMs` after the first event matching `when`, and starts a sentinel timer for the
 * event's `waitMs` at the same moment: `waitEnded()` turns true when the wait the abort cut short would have ended.
 * Asserting it is still false when the call has settled is an ordering, not a speed: it holds however slow the
 * machine is (both timers start together; the abort timer is the shorter one).
 */
function abortOn(controller: AbortController, when: (e: MerakiEvent) => boolean, delayMs = 20) {
  let armed = false;
  let waitEnded = false;
  const timers: NodeJS.Timeout[] = [];
  return {
    waitEnded: () => waitEnded,
    clear: () => timers.forEach((t) => clearTimeout(t)),
    handler: (e: MerakiEvent): void => {
      if (armed || !when(e)) return;
      armed = true;
      if ('waitMs' in e) timers.push(setTimeout(() => void (waitEnded = true), e.waitMs));
      setTimeout(() => controller.abort(), delayMs);
    },
  };
}

/** Settles `promise`; returns its rejection and the milliseconds from now until it settled. */
async function timedRejection(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const t = performance.now();
  const error = await rejectionOf(promise);
  return { error, ms: performance.now() - t };
}

/** Resolves once `probe` is true (polled every 5 ms; the test timeout bounds it). */
async function until(probe: () => boolean): Promise<void> {
  while (!probe()) await new Promise((r) => setTimeout(r, 5));
}

function timeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe('every wait is abortable', () => {
  it('abort during a Retry-After wait returns before the wait ends, sends nothing more, and leaves no timer behind', async () => {
    const sim = await h.sim({ rate: { perOrgPerSecond: 1, orgBurst: 0, perIpPerSecond: 1000 } });
    const controller = new AbortController();
    const trigger = abortOn(controller, (e) => e.type === 'rateLimited');
    const { client, events } = h.client(sim, { ratePerOrgPerSecond: 100, onEvent: (e) => trigger.handler(e) });
    const net = sim.world.networks[0]!;
    const api = client.org(net.organizationId);
    await api.ssids(net.id);
    const before = timeouts();
    const error = await rejectionOf(api.ssids(net.id, controller.signal));
    const waitEnded = trigger.waitEnded();
    trigger.clear();
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(events.find((e) => e.type === 'rateLimited')).toMatchObject({ retryAfterMs: 1000 });
    expect(waitEnded).toBe(false);
    expect(sim.counters.requests).toBe(2); // the first call, and the one answered 429: no retry after the abort
    expect(timeouts()).toBeLessThanOrEqual(before);
    expect(client.stats().failures).toBe(0);
  });

  it('abort while waiting for a rate-limiter token', async () => {
    const sim = await h.sim();
    // The next token is 10 s away; the abort must not wait for it (half of it: a margin that holds at 10x slower).
    const { client } = h.client(sim, { ratePerOrgPerSecond: 0.1, burstPerOrg: 1 });
    const net = sim.world.networks[0]!;
    const api = client.org(net.organizationId);
    await api.ssids(net.id);
    const controller = new AbortController();
    const pending = api.ssids(net.id, controller.signal);
    await new Promise((r) => setTimeout(r, 30));
    controller.abort();
    const { error, ms } = await timedRejection(pending);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(ms).toBeLessThan(5000);
    expect(sim.counters.requests).toBe(1);
  });

  it('abort during a backoff after a 5xx', async () => {
    const sim = await h.sim({ faults: { serverErrorRate: 1 } });
    const controller = new AbortController();
    const trigger = abortOn(controller, (e) => e.type === 'retry');
    const { client } = h.client(sim, { backoffBaseMs: 60_000, backoffMaxMs: 60_000, maxRetryAfterMs: 60_000, random: () => 0.99, onEvent: (e) => trigger.handler(e) });
    const error = await rejectionOf(client.organizations(controller.signal));
    const waitEnded = trigger.waitEnded();
    trigger.clear();
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(waitEnded).toBe(false); // the 60 s backoff was cut short
    expect(sim.counters.requests).toBe(1);
  });

  it('abort during a slow response (request in flight); the reason passes through', async () => {
    const sim = await h.sim({ faults: { slowRate: 1, slowMs: 10_000 } });
    const { client } = h.client(sim);
    const controller = new AbortController();
    const pending = client.organizations(controller.signal);
    await until(() => sim.counters.requests === 1); // in flight: the simulator holds the answer for 10 s
    const reason = new Error('shutting down');
    controller.abort(reason);
    const { error, ms } = await timedRejection(pending);
    expect(error).toBe(reason);
    expect(ms).toBeLessThan(5000); // half the answer's delay: a margin that holds at 10x slower
  });

  it('an already aborted signal sends nothing', async () => {
    const sim = await h.sim();
    const { client } = h.client(sim);
    await expect(client.organizations(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(sim.counters.requests).toBe(0);
  });

  it('a thousand queued calls on one signal all stop promptly, without a listener-leak warning', async () => {
    const sim = await h.sim();
    const { client } = h.client(sim, { ratePerOrgPerSecond: 5 });
    const net = sim.world.networks[0]!;
    const api = client.org(net.organizationId);
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const calls = Array.from({ length: 1000 }, () => api.ssids(net.id, controller.signal));
      await new Promise((r) => setTimeout(r, 100));
      const t = performance.now();
      controller.abort();
      const settled = await Promise.allSettled(calls);
      // Unaborted, the queue would take 200 s at 5/s; a tenth of that holds at 10x slower.
      expect(performance.now() - t).toBeLessThan(20_000);
      const rejected = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
      expect(rejected.length).toBeGreaterThanOrEqual(990);
      expect(rejected.every((e) => e.name === 'AbortError')).toBe(true);
      expect(sim.counters.requests).toBeLessThanOrEqual(10);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('breaking out of a page loop stops requesting pages', async () => {
    const sim = await h.sim({ clientsPerNetwork: 30 });
    const { client } = h.client(sim);
    const net = sim.world.networks[0]!;
    for await (const page of client.org(net.organizationId).clients(net.id, { timespan: 86_400 * 31, perPage: 3 })) {
      expect(page.length).toBeGreaterThan(0);
      break;
    }
    expect(sim.counters.requests).toBe(1);
  });
});
