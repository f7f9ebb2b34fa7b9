import { describe, expect, it } from 'vitest';
import { fullJitterMs, retryWaitMs } from '../../src/retry/backoff.js';

const base = { baseMs: 1000, maxMs: 30_000, maxRetryAfterMs: 60_000 };

describe('retry waits', () => {
  it('full jitter spans [0, base * 2^(n-1)], capped', () => {
    expect(fullJitterMs(1, 1000, 30_000, () => 0.999)).toBe(999);
    expect(fullJitterMs(3, 1000, 30_000, () => 0.5)).toBe(2000);
    expect(fullJitterMs(20, 1000, 30_000, () => 0.5)).toBe(15_000);
    expect(fullJitterMs(4, 1000, 30_000, () => 0)).toBe(0);
  });

  it('uses Retry-After when given, capped at maxRetryAfterMs', () => {
    expect(retryWaitMs({ ...base, retry: 1, status: 429, retryAfterMs: 2000, random: () => 0 })).toBe(2000);
    expect(retryWaitMs({ ...base, retry: 1, status: 429, retryAfterMs: 600_000, random: () => 0 })).toBe(60_000);
    expect(retryWaitMs({ ...base, retry: 1, status: 503, retryAfterMs: 3000, random: () => 0 })).toBe(3000);
  });

  it('a 429 without Retry-After waits at least one base step; a 5xx may retry at once', () => {
    expect(retryWaitMs({ ...base, retry: 1, status: 429, retryAfterMs: undefined, random: () => 0 })).toBe(1000);
    expect(retryWaitMs({ ...base, retry: 2, status: 500, retryAfterMs: undefined, random: () => 0 })).toBe(0);
    expect(retryWaitMs({ ...base, retry: 2, status: null, retryAfterMs: undefined, random: () => 0.5 })).toBe(1000);
  });
});
