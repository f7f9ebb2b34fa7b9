import type { Lines } from '../transform/line-block.js';

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
  /** Releases resources. */
  close(): Promise<void>;
}
