import type { Clock } from '../clock.js';
import { sleep, throwIfAborted } from './abortable.js';
import type { AbortLike } from './abortable.js';
import { TokenBucket } from './token-bucket.js';

/** How a limiter slows down on 429 and recovers (Meraki's SDK multiplies the rate by 0.7 on 429). */
export interface AdaptiveRateOptions {
  /** The configured (and highest) rate, requests per second. */
  ratePerSecond: number;
  /** Bucket capacity, requests. */
  burst: number;
  /** Rate multiplier applied on each 429. Default 0.7. */
  slowdownFactor?: number;
  /** Rate added per success, as a fraction of the configured rate. Default 0.02 (about 15 successes from 0.7). */
  recoveryStep?: number;
  /** Lowest rate, as a fraction of the configured rate. Default 0.1. */
  minRateFraction?: number;
}

export const DEFAULT_SLOWDOWN_FACTOR = 0.7;
export const DEFAULT_RECOVERY_STEP = 0.02;
export const DEFAULT_MIN_RATE_FRACTION = 0.1;

/**
 * A token bucket that can be paused (Retry-After) and slowed down (429) and recovers on successes.
 * `acquire` waits, abortably, until both the pause has ended and a token is available.
 */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #bucket: TokenBucket;
  readonly #maxRate: number;
  readonly #minRate: number;
  readonly #slowdown: number;
  readonly #step: number;
  #pausedUntilMs = 0;

  constructor(options: AdaptiveRateOptions, clock: Clock) {
    this.#clock = clock;
    this.#maxRate = options.ratePerSecond;
    this.#bucket = new TokenBucket(options.ratePerSecond, options.burst, clock.now());
    this.#slowdown = options.slowdownFactor ?? DEFAULT_SLOWDOWN_FACTOR;
    this.#step = (options.recoveryStep ?? DEFAULT_RECOVERY_STEP) * options.ratePerSecond;
    this.#minRate = (options.minRateFraction ?? DEFAULT_MIN_RATE_FRACTION) * options.ratePerSecond;
  }

  /** The current rate, requests per second. */
  get ratePerSecond(): number {
    return this.#bucket.ratePerSecond;
  }

  /** Milliseconds since the epoch (per the clock) before which no request may start. */
  get pausedUntilMs(): number {
    return this.#pausedUntilMs;
  }

  /** Waits for the pause to end and takes a token. Rejects with the abort reason on abort. */
  async acquire(signal?: AbortLike): Promise<void> {
    for (;;) {
      throwIfAborted(signal);
      const now = this.#clock.now();
      if (now < this.#pausedUntilMs) {
        await sleep(this.#pausedUntilMs - now, signal);
        continue;
      }
      const waitMs = this.#bucket.tryTake(now);
      if (waitMs === 0) return;
      await sleep(waitMs, signal);
    }
  }

  /** After a 429: no request starts for `waitMs`, and the rate drops by the slowdown factor. */
  penalize(waitMs: number): void {
    const now = this.#clock.now();
    this.#pausedUntilMs = Math.max(this.#pausedUntilMs, now + waitMs);
    this.#bucket.setRate(Math.max(this.#minRate, this.#bucket.ratePerSecond * this.#slowdown), now);
  }

  /** After a success: the rate recovers one step, up to the configured rate. */
  reward(): void {
    const rate = this.#bucket.ratePerSecond;
    if (rate < this.#maxRate) this.#bucket.setRate(Math.min(this.#maxRate, rate + this.#step), this.#clock.now());
  }
}
