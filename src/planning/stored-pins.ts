import type { ClientPins } from './network-state.js';
import { DAY_MS, type Window } from './windows.js';
import { groupBy } from '../group-by.js';

/**
 * One stored tag set and its bucket starts (times ascending), as the sink reads it back (`StoredSeries` of
 * sink/stored-usage.ts has this shape; declared here so that planning imports nothing of the sink).
 */
export interface StoredSeries {
  readonly tags: { readonly client: string; readonly ip?: string; readonly ssid?: string };
  readonly timesMs: readonly number[];
}

/**
 * Whether a unit must read the tag sets already stored for its window before writing (DESIGN invariant 2: the
 * database is the truth, the state a cache). True when the state knows nothing of the window's start (no state, a
 * state of an earlier version, a backfill or settle window reaching before what it knows) or when a whole (UTC)
 * day began and ended since it last wrote (another instance may have written it: a resharded organization, a
 * backfill from another machine). False on the ordinary next run, hourly or daily: one read per unit after a loss,
 * not one per run.
 */
export function needsStoredTags(pinned: { fromMs: number; toMs: number } | undefined, window: Window): boolean {
  if (!pinned) return true;
  const firstDayAfter = Math.floor(pinned.toMs / DAY_MS) * DAY_MS + DAY_MS;
  return window.t0Ms < pinned.fromMs || firstDayAfter + DAY_MS <= window.t1Ms;
}

/**
 * The range to read: the window, and one bucket before it (a bucket that overlaps t0 is served whole, and its
 * stored point carries the bucket's start).
 */
export function storedTagsRange(window: Window): { fromMs: number; toMs: number } {
  return { fromMs: window.t0Ms - DAY_MS, toMs: window.t1Ms };
}

/**
 * Tag pins that make every (client, day) already stored be written again under the tag set it is stored with:
 * per client, one segment per change of (ip, ssid) across its stored days, and `lastMs` its newest stored day, so
 * that later days take the current tags (see tag-pins.ts). A day stored under two tag sets already (a duplicate
 * from before) keeps the one that continues the previous day's, else the first; `verify --repair` removes the
 * other. Works on the series (times ascending) without an object per point.
 */
export function pinsFromStored(series: readonly StoredSeries[]): Record<string, ClientPins> {
  const byClient = groupBy(series.filter((s) => s.timesMs.length > 0), (s) => s.tags.client);
  const pins: Record<string, ClientPins> = {};
  for (const [client, list] of byClient) pins[client] = clientPins(list);
  return pins;
}

/** Merges one client's series day by day (usually 1 to 3 series). */
function clientPins(list: readonly StoredSeries[]): ClientPins {
  const at = list.map(() => 0);
  const entry: ClientPins = { lastMs: -Infinity, segs: [] };
  for (;;) {
    let dayMs = Infinity;
    for (let k = 0; k < list.length; k++) if (at[k]! < list[k]!.timesMs.length) dayMs = Math.min(dayMs, list[k]!.timesMs[at[k]!]!);
    if (dayMs === Infinity) return entry;
    const last = entry.segs[entry.segs.length - 1];
    let pick: StoredSeries | undefined;
    for (let k = 0; k < list.length; k++) {
      const s = list[k]!;
      if (s.timesMs[at[k]!] !== dayMs) continue;
      at[k]!++;
      if (!pick || (last && (s.tags.ip ?? '') === last[1] && (s.tags.ssid ?? '') === last[2])) pick = s;
    }
    const ip = pick!.tags.ip ?? '';
    const ssid = pick!.tags.ssid ?? '';
    if (!last || last[1] !== ip || last[2] !== ssid) entry.segs.push([dayMs, ip, ssid]);
    entry.lastMs = dayMs;
  }
}

/** What the pins know after a unit stored its window: from the window's start (or earlier) to its end. */
export function pinnedAfter(pinned: { fromMs: number; toMs: number } | undefined, readBack: boolean, window: Window): { fromMs: number; toMs: number } {
  const fromMs = storedTagsRange(window).fromMs;
  return { fromMs: readBack || !pinned ? fromMs : Math.min(pinned.fromMs, fromMs), toMs: window.t1Ms };
}
