/** Retry waits (pure): exponential backoff with jitter, `random` injected (in [0, 1)). */

/** The exponential ceiling before retry number `retry` (1-based): baseMs * 2^(retry-1), at most maxMs. */
function ceilingMs(retry: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
}

/** Full-jitter exponential backoff (the Meraki client): uniform in [0, ceiling), whole milliseconds. */
export function fullJitterMs(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  return Math.floor(random() * ceilingMs(retry, baseMs, maxMs));
}

/** Equal-jitter exponential backoff (the sinks): uniform in [ceiling / 2, ceiling], rounded to milliseconds. */
export function equalJitterMs(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = ceilingMs(retry, baseMs, maxMs);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
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
