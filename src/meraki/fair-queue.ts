import { abortReason, onAbort, type AbortLike } from '../retry/abortable.js';
import type { RateLimiter } from './rate-limiter.js';

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortLike;
  unsubscribe: () => void;
}

/**
 * Hands out a shared limiter's tokens round-robin over keys (organizations): one waiter at a time takes a token,
 * the next waiter comes from the next key that has one. However many requests one organization queues, every
 * other organization waiting gets a token in each round, so one huge organization cannot starve the others.
 */
export class FairQueue {
  /** Waiters per key; the Map's order is the round (a key served moves to the end). */
  readonly #queues = new Map<string, Waiter[]>();
  #pumping = false;

  constructor(private readonly limiter: RateLimiter) {}

  /** Number of waiters (all keys). */
  get waiting(): number {
    let n = 0;
    for (const q of this.#queues.values()) n += q.length;
    return n;
  }

  /** Resolves when `key`'s turn has come and a token of the limiter was taken; rejects with the abort reason. */
  acquire(key: string, signal?: AbortLike): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, unsubscribe: () => {} };
      waiter.unsubscribe = onAbort(signal, () => {
        if (this.#remove(key, waiter)) reject(abortReason(signal as NonNullable<AbortLike>));
      });
      const queue = this.#queues.get(key);
      if (queue) queue.push(waiter);
      else this.#queues.set(key, [waiter]);
      void this.#pump();
    });
  }

  #remove(key: string, waiter: Waiter): boolean {
    const queue = this.#queues.get(key);
    const at = queue ? queue.indexOf(waiter) : -1;
    if (!queue || at < 0) return false;
    queue.splice(at, 1);
    if (queue.length === 0) this.#queues.delete(key);
    return true;
  }

  /** The next waiter in round-robin order, taken out of its queue. */
  #next(): Waiter | undefined {
    for (const [key, queue] of this.#queues) {
      const waiter = queue.shift();
      this.#queues.delete(key);
      if (queue.length > 0) this.#queues.set(key, queue);
      if (waiter) return waiter;
    }
    return undefined;
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (let waiter = this.#next(); waiter; waiter = this.#next()) {
        waiter.unsubscribe();
        try {
          await this.limiter.acquire(waiter.signal);
          waiter.resolve();
        } catch (err) {
          waiter.reject(err);
        }
      }
    } finally {
      this.#pumping = false;
    }
  }
}
