/** Incremental window planning (pure). Times are milliseconds since the epoch. */

export const DAY_MS = 86_400_000;
/** Keep t0 this far inside the API's lookback so that clock skew never turns a request into a 400. */
export const LOOKBACK_MARGIN_MS = 120_000;

export interface WindowInput {
  /** Start of the last stored daily bucket, or null before the first successful run. */
  checkpointMs: number | null;
  nowMs: number;
  lookbackSeconds: number;
  mode: 'incremental' | 'backfill';
  /** Backfill only: where to start (default: the whole lookback). */
  sinceMs?: number;
  /** Closed daily buckets before the open one that are fetched again on every run (`collection.settleDays`). */
  settleDays?: number;
}

export interface Window {
  t0Ms: number;
  t1Ms: number;
  /** Data that was already out of the API's reach: never collected, recorded as a gap. */
  gap: { fromMs: number; toMs: number } | null;
}

/**
 * t0 is the checkpoint (the still-open bucket is fetched again and overwritten), clamped to the lookback.
 * A first run, or a backfill, starts at the oldest instant the API still serves (or `sinceMs`).
 * A checkpoint (or `sinceMs`) older than the lookback yields a gap from there to the clamped t0.
 * The settle window moves t0 earlier still, to `settleDays` UTC days before today's start (a bucket that overlaps
 * t0 is served whole, so at least `settleDays` closed buckets are fetched whatever the network's time zone): days
 * Meraki may still add to are overwritten. The checkpoint keeps marking the newest stored bucket; t0 is the earlier
 * of the two. No gap comes from the settle window (it only ever moves t0 back).
 */
export function planWindow(input: WindowInput): Window {
  const oldest = input.nowMs - input.lookbackSeconds * 1000 + LOOKBACK_MARGIN_MS;
  const wanted = input.mode === 'backfill' ? (input.sinceMs ?? oldest) : (input.checkpointMs ?? oldest);
  const t0Ms = Math.min(Math.max(Math.min(wanted, settleStartMs(input.nowMs, input.settleDays ?? 0)), oldest), input.nowMs);
  // A gap is data once wanted that can no longer be had. In a backfill, what lies before the checkpoint was
  // collected already, so only what lies beyond the checkpoint (or `sinceMs`) counts.
  const cp = input.checkpointMs;
  let gapFrom: number | null = cp;
  if (input.mode === 'backfill') gapFrom = cp === null ? wanted : Math.max(input.sinceMs ?? cp, cp);
  const gap = gapFrom !== null && gapFrom < t0Ms ? { fromMs: gapFrom, toMs: t0Ms } : null;
  return { t0Ms, t1Ms: input.nowMs, gap };
}

/**
 * The next checkpoint after storing a window: the start of the newest bucket stored, never moving backwards.
 * With no bucket at all (no clients), t1 - 1 day: at or before the start of the bucket still open at t1.
 */
export function nextCheckpoint(previousMs: number | null, newestBucketMs: number | null, t1Ms: number): number {
  const candidate = newestBucketMs ?? t1Ms - DAY_MS;
  return previousMs === null ? candidate : Math.max(previousMs, candidate);
}

/** Start of the settle window: `settleDays` UTC days before the start of the UTC day of `nowMs`; 0 days = never. */
export function settleStartMs(nowMs: number, settleDays: number): number {
  return settleDays > 0 ? Math.floor(nowMs / DAY_MS) * DAY_MS - settleDays * DAY_MS : Infinity;
}
