import type { NetworkState } from '../planning/network-state.js';

/**
 * Where NetworkState records live between runs. `put` is atomic: after a crash at any moment a later `get`
 * returns the previous or the new record, never a broken one.
 */
export interface CheckpointStore {
  readonly description: string;
  get(key: string): Promise<NetworkState | null>;
  put(key: string, state: NetworkState): Promise<void>;
  /** Every record (for `status`), one at a time so memory stays bounded. */
  list(): AsyncIterable<NetworkState>;
}
