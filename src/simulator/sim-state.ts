/** The mutable state of one running simulator, shared by its request handlers (never module-level). */
import type { Calendars } from './day-buckets.js';
import type { LiveCounters } from './counters.js';
import type { ResolvedOptions } from './options.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RouteResult } from './route-types.js';
import type { Truth } from './truth-types.js';
import type { Faults, OrgFault, Quirks, SimClock } from './types.js';
import type { UsageModel } from './usage-model.js';
import type { SimWorld } from './world-types.js';

export interface Origins {
  /** "http://127.0.0.1:PORT" */
  primary: string;
  /** "http://localhost:PORT" */
  shard: string;
  /** "http://127.0.0.1:PORT2" */
  untrusted: string;
}

export interface SimState {
  readonly options: ResolvedOptions;
  readonly clock: SimClock;
  readonly world: SimWorld;
  readonly calendars: Calendars;
  readonly model: UsageModel;
  readonly truth: Truth;
  readonly counters: LiveCounters;
  readonly limiter: RateLimiter;
  /** Organization id -> how it fails (orgFaults). */
  readonly orgFaults: ReadonlyMap<string, OrgFault>;
  quirks: Quirks;
  faults: Faults;
  /** Requests received so far (each gets the next number). */
  seq: number;
  origins: Origins;
  /** Timers of delayed (slow) responses, cleared on stop. */
  readonly timers: Set<NodeJS.Timeout>;
  /** Answers kept by `cacheResponses` (null when off). */
  readonly responses: ResponseCache | null;
}

/** Answers by request, valid for the quirks and faults they were computed under (both are replaced on change). */
export interface ResponseCache {
  quirks: Quirks | null;
  faults: Faults | null;
  readonly answers: Map<string, RouteResult>;
}
