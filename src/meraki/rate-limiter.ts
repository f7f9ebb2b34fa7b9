import type { Clock } from '../clock.js';
import { sleep, throwIfAborted } from '../retry/abortable.js';
import type { AbortLike } from '../retry/abortable.js';
import { TokenBucket } from './token-bucket.js';

/**
 * How a limiter slows down on 429 and recovers. The curve (docs/meraki-client.md): each 429 multiplies the
 * current rate by `slowdownFactor`; the reduced rate holds for `holdMs`, then climbs linearly by
 * `recoveryPerSecond` x the configured rate per second. From one 429 at full rate: 0.7x for 10 s, full again
 * 50 s later (about a minute), so an organization shared with another application settles near what is left.
 */
export interface AdaptiveRateOptions {
  /** The configured (and highest) rate, requests per second. */
  ratePerSecond: number;
  /** Bucket capacity, requests. */
  burst: number;
  /** Rate multiplier applied on each 429. Default 0.7. */
  slowdownFactor?: number;
  /** Milliseconds the reduced rate holds after a 429 before it climbs. Default 10000. */
  holdMs?: number;
  /** Rate regained per second after the hold, as a fraction of the configured rate. Default 0.006 (0.7 -> 1 in 50 s). */
  recoveryPerSecond?: number;
  /** Lowest rate, as a fraction of the configured rate. Default 0.1. */
  minRateFraction?: number;
}

export const DEFAULT_SLOWDOWN_FACTOR = 0.7;
export const DEFAULT_HOLD_MS = 10_000;
export const DEFAULT_RECOVERY_PER_SECOND = 0.006;
export const DEFAULT_MIN_RATE_FRACTION = 0.1;

/**
 * A token bucket that can be paused (Retry-After) and slowed down (429) and recovers with time (see above).
 * `acquire` waits, abortably, until both the pause has ended and a token is available.
 */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #bucket: TokenBucket;
  readonly #maxRate: number;
  readonly #minRate: number;
  readonly #slowdown: number;
  readonly #holdMs: number;
  readonly #climbPerMs: number;
  #pausedUntilMs = 0;
  /** The rate set by the last 429 and when it was set (null: never slowed down, or fully recovered). */
  #reduced: { rate: number; atMs: number } | null = null;

  constructor(options: AdaptiveRateOptions, clock: Clock) {
    this.#clock = clock;
    this.#maxRate = options.ratePerSecond;
    this.#bucket = new TokenBucket(options.ratePerSecond, options.burst, clock.now());
    this.#slowdown = options.slowdownFactor ?? DEFAULT_SLOWDOWN_FACTOR;
    this.#holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    this.#climbPerMs = ((options.recoveryPerSecond ?? DEFAULT_RECOVERY_PER_SECOND) * options.ratePerSecond) / 1000;
    this.#minRate = (options.minRateFraction ?? DEFAULT_MIN_RATE_FRACTION) * options.ratePerSecond;
  }

  /** The current rate, requests per second (the recovery curve at the clock's now). */
  get ratePerSecond(): number {
    this.#follow(this.#clock.now());
    return this.#bucket.ratePerSecond;
  }

  /** Milliseconds since the epoch (per the clock) before which no request may start. */
  get pausedUntilMs(): number {
    return this.#pausedUntilMs;
  }

  /** The rate the curve gives at `nowMs`. */
  #curve(nowMs: number): number {
    const r = this.#reduced;
    if (!r) return this.#maxRate;
    const climbingMs = Math.max(0, nowMs - r.atMs - this.#holdMs);
    return Math.min(this.#maxRate, r.rate + climbingMs * this.#climbPerMs);
  }

  /** Sets the bucket's rate to the curve's (tokens earned so far are kept). */
  #follow(nowMs: number): void {
    const rate = this.#curve(nowMs);
    if (rate >= this.#maxRate) this.#reduced = null;
    if (rate !== this.#bucket.ratePerSecond) this.#bucket.setRate(rate, nowMs);
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
      this.#follow(now);
      const waitMs = this.#bucket.tryTake(now);
      if (waitMs === 0) return;
      // Wake up at least once a second while climbing, so a long wait sees the rate rise.
      await sleep(this.#reduced ? Math.min(waitMs, 1000) : waitMs, signal);
    }
  }

  /** After a 429: no request starts for `waitMs`, and the rate drops by the slowdown factor (and holds again). */
  penalize(waitMs: number): void {
    const now = this.#clock.now();
    this.#pausedUntilMs = Math.max(this.#pausedUntilMs, now + waitMs);
    const rate = Math.max(this.#minRate, this.#curve(now) * this.#slowdown);
    this.#reduced = { rate, atMs: Math.max(now, this.#pausedUntilMs) };
    this.#bucket.setRate(rate, now);
  }

  /** After a success: brings the rate up to date with the recovery curve (recovery is by time, not by count). */
  reward(): void {
    this.#follow(this.#clock.now());
  }
}
