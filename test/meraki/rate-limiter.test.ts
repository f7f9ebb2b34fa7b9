import { describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/meraki/rate-limiter.js';
import { fakeClock } from './fake-clock.js';

describe('RateLimiter (adaptive)', () => {
  it('slows down x0.7 per 429 and recovers step by step to the configured rate', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 1 }, clock);
    limiter.penalize(1000);
    expect(limiter.ratePerSecond).toBeCloseTo(7);
    limiter.penalize(1000);
    expect(limiter.ratePerSecond).toBeCloseTo(4.9);
    limiter.reward();
    expect(limiter.ratePerSecond).toBeCloseTo(5.1);
    for (let i = 0; i < 100; i++) limiter.reward();
    expect(limiter.ratePerSecond).toBe(10);
  });

  it('never drops below the floor', () => {
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 1, minRateFraction: 0.2 }, fakeClock());
    for (let i = 0; i < 50; i++) limiter.penalize(0);
    expect(limiter.ratePerSecond).toBeCloseTo(2);
  });

  it('a penalty pauses until now + wait, and a later shorter one does not shorten it', () => {
    const clock = fakeClock(0);
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 1 }, clock);
    limiter.penalize(2000);
    clock.advance(500);
    limiter.penalize(100);
    expect(limiter.pausedUntilMs).toBe(2000);
  });

  it('acquire waits out the pause (fake timers, clock from the same source) and rejects on abort', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    try {
      const limiter = new RateLimiter({ ratePerSecond: 1000, burst: 1 }, { now: () => Date.now() });
      const start = Date.now();
      limiter.penalize(150);
      let acquired = false;
      const first = limiter.acquire().then(() => void (acquired = true));
      await vi.advanceTimersByTimeAsync(149);
      expect(acquired).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await first;
      expect(acquired).toBe(true);
      expect(Date.now()).toBe(start + 150);

      limiter.penalize(30_000);
      const controller = new AbortController();
      const pending = limiter.acquire(controller.signal);
      const outcome = pending.then(
        () => 'acquired',
        (e: Error) => e.name,
      );
      await vi.advanceTimersByTimeAsync(20);
      controller.abort();
      // Rejected at once on abort: no fake time passes between the abort and the rejection.
      expect(await outcome).toBe('AbortError');
      expect(Date.now()).toBe(start + 170);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
