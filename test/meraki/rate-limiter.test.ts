import { describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/meraki/rate-limiter.js';
import { fakeClock } from './fake-clock.js';

describe('RateLimiter (adaptive)', () => {
  it('slows down x0.7 per 429; successes alone do not bring the rate back', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 1 }, clock);
    limiter.penalize(1000);
    expect(limiter.ratePerSecond).toBeCloseTo(7);
    limiter.penalize(1000);
    expect(limiter.ratePerSecond).toBeCloseTo(4.9);
    for (let i = 0; i < 100; i++) limiter.reward();
    expect(limiter.ratePerSecond).toBeCloseTo(4.9);
  });

  it('recovery curve: the reduced rate holds 10 s after the pause, then climbs linearly to full in about a minute', () => {
    const clock = fakeClock(0);
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 1 }, clock);
    limiter.penalize(1000); // 7/s from the end of the 1 s pause
    const at = (s: number): number => {
      clock.advance(s * 1000 - clock.now());
      limiter.reward();
      return limiter.ratePerSecond;
    };
    expect(at(5)).toBeCloseTo(7);
    expect(at(11)).toBeCloseTo(7);
    expect(at(21)).toBeCloseTo(7 + 0.06 * 10);
    expect(at(36)).toBeCloseTo(7 + 0.06 * 25);
    expect(at(60)).toBeLessThan(10);
    expect(at(61)).toBeCloseTo(10);
    expect(at(120)).toBe(10);
  });

  it('a 429 while climbing starts from the current rate and holds again', () => {
    const clock = fakeClock(0);
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 1 }, clock);
    limiter.penalize(0);
    clock.advance(35_000); // 7 + 25 s x 0.06/s = 8.5
    expect(limiter.ratePerSecond).toBeCloseTo(8.5);
    limiter.penalize(0);
    expect(limiter.ratePerSecond).toBeCloseTo(8.5 * 0.7);
    clock.advance(9_000);
    expect(limiter.ratePerSecond).toBeCloseTo(8.5 * 0.7);
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
