/**
 * A semaphore whose slots go round-robin over keys (organizations): every waiting key gets a slot in turn, the
 * first ones too (slots are handed out on the next turn of the event loop, once every organization queued its
 * tasks, not first come first served). Caps the networks in flight over all organizations without letting the
 * organizations listed first take every slot.
 */
export class FairSlots {
  #free: number;
  /** Waiting tasks per key; the Map's order is the round (a key served moves to the end). */
  readonly #queues = new Map<string, (() => void)[]>();
  #scheduled = false;

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
      this.#free++;
      this.#dispatch();
    }
  }

  #take(key: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const queue = this.#queues.get(key);
      if (queue) queue.push(resolve);
      else this.#queues.set(key, [resolve]);
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#dispatch();
        });
      }
    });
  }

  /** Gives the free slots to the waiting keys, one per key per round. */
  #dispatch(): void {
    while (this.#free > 0 && this.#queues.size > 0) {
      const [key, queue] = this.#queues.entries().next().value as [string, (() => void)[]];
      const next = queue.shift();
      this.#queues.delete(key);
      if (queue.length > 0) this.#queues.set(key, queue);
      if (next) {
        this.#free--;
        next();
      }
    }
  }
}
