/** Retry waits (pure). */

/** Full-jitter exponential backoff: uniform in [0, min(maxMs, baseMs * 2^(retry-1))]; `retry` starts at 1. */
export function fullJitterMs(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

export interface RetryWaitInput {
  retry: number;
  status: number | null;
  retryAfterMs: number | undefined;
  baseMs: number;
  maxMs: number;
  maxRetryAfterMs: number;
  random: () => number;
}

/**
 * How long to wait before retry number `retry`: the server's Retry-After (capped at maxRetryAfterMs) when
 * given, else full-jitter backoff; a 429 without Retry-After waits at least `baseMs`.
 */
export function retryWaitMs(input: RetryWaitInput): number {
  if (input.retryAfterMs !== undefined && input.retryAfterMs > 0) {
    return Math.min(input.retryAfterMs, input.maxRetryAfterMs);
  }
  const jitter = fullJitterMs(input.retry, input.baseMs, input.maxMs, input.random);
  return input.status === 429 ? Math.max(input.baseMs, jitter) : jitter;
}
