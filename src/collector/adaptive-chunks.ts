import type { Logger } from '../log/logger.js';
import { MerakiApiError } from '../meraki/index.js';
import type { NetworkState } from '../planning/network-state.js';

/** A remembered working size older than this is forgotten: one run a day probes the configured size again. */
const CHUNK_SIZE_MEMORY_MS = 24 * 3600 * 1000;

/** The pending chunks of a unit and the size requests start at (the configured one, or the remembered smaller one). */
export class AdaptiveChunks {
  readonly pending: string[][];

  /** `chunks` as the URL-length planner made them; `nowMs` the unit's window end (now). */
  constructor(
    chunks: string[][],
    private readonly state: NetworkState,
    private readonly nowMs: number,
    private readonly logger: Logger,
    private readonly where: { network: string },
  ) {
    const remembered = state.chunkSize !== undefined && nowMs - (state.chunkSizeAtMs ?? 0) < CHUNK_SIZE_MEMORY_MS ? state.chunkSize : undefined;
    if (remembered === undefined) {
      delete state.chunkSize;
      delete state.chunkSizeAtMs;
    }
    this.pending = remembered === undefined ? chunks : resplit(chunks, remembered);
  }

  next(): string[] | undefined {
    return this.pending.shift();
  }

  /**
   * After `chunk` failed with `err`: true when the chunk was split in two and put back first (414, or a 5xx
   * after its retries: large pages that fail where smaller requests work), false when the error is final.
   * A 5xx split lowers the working size for every later chunk of the unit and is remembered in the state.
   */
  splitAfter(err: unknown, chunk: string[]): boolean {
    if (!(err instanceof MerakiApiError) || err.status === undefined || chunk.length <= 1) return false;
    const half = Math.ceil(chunk.length / 2);
    if (err.status === 414) {
      this.logger.warn('URL too long (414): splitting the client chunk', { ...this.where, clients: chunk.length });
      this.pending.unshift(chunk.slice(0, half), chunk.slice(half));
      return true;
    }
    if (err.status < 500) return false;
    this.logger.warn('usage request kept failing with a server error: splitting the client chunk', {
      ...this.where, clients: chunk.length, status: err.status, workingSize: half,
    });
    this.state.chunkSize = Math.min(this.state.chunkSize ?? half, half);
    this.state.chunkSizeAtMs = this.nowMs;
    const rest = resplit([chunk, ...this.pending.splice(0)], this.state.chunkSize);
    this.pending.push(...rest);
    return true;
  }
}

/** The same ids in the same order, in chunks of at most `size`. */
function resplit(chunks: string[][], size: number): string[][] {
  const out: string[][] = [];
  for (const chunk of chunks) {
    if (chunk.length <= size) out.push(chunk);
    else for (let i = 0; i < chunk.length; i += size) out.push(chunk.slice(i, i + size));
  }
  return out;
}
