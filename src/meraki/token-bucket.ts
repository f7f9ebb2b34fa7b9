/**
 * A token bucket (pure: time is passed in). Tokens refill continuously at `ratePerSecond` up to `capacity`;
 * a request takes one token. In any window of T seconds it admits at most `capacity + rate * T` requests.
 */
export class TokenBucket {
  #rate: number;
  readonly capacity: number;
  #tokens: number;
  #lastMs: number;

  /** `ratePerSecond` > 0; `capacity` >= 1 (the burst, in requests); starts full at `nowMs`. */
  constructor(ratePerSecond: number, capacity: number, nowMs: number) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new TypeError(`Expected \`ratePerSecond\` to be a positive number, got ${ratePerSecond}`);
    }
    if (!(capacity >= 1) || !Number.isFinite(capacity)) {
      throw new TypeError(`Expected \`capacity\` to be a number >= 1, got ${capacity}`);
    }
    this.#rate = ratePerSecond;
    this.capacity = capacity;
    this.#tokens = capacity;
    this.#lastMs = nowMs;
  }

  get ratePerSecond(): number {
    return this.#rate;
  }

  #refill(nowMs: number): void {
    const elapsedMs = Math.max(0, nowMs - this.#lastMs);
    this.#tokens = Math.min(this.capacity, this.#tokens + (elapsedMs * this.#rate) / 1000);
    this.#lastMs = Math.max(this.#lastMs, nowMs);
  }

  /** Tokens available at `nowMs` (fractional). */
  available(nowMs: number): number {
    this.#refill(nowMs);
    return this.#tokens;
  }

  /** Takes a token and returns 0, or returns how many milliseconds until one is available (nothing taken). */
  tryTake(nowMs: number): number {
    this.#refill(nowMs);
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.#tokens) * 1000) / this.#rate - 1e-9));
  }

  /** Changes the refill rate from `nowMs` on (tokens earned so far are kept). */
  setRate(ratePerSecond: number, nowMs: number): void {
    if (!(ratePerSecond > 0)) throw new TypeError(`Expected \`ratePerSecond\` to be positive, got ${ratePerSecond}`);
    this.#refill(nowMs);
    this.#rate = ratePerSecond;
  }
}
