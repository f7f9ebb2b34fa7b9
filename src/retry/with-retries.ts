import { sleep } from './abortable.js';
import { equalJitterMs } from './backoff.js';

/**
 * A bounded retry loop around one async attempt (the sinks' writes): exponential backoff with jitter, the server's
 * `Retry-After` (parsed by `parseRetryAfterMs`: seconds or an HTTP date, as RFC 9110 says, unlike influxdb-client
 * 1.35 which reads milliseconds), capped, and an AbortSignal honoured at every wait. The Meraki client's runner
 * keeps its own loop (redirects, rate limiters) over the same waits (`backoff.ts`, `abortable.ts`).
 */

export interface RetryPolicy {
  /** Retries after the first attempt (so at most `maxRetries + 1` attempts). Default 5. */
  maxRetries: number;
  /** First backoff delay, milliseconds; doubles on each retry. Default 1000. */
  minRetryDelayMs: number;
  /** Longest backoff delay, milliseconds. Default 30000. */
  maxRetryDelayMs: number;
  /** Cap on one `Retry-After` wait, milliseconds. Default 60000. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 5,
  minRetryDelayMs: 1000,
  maxRetryDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
});

/** What went wrong in one attempt, and whether trying again can help. */
export interface AttemptFailure {
  retryable: boolean;
  /** Server-requested wait before the next attempt, milliseconds (already parsed from seconds). */
  retryAfterMs?: number;
  error: Error;
}

/** Waits `ms` milliseconds; rejects with the signal's reason as soon as it aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real, abortable timer (`abortable.ts`); tests inject their own. */
export const abortableSleep: Sleep = sleep;

/** Raised when the attempts are spent or the failure is final; `cause` is the last attempt's error. */
export class RetriesExhaustedError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly retryable: boolean,
    cause: Error,
  ) {
    super(message, { cause });
    this.name = 'RetriesExhaustedError';
  }
}

export interface RetryHooks {
  sleep: Sleep;
  /** Called before each wait (for logs). */
  onRetry?: (failure: AttemptFailure, attempt: number, delayMs: number) => void;
  /** Source of jitter in [0, 1). Default Math.random. */
  random?: () => number;
}

/**
 * Runs `attempt` until it resolves, a failure is not retryable, or `policy.maxRetries` retries are spent.
 * An abort of `signal` ends everything at once with the signal's reason.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  classify: (error: unknown) => AttemptFailure,
  policy: RetryPolicy,
  hooks: RetryHooks,
  signal?: AbortSignal,
): Promise<T> {
  for (let n = 1; ; n++) {
    signal?.throwIfAborted();
    let failure: AttemptFailure;
    try {
      return await attempt(n);
    } catch (error) {
      signal?.throwIfAborted();
      failure = classify(error);
    }
    if (!failure.retryable || n > policy.maxRetries) {
      const why = failure.retryable ? `gave up after ${n} attempts` : 'not retried';
      throw new RetriesExhaustedError(`${failure.error.message} (${why})`, n, failure.retryable, failure.error);
    }
    const delayMs = retryDelayMs(n, failure.retryAfterMs, policy, hooks.random ?? Math.random);
    hooks.onRetry?.(failure, n, delayMs);
    await hooks.sleep(delayMs, signal);
  }
}

/** Delay before retry number `retry` (1-based): Retry-After when given (capped), else full-jitter exponential. */
export function retryDelayMs(retry: number, retryAfterMs: number | undefined, policy: RetryPolicy, random: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 0), policy.maxRetryAfterMs);
  return equalJitterMs(retry, policy.minRetryDelayMs, policy.maxRetryDelayMs, random);
}

/** Checks a policy once, naming the option at fault. */
export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const { maxRetries, minRetryDelayMs, maxRetryDelayMs, maxRetryAfterMs } = policy;
  for (const [key, value] of Object.entries({ maxRetries, minRetryDelayMs, maxRetryDelayMs, maxRetryAfterMs })) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`Expected \`${key}\` to be a non-negative number, got ${value}`);
  }
  if (!Number.isInteger(policy.maxRetries)) throw new RangeError(`Expected \`maxRetries\` to be an integer, got ${policy.maxRetries}`);
  return policy;
}
