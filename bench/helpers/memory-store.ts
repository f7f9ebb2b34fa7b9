import type { CheckpointStore } from '../../src/state/checkpoint-store.js';
import type { NetworkState } from '../../src/planning/network-state.js';

/** A CheckpointStore in memory: records serialised as JSON (the file store's CPU cost) but never fsynced. */
export class MemoryStore implements CheckpointStore {
  readonly description = 'memory (JSON, no fsync)';
  readonly #records = new Map<string, string>();

  async get(key: string): Promise<NetworkState | null> {
    const text = this.#records.get(key);
    return text === undefined ? null : (JSON.parse(text) as NetworkState);
  }

  async put(key: string, state: NetworkState): Promise<void> {
    this.#records.set(key, JSON.stringify(state));
  }

  async *list(): AsyncIterable<NetworkState> {
    for (const text of this.#records.values()) yield JSON.parse(text) as NetworkState;
  }
}
