import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/meraki/token-bucket.js';

describe('TokenBucket', () => {
  it('starts full and admits `capacity` at once, then tells the wait for the next token', () => {
    const b = new TokenBucket(8, 2, 0);
    expect(b.tryTake(0)).toBe(0);
    expect(b.tryTake(0)).toBe(0);
    expect(b.tryTake(0)).toBe(125);
    expect(b.tryTake(124)).toBe(1);
    expect(b.tryTake(125)).toBe(0);
  });

  it('never holds more than its capacity', () => {
    const b = new TokenBucket(10, 3, 0);
    expect(b.available(60_000)).toBe(3);
  });

  it('a saturating caller gets exactly rate * T (+ capacity) tokens over T', () => {
    const b = new TokenBucket(8, 2, 0);
    let now = 0;
    let taken = 0;
    while (now <= 10_000) {
      const wait = b.tryTake(now);
      if (wait === 0) taken++;
      else now += wait;
    }
    // capacity 2 at t=0, then one every 125 ms up to t=10 s: 2 + 80.
    expect(taken).toBe(82);
  });

  it('admits at most rate + capacity in any one-second window', () => {
    const b = new TokenBucket(50, 5, 0);
    const times: number[] = [];
    for (let now = 0; now < 5000; now += 3) while (b.tryTake(now) === 0) times.push(now);
    let peak = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] as number) - (times[j] as number) >= 1000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    expect(peak).toBeLessThanOrEqual(55);
    expect(peak).toBeGreaterThanOrEqual(50);
  });

  it('keeps tokens already earned when the rate changes', () => {
    const b = new TokenBucket(10, 1, 0);
    b.tryTake(0);
    b.setRate(5, 50); // 0.5 token earned at 10/s
    expect(b.tryTake(50)).toBe(100); // 0.5 more at 5/s
    expect(b.ratePerSecond).toBe(5);
  });

  it('ignores a clock that goes backwards', () => {
    const b = new TokenBucket(10, 1, 1000);
    b.tryTake(1000);
    expect(b.tryTake(500)).toBe(100);
  });

  it.each([
    [0, 1],
    [-1, 1],
    [Number.NaN, 1],
    [5, 0.5],
    [5, Number.POSITIVE_INFINITY],
  ])('rejects rate %s / capacity %s', (rate, capacity) => {
    expect(() => new TokenBucket(rate, capacity, 0)).toThrow(TypeError);
  });
});
