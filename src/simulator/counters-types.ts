/** Request counters of the simulator (a snapshot). Rates use the real clock, never the simulated one. */

export type HostKind = 'primary' | 'shard' | 'untrusted';

export interface RateCounter {
  /** Requests received (429s included). */
  requests: number;
  /** Requests answered 429. */
  throttled: number;
  /** Most requests received in any sliding one-second window. */
  peakPerSecond: number;
}

export interface Counters {
  /** Every request to /api/v1 on any host. */
  requests: number;
  throttled: number;
  /** Keyed by organization id (network endpoints count for the network's organization). */
  byOrg: Record<string, RateCounter>;
  /** Keyed by source IP address. */
  byIp: Record<string, RateCounter>;
  /** Keyed by endpoint name, e.g. "usageHistories", "clients", "networks". */
  byEndpoint: Record<string, number>;
  /** Keyed by HTTP status (or "reset" for destroyed connections). */
  byStatus: Record<string, number>;
  /** Fingerprints (keyFingerprint) of the API keys received, by host. */
  keysSeen: Record<HostKind, string[]>;
  /** Requests that carried an API key, by host. */
  keyedRequests: Record<HostKind, number>;
  /** Requests answered from memory (`cacheResponses`). */
  cachedAnswers: number;
  /**
   * Faults injected (see Faults), by kind: "reset", "serverError", "slow", "truncated", "invalidJson",
   * "untrustedRedirect". Counted when applied to an answer, not when rolled.
   */
  faultsInjected: Record<string, number>;
}
