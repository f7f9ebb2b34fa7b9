/** What a route handler gets and returns. */
import type { Faults, Quirks } from './types.js';
import type { UsageModel } from './usage-model.js';
import type { SimNetwork, SimOrganization } from './world-types.js';

export interface RouteContext {
  model: UsageModel;
  seed: number;
  quirks: Readonly<Quirks>;
  faults: Readonly<Faults>;
  /** Simulated time of the request, ms. */
  nowMs: number;
  query: URLSearchParams;
  /** The raw query string, without "?". */
  rawQuery: string;
  /** Scheme, host and path for Link URLs (the host is chosen by quirks and faults). */
  linkBase: string;
  /** Sequence number of the request (drives deterministic jitter and faults). */
  requestSeq: number;
  /** Organizations the API key may see. */
  visible(org: SimOrganization): boolean;
}

export interface RouteResult {
  /** JSON text of the answer. */
  body: string;
  link?: string;
}

/** A matched route: its endpoint name, its organization (for rate limits) and the handler to run. */
export interface RouteMatch {
  endpoint: string;
  org?: SimOrganization;
  network?: SimNetwork;
  run(ctx: RouteContext): RouteResult;
}
