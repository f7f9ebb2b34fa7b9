/**
 * A semaphore whose free slots go round-robin over keys (organizations): when a slot frees up, the next key in
 * turn that has a task waiting gets it. Caps the networks in flight over all organizations without letting the
 * organizations listed first take every slot.
 */
export class FairSlots {
  #free: number;
  /** Waiting tasks per key; the Map's order is the round (a key served moves to the end). */
  readonly #queues = new Map<string, (() => void)[]>();

  constructor(size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`Expected \`size\` to be an integer >= 1, got ${size}`);
    this.#free = size;
  }

  /** Runs `task` once `key` has a slot; the slot is given back when it settles. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    await this.#take(key);
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #take(key: string): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const queue = this.#queues.get(key);
      if (queue) queue.push(resolve);
      else this.#queues.set(key, [resolve]);
    });
  }

  #release(): void {
    for (const [key, queue] of this.#queues) {
      const next = queue.shift();
      this.#queues.delete(key);
      if (queue.length > 0) this.#queues.set(key, queue);
      if (next) return next();
    }
    this.#free++;
  }
}
