/** Rejected records whose consecutive runs a state counts (bounded state, whatever the API sends). */
export const MAX_REJECTS_TRACKED = 1000;

export interface RejectHold {
  /** Where the checkpoint must stay: the oldest held bucket, 'all' (a held record without a usable time), or null. */
  hold: number | 'all' | null;
  /** The state's new `rejectHold`: record key -> consecutive runs that rejected it; null when nothing was rejected. */
  runs: Record<string, number> | null;
  /** Records given up in this run (rejected by exactly `limit` consecutive runs). */
  givenUp: string[];
}

/**
 * Decides (pure) what this run's rejected records (`client@bucketMs` -> bucket, null without a usable time) do to
 * the checkpoint. A record holds it at its bucket until `limit` consecutive runs rejected it (0: forever); then it
 * is given up, once, and never holds again while it keeps being rejected, so the checkpoint never stays behind
 * until the bucket leaves the lookback (a false gap). A run that does not reject it resets its count. Only the
 * oldest MAX_REJECTS_TRACKED records are counted; any further ones hold, uncounted.
 */
export function decideRejectHold(previous: Readonly<Record<string, number>> | undefined, rejected: ReadonlyMap<string, number | null>, limit: number): RejectHold {
  const runs: Record<string, number> = {};
  const givenUp: string[] = [];
  let hold: number | 'all' | null = null;
  const entries = [...rejected].sort((a, b) => (a[1] ?? -Infinity) - (b[1] ?? -Infinity));
  for (const [i, [key, atMs]] of entries.entries()) {
    const tracked = i < MAX_REJECTS_TRACKED;
    const n = (previous?.[key] ?? 0) + 1;
    if (tracked) runs[key] = n;
    if (tracked && limit > 0 && n >= limit) {
      if (n === limit) givenUp.push(key);
      continue;
    }
    hold = atMs === null || hold === 'all' ? 'all' : Math.min(hold ?? atMs, atMs);
  }
  return { hold, runs: rejected.size > 0 ? runs : null, givenUp };
}
