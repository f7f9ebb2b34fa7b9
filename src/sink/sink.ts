import type { Lines } from '../transform/line-block.js';
import type { StoredSeriesReader, StoredUsageReader } from './stored-usage.js';

/**
 * Where collected data goes. `write` resolves only when every line it was given has been confirmed stored by the
 * backend (split into batches and retried inside, within bounds), and rejects otherwise. Nothing is kept queued
 * between calls, so memory stays bounded while a backend is down, and each caller (one network) knows exactly what
 * was stored: the collector advances that network's checkpoint only after its writes resolved.
 */
export interface Sink {
  /** A short description for logs and `check` (never a secret). */
  readonly description: string;
  /** Stores line-protocol lines (precision: seconds): a block of bytes, or strings without a trailing newline. */
  write(lines: Lines, signal?: AbortSignal): Promise<void>;
  /** Reachability probe for `check` and `/healthz`. */
  ping(signal?: AbortSignal): Promise<void>;
  /**
   * Reads back the usage points already stored for one unit and range (tags and values), or absent when the sink
   * cannot read back (the file sink). The collector takes a day's tag set from here when its state has none.
   */
  readonly storedUsage?: StoredUsageReader;
  /** The same points grouped by tag set, numbers only per point (what the collector reads: less memory). */
  readonly storedSeries?: StoredSeriesReader;
  /** Releases resources. */
  close(): Promise<void>;
}
