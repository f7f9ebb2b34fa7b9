/** What the collector remembers about one collection unit (a network, or a network x SSID) between runs. */
export interface NetworkState {
  /** Schema version of this record. */
  v: 1;
  orgId: string;
  networkId: string;
  networkName: string;
  /** Set for the per-SSID unit (SSID splitting). */
  ssidNumber?: number;
  /** Start of the last stored daily bucket (ms since the epoch); null before the first success. */
  checkpointMs: number | null;
  lastRunAtMs: number | null;
  /** End (t1) of the unit's last successful fetch, ms since the epoch (data freshness); absent before the first. */
  fetchedToMs?: number;
  lastResult: 'ok' | 'failed' | null;
  lastError: string | null;
  /** Points confirmed written, over the unit's life. */
  pointsWritten: number;
  /** Ranges that could not be collected any more (kept for the last 50). */
  gaps: { fromMs: number; toMs: number; recordedAtMs: number }[];
  /** Tag pins per client, see tag-pins.ts. */
  pins: Record<string, ClientPins>;
  /**
   * Bucket starts whose stored tag sets the pins know (they were read from the sink, or written by this state).
   * Absent in a new state and in states of earlier versions: the next run reads the stored tag sets (stored-pins.ts).
   */
  pinned?: { fromMs: number; toMs: number };
  /**
   * Rejected records of the last run, `client@bucketMs` (`client@?` without a usable time) -> consecutive runs
   * that rejected them; they hold the checkpoint until `collection.rejectHoldRuns` (see collect-unit.ts).
   */
  rejectHold?: Record<string, number>;
  /** Rejected records given up after `collection.rejectHoldRuns` runs, over the unit's life. */
  rejectsGivenUp?: number;
  /** Clients per usage request that worked after 5xx splitting (src/collector/adaptive-chunks.ts); absent: configured size. */
  chunkSize?: number;
  /** When chunkSize was set (ms since the epoch); it is forgotten a day later. */
  chunkSizeAtMs?: number;
  /** 'org': an organization's last result (key `org~<orgId>`, see src/collector/org-results.ts), not a unit. */
  kind?: 'org';
  /** Organization records: runs in a row that failed (0 after a success). */
  consecutiveFailures?: number;
}

/**
 * The tags (ip, ssid) a client's points were written with, as segments: `segs[i] = [fromMs, ip, ssid]` applies
 * from `fromMs` until the next segment. `lastMs` is the newest bucket written for the client.
 */
export interface ClientPins {
  lastMs: number;
  segs: [number, string, string][];
}

export const MAX_GAPS_KEPT = 50;

/** The key of a collection unit in the checkpoint store. */
export function unitKey(networkId: string, ssidNumber?: number): string {
  return ssidNumber === undefined ? networkId : `${networkId}~ssid${ssidNumber}`;
}

export function emptyState(orgId: string, networkId: string, networkName: string, ssidNumber?: number): NetworkState {
  return {
    v: 1,
    orgId,
    networkId,
    networkName,
    ...(ssidNumber === undefined ? {} : { ssidNumber }),
    checkpointMs: null,
    lastRunAtMs: null,
    lastResult: null,
    lastError: null,
    pointsWritten: 0,
    gaps: [],
    pins: {},
  };
}
