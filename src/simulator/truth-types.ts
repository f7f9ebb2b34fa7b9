/** Ground truth: what the API reports at the current simulated clock, from the same functions as the endpoints. */

/** One daily bucket of one client, kilobytes (multiples of 1/8, so sums are exact). */
export interface DayUsage {
  recvKb: number;
  sentKb: number;
}

export interface TruthFilter {
  orgId?: string;
  networkId?: string;
  /** Only buckets whose start is >= fromMs. */
  fromMs?: number;
  /** Only buckets whose start is < toMs. */
  toMs?: number;
  /** Only the part of the usage on this SSID. */
  ssidNumber?: number;
}

export interface TruthRow {
  orgId: string;
  networkId: string;
  clientId: string;
  mac: string;
  /** The bucket's start, ms since the epoch (no sub-second jitter). */
  dayStartMs: number;
  recvKb: number;
  sentKb: number;
}

export interface ClientState {
  /** The client's IP at that time. */
  ip: string;
  /** SSID number used most that day (null: wired). */
  ssidNumber: number | null;
  /** Usage on that day so far. */
  active: boolean;
}

export interface Truth {
  /**
   * Usage of one client in the bucket that contains dayStartMs (normally the bucket's start), as the API reports
   * it now; zeros on days without activity; undefined for unknown clients, days before the history or after now.
   */
  usage(networkId: string, clientId: string, dayStartMs: number, ssidNumber?: number): DayUsage | undefined;
  /** Per-SSID parts of a day's usage (empty for wired clients and inactive days). */
  ssidParts(networkId: string, clientId: string, dayStartMs: number): Map<number, DayUsage>;
  /** Every client-day with non-zero usage, in network, client, day order. */
  rows(filter?: TruthFilter): IterableIterator<TruthRow>;
  /** The truth as the API reported (or will report) it at the instant atMs, e.g. for real-clock simulators. */
  at(atMs: number): Truth;
  /** Start (ms) of the bucket containing atMs in that network (depends on the dayBoundary quirk). */
  dayStart(networkId: string, atMs: number): number;
  /** IP and SSID of a client at any time (default now, future allowed); undefined if unknown or before its first day. */
  clientAt(networkId: string, clientId: string, atMs?: number): ClientState | undefined;
}
