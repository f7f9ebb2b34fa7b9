/** Public types of the Meraki Dashboard API simulator (see docs/simulator.md). */
import type { Clock } from '../clock.js';
import type { SimWorld } from './world-types.js';
import type { Truth } from './truth-types.js';
import type { Counters } from './counters-types.js';

export type { SimWorld } from './world-types.js';
export type { Truth, TruthRow, TruthFilter, DayUsage } from './truth-types.js';
export type { Counters, RateCounter, HostKind } from './counters-types.js';

/** Rate limits (requests per second, token buckets). `false` disables rate limiting. */
export interface RateOptions {
  /** Refill of each organization's bucket, requests per second (Meraki: 10). */
  perOrgPerSecond: number;
  /** Extra capacity of each organization's bucket on top of perOrgPerSecond, requests (Meraki: 10). */
  orgBurst: number;
  /** Refill and capacity of each source IP's bucket, requests per second (Meraki: 100). */
  perIpPerSecond: number;
}

/** Documented or possible behaviours of the real API, each switchable. */
export interface Quirks {
  /** usageHistories buckets say `received` instead of `recv`. Default false. */
  receivedField: boolean;
  /** Bucket `ts` values carry random sub-second digits (`.090210`) instead of `.000000`. Default false. */
  tsJitter: boolean;
  /** Link header writes `rel="next"` instead of `rel=next`. Default false. */
  quotedRel: boolean;
  /** Link header URLs point at the shard host name (localhost) instead of the host asked. Default false. */
  shardLinks: boolean;
  /** Every /api/v1 request to the primary host (127.0.0.1) is redirected to the shard host. Default false. */
  redirectToShard: boolean;
  /** HTTP status of redirects (307 or 308 keep the method; 301/302 are allowed too). Default 307. */
  redirectStatus: 301 | 302 | 307 | 308;
  /** Daily buckets start at UTC midnight or at midnight in the network's time zone (unconfirmed). Default 'utc'. */
  dayBoundary: 'utc' | 'networkTimeZone';
  /** usageHistories pages over the requested clients (default) or over the days of the window (unconfirmed). */
  usageHistoriesPagination: 'clients' | 'days';
  /** t0's 31-day lookback is measured from now (default) or from the start of today (UTC, lenient). */
  lookbackFrom: 'now' | 'today';
  /** Link header has first/prev/next/last (true, default) or only first/next/last. */
  prevLinks: boolean;
  /**
   * Late data: a day's usage keeps growing for this many hours after its bucket closed (0-48; 0 = off, default).
   * The endpoints serve the growing values; the truth holds the final ones (see docs/simulator.md).
   */
  lateDataHours: number;
  /** usageHistories requests naming more than N clients answer 502 (large pages failing); 0 (default): off. */
  usage502AboveClients: number;
}

/** How an organization fails (every request of that kind, after the rate limit): see docs/simulator.md. */
export type OrgFault = 'forbidden' | 'networksServerError' | 'usageServerError';

/** An organization (0-based index in the world) that fails. */
export interface OrgFaultSpec {
  org: number;
  fault: OrgFault;
}

/** Another application spending part of some organizations' budgets (real time, like the rate limits). */
export interface OtherApplication {
  /** Organizations (0-based indexes) it uses. */
  orgs: number[];
  /** Requests per second it takes from each of those organizations' buckets. */
  perSecond: number;
}

/** Failure injection. Rates are probabilities 0..1 per request (per record for malformedRecordRate). */
export interface Faults {
  /** 500/502/503/504, some with Retry-After. */
  serverErrorRate: number;
  /** Responses delayed by slowMs. */
  slowRate: number;
  /** Delay of a slow response, milliseconds. Default 2000. */
  slowMs: number;
  /** The socket is destroyed without an answer. */
  resetRate: number;
  /** A 200 whose JSON body is cut in the middle (Content-Length matches the cut body). */
  truncatedRate: number;
  /** A 200 whose body is not JSON at all. */
  invalidJsonRate: number;
  /** Per usage bucket: a missing field, a negative or a non-numeric value (usage endpoints only). */
  malformedRecordRate: number;
  /** Per (client, day): the bucket is malformed in every response (a permanently bad record; `ts` kept). */
  stickyMalformedRate: number;
  /** A 3xx redirect to the untrusted host (which must not receive the API key). */
  untrustedRedirectRate: number;
  /** Link header URLs on the untrusted host (paginated answers only). */
  untrustedLinkRate: number;
}

