import type { StoredUsageRow } from '../sink/stored-usage.js';
import type { DayDiff } from './compare-stored.js';

/** A tag set as written: empty values mean the tag is absent. */
export interface WrittenTags {
  mac: string;
  ip: string;
  ssid: string;
}

export interface RepairWrite {
  client: string;
  dayMs: number;
  tags: WrittenTags;
  recvKb: number;
  sentKb: number;
}

/** Delete the point of this series (client + tags) at `dayMs`. */
export interface RepairDelete {
  client: string;
  dayMs: number;
  tags: WrittenTags;
}

export interface RepairPlan {
  /** Run first: extra series of duplicated days, points Meraki has no usage for. */
  deletes: RepairDelete[];
  /** Then: Meraki's values, under the tags the day keeps. */
  writes: RepairWrite[];
}

/**
 * What `verify --repair` does about each difference (pure):
 * - missing: write Meraki's values under the client's current tags (a day never stored takes today's tags);
 * - wrong: write Meraki's values under the stored point's tags (the same series, overwritten);
 * - duplicated: delete the points of the other tag sets, and write Meraki's values under the kept one (also when
 *   it was right: a delete that cannot tell an absent tag apart, as on the v2 API, may have taken it too);
 * - extra: delete the stored points.
 */
export function planRepair(diffs: readonly DayDiff[]): RepairPlan {
  const plan: RepairPlan = { deletes: [], writes: [] };
  for (const d of diffs) {
    if (d.kind === 'extra') {
      for (const row of d.stored) plan.deletes.push({ client: d.client, dayMs: d.dayMs, tags: tagsOf(row) });
      continue;
    }
    const served = d.served!;
    const values = { client: d.client, dayMs: d.dayMs, recvKb: served.recvKb, sentKb: served.sentKb };
    if (d.kind === 'missing') plan.writes.push({ ...values, tags: { mac: served.mac, ip: served.ip, ssid: served.ssid } });
    else if (d.kind === 'wrong') plan.writes.push({ ...values, tags: tagsOf(d.stored[0]!) });
    else {
      const keep = d.keep ?? d.stored[0]!;
      for (const row of d.stored) if (row !== keep) plan.deletes.push({ client: d.client, dayMs: d.dayMs, tags: tagsOf(row) });
      plan.writes.push({ ...values, tags: tagsOf(keep) });
    }
  }
  return plan;
}

function tagsOf(row: StoredUsageRow): WrittenTags {
  return { mac: row.mac ?? '', ip: row.ip ?? '', ssid: row.ssid ?? '' };
}
