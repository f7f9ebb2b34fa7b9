import type { CheckpointStore } from '../../src/state/checkpoint-store.js';
import type { NetworkState } from '../../src/planning/network-state.js';

/** A CheckpointStore that forwards to another and counts `put` calls and their time. */
export class TimedStore implements CheckpointStore {
  readonly description: string;
  puts = 0;
  putMs = 0;

  constructor(private readonly inner: CheckpointStore) {
    this.description = inner.description;
  }

  get(key: string): Promise<NetworkState | null> {
    return this.inner.get(key);
  }

  async put(key: string, state: NetworkState): Promise<void> {
    const start = performance.now();
    try {
      await this.inner.put(key, state);
    } finally {
      this.puts++;
      this.putMs += performance.now() - start;
    }
  }

  list(): AsyncIterable<NetworkState> {
    return this.inner.list();
  }
}
