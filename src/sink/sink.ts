/**
 * Where collected data goes. `write` may buffer; `flush` resolves only when every line written so far has been
 * confirmed stored by the backend (and rejects otherwise, with nothing left pending that a later flush could
 * silently drop). The collector advances a checkpoint only after a successful `flush`.
 */
export interface Sink {
  /** A short description for logs and `check` (no secrets). */
  readonly description: string;
  /** Queues line-protocol lines (no trailing newline on each). */
  write(lines: readonly string[]): Promise<void>;
  /** Sends everything queued and confirms it was stored. */
  flush(signal?: AbortSignal): Promise<void>;
  /** Reachability probe for `check` and `/healthz`. */
  ping(signal?: AbortSignal): Promise<void>;
  /** Flushes nothing further; releases resources. Queued, unflushed lines are discarded. */
  close(): Promise<void>;
}
