import { describe, expect, it } from 'vitest';
import { abortableSleep, DEFAULT_RETRY_POLICY, RetriesExhaustedError, retryDelayMs, withRetries } from '../../src/retry/with-retries.js';

describe('the sinks\' retry delays (withRetries)', () => {
  it('backoff doubles from minRetryDelayMs up to maxRetryDelayMs, with jitter in the upper half', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, minRetryDelayMs: 1000, maxRetryDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, undefined, policy, () => 0))).toEqual([500, 1000, 2000, 2500, 2500]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, undefined, policy, () => 0.999999))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(retryDelayMs(1, 120_000, policy, () => 0)).toBe(policy.maxRetryAfterMs);
  });
});

describe('withRetries', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 2, minRetryDelayMs: 100, maxRetryDelayMs: 1000 };
  const retryable = (error: unknown) => ({ retryable: true, error: error as Error });

  it('retries up to maxRetries, waiting the computed delays, then gives up naming the attempts', async () => {
    const sleeps: number[] = [];
    let attempts = 0;
    const run = withRetries(async () => {
      attempts++;
      throw new Error('HTTP 503');
    }, retryable, policy, { sleep: async (ms) => void sleeps.push(ms), random: () => 0 });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(3);
    expect((error as RetriesExhaustedError).message).toBe('HTTP 503 (gave up after 3 attempts)');
    expect(attempts).toBe(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it('a final failure is not retried; Retry-After replaces the backoff; success returns the value', async () => {
    const sleeps: number[] = [];
    const final = withRetries(async () => {
      throw new Error('HTTP 400');
    }, (e) => ({ retryable: false, error: e as Error }), policy, { sleep: async (ms) => void sleeps.push(ms) });
    await expect(final).rejects.toThrow('HTTP 400 (not retried)');
    const value = await withRetries(async (n) => {
      if (n === 1) throw new Error('HTTP 429');
      return n;
    }, (e) => ({ retryable: true, retryAfterMs: 2500, error: e as Error }), policy, { sleep: async (ms) => void sleeps.push(ms) });
    expect(value).toBe(2);
    expect(sleeps).toEqual([2500]);
  });

  it('an abort during the wait ends it with the signal\'s reason (the real sleep)', async () => {
    const controller = new AbortController();
    const run = withRetries(async () => {
      throw new Error('down');
    }, retryable, { ...policy, minRetryDelayMs: 60_000, maxRetryDelayMs: 60_000 }, {
      sleep: abortableSleep,
      onRetry: () => controller.abort('stopped'),
    }, controller.signal);
    await expect(run).rejects.toBe('stopped');
  });
});
