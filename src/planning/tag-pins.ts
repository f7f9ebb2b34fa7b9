import type { ClientPins } from './network-state.js';

export interface PinnedTags {
  ip: string;
  ssid: string;
}

/** The tags to write, and whether the pins changed (and so must be saved before the write). */
export interface PinResult extends PinnedTags {
  changed: boolean;
}

/**
 * Keeps the tag set of a (client, day) point stable across runs (DESIGN invariant 1). The API only reports a
 * client's *current* IP (and discovery its current SSID), so a day fetched again after the client moved would
 * otherwise be written as a second series and counted twice. Rules, per client:
 * - a day at or before the newest day already written takes the tags of the segment covering it (or the first
 *   segment, for days older than anything written), so re-writes always hit the same series;
 * - a new day takes the current tags; a change starts a new segment from that day.
 * Segments that end before `keepFromMs` (out of the API's reach: never re-fetched) are pruned.
 */
export function pinTags(pins: Record<string, ClientPins>, client: string, dayMs: number, current: PinnedTags): PinResult {
  const out: PinResult = { ...current, changed: false };
  pinTagsInto(pins, client, dayMs, out);
  return out;
}

/**
 * `pinTags` without allocating a result (the hot path, once per point): `tags` holds the current tags on entry and
 * the tags to write on return; `tags.changed` is set.
 */
export function pinTagsInto(pins: Record<string, ClientPins>, client: string, dayMs: number, tags: PinResult): void {
  const entry = pins[client];
  if (!entry) {
    pins[client] = { lastMs: dayMs, segs: [[dayMs, tags.ip, tags.ssid]] };
    tags.changed = true;
    return;
  }
  if (dayMs <= entry.lastMs) {
    const seg = coveringSegment(entry, dayMs);
    tags.ip = seg[1];
    tags.ssid = seg[2];
    tags.changed = false;
    return;
  }
  entry.lastMs = dayMs;
  const last = entry.segs[entry.segs.length - 1]!;
  if (last[1] !== tags.ip || last[2] !== tags.ssid) entry.segs.push([dayMs, tags.ip, tags.ssid]);
  tags.changed = true;
}

function coveringSegment(entry: ClientPins, dayMs: number): [number, string, string] {
  let seg = entry.segs[0]!;
  for (const s of entry.segs) {
    if (s[0] <= dayMs) seg = s;
    else break;
  }
  return seg;
}

/** Drops what can never be re-fetched: whole clients last written before `keepFromMs`, and old segments. */
export function prunePins(pins: Record<string, ClientPins>, keepFromMs: number): void {
  for (const [client, entry] of Object.entries(pins)) {
    if (entry.lastMs < keepFromMs) {
      delete pins[client];
      continue;
    }
    let firstKept = 0;
    while (firstKept + 1 < entry.segs.length && entry.segs[firstKept + 1]![0] <= keepFromMs) firstKept++;
    if (firstKept > 0) entry.segs.splice(0, firstKept);
  }
}
