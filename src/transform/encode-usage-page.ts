import { usageFieldsText, usageSeriesKeyOf } from './line-protocol.js';
import { visitUsageRecords, type PointContext, type RejectedRecord } from './usage-to-points.js';

/** The tags a point is written with; a pinner may replace them (and says whether it changed what it keeps). */
export interface PointTags {
  ip: string;
  ssid: string;
  changed: boolean;
}

/**
 * Called once per valid point, in page order, before its line is encoded: `tags` holds the record's current tags
 * on entry; the pinner leaves the tags to write in it and sets `changed` (e.g. `pinTagsInto`).
 */
export type TagPinner = (client: string, dayMs: number, tags: PointTags) => void;

export interface EncodedPage {
  /** One line per valid point, in page order: exactly `encodeUsagePoints(toPoints(...).points)` after pinning. */
  lines: string[];
  rejects: RejectedRecord[];
  /** Start of the newest bucket written, ms since the epoch; null when there is no line. */
  newestMs: number | null;
  /** Whether the pinner reported a change for any point. */
  pinsChanged: boolean;
}

/**
 * A page of usage records straight to line protocol, without a point object per bucket: the validation and the
 * rejects of `toPoints`, the lines of `encodeUsagePoints`, and the series key escaped once per record (again only
 * when a pinner changes the tags). The hot path of the collector.
 */
export function encodeUsagePage(items: readonly unknown[], ctx: PointContext, pin?: TagPinner): EncodedPage {
  const lines: string[] = [];
  const { org, network, ssidNumber } = ctx;
  const tags: PointTags = { ip: '', ssid: '', changed: false };
  let keyClient = '';
  let keyMac = '';
  let keyIp = '';
  let keySsid = '';
  let key = '';
  let newestMs: number | null = null;
  let pinsChanged = false;
  const rejects = visitUsageRecords(items, ctx, (client, mac, ip, ssid, timeSeconds, recvKb, sentKb) => {
    const dayMs = timeSeconds * 1000;
    if (pin) {
      tags.ip = ip;
      tags.ssid = ssid;
      tags.changed = false;
      pin(client, dayMs, tags);
      ip = tags.ip;
      ssid = tags.ssid;
      if (tags.changed) pinsChanged = true;
    }
    if (key === '' || client !== keyClient || mac !== keyMac || ip !== keyIp || ssid !== keySsid) {
      key = usageSeriesKeyOf(client, ip, mac, network, org, ssid, ssidNumber);
      keyClient = client;
      keyMac = mac;
      keyIp = ip;
      keySsid = ssid;
    }
    lines.push(key + usageFieldsText(recvKb, sentKb, timeSeconds));
    if (newestMs === null || dayMs > newestMs) newestMs = dayMs;
  });
  return { lines, rejects, newestMs, pinsChanged };
}