export interface SimulatorOptions {
  /** Seed of everything random; same seed, same world, same faults. Default 1. */
  seed?: number;
  /** Organizations. Default 1. */
  orgs?: number;
  /** Networks per organization. Default 3. */
  networksPerOrg?: number;
  /** Clients per network. Default 50. */
  clientsPerNetwork?: number;
  /** Initial simulated time (ms since the epoch, manual until set/advance) or 'real' (wall clock). Default 'real'. */
  now?: number | 'real';
  /** Days of usage that exist before the initial "now". Default 400. */
  historyDays?: number;
  /** Rate limits, or false for none. Default { perOrgPerSecond: 10, orgBurst: 10, perIpPerSecond: 100 }. */
  rate?: RateOptions | false;
  /** Longest path+query accepted, characters; longer gets 414. Default 8192. */
  maxUrlLength?: number;
  /** Accepted API keys; default: any non-empty key. */
  apiKeys?: string[];
  /** Organization ids each key may see; keys not listed see every organization. */
  keyOrgs?: Record<string, string[]>;
  /** The last N organizations have api.enabled false and answer 403. Default 0. */
  apiDisabledOrgs?: number;
  quirks?: Partial<Quirks>;
  faults?: Partial<Faults>;
  /** TCP port of the main listener (127.0.0.1). Default 0: any free port. */
  port?: number;
  /** TCP port of the untrusted listener (127.0.0.1). Default 0: any free port. */
  untrustedPort?: number;
  /**
   * Answer a request met before (same host, path, query, key and simulated time, quirks unchanged, no ts jitter,
   * every fault rate 0) with the same answer kept in memory instead of computing it again. For benchmarks: the real API's CPU is
   * not on the collector's machine. Counting, auth and rate limits are unchanged. Default false.
   */
  cacheResponses?: boolean;
  /**
   * IANA time zones of the networks, given in turn (the i-th network of the world gets timeZones[i % length]).
   * Default: drawn from a pool by the seed. With the dayBoundary quirk, buckets follow these zones' midnights.
   */
  timeZones?: string[];
  /** Organizations that fail: `forbidden` (403 on everything, the key lost access), `networksServerError` (500 on the network list), `usageServerError` (502 on usage requests). Default none. */
  orgFaults?: OrgFaultSpec[];
  /** Another application spending `perSecond` of each listed organization's budget. Default none. */
  otherApplication?: OtherApplication;
  /**
   * Serve HTTPS instead of HTTP on both listeners with this certificate and key (PEM); the certificate must name
   * 127.0.0.1 and localhost (the shard host). The URLs then start with https://. Default: plain HTTP.
   */
  tls?: { cert: string; key: string };
  /**
   * Usage grows by this many percent per month (30.44 days), compounding per day from the first day of the
   * history (the weekday/weekend pattern stays). Default 0.
   */
  growthPctPerMonth?: number;
  /** Clients arrive and leave during the history (default true); false keeps every client for the whole history. */
  churn?: boolean;
}

/** The simulated clock; `set` and `advance` work in both manual and real mode (real mode keeps an offset). */
export interface SimClock extends Clock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export interface Simulator {
  /** "http://127.0.0.1:PORT/api/v1" */
  readonly url: string;
  /** "http://localhost:PORT/api/v1": same data on another host name (a Meraki shard). */
  readonly shardUrl: string;
  /** "http://127.0.0.1:PORT2/api/v1": a foreign host that serves the same data and records every key it gets. */
  readonly untrustedUrl: string;
  /** Base of the /_sim endpoints, "http://127.0.0.1:PORT/_sim". */
  readonly adminUrl: string;
  readonly clock: SimClock;
  readonly world: SimWorld;
  readonly truth: Truth;
  /** A snapshot, taken at each read. */
  readonly counters: Counters;
  /** TCP connections accepted so far by both listeners (a proxy's CONNECT tunnel is one of them). */
  readonly connections: number;
  readonly quirks: Readonly<Quirks>;
  readonly faults: Readonly<Faults>;
  setQuirks(q: Partial<Quirks>): void;
  setFaults(f: Partial<Faults>): void;
  resetCounters(): void;
  stop(): Promise<void>;
}
