import { parseTimestampSeconds } from './parse-timestamp.js';
import type { UsagePoint } from './usage-point.js';

/** Where a page of usage records comes from; the same for every record of the page. */
export interface PointContext {
  org: string;
  network: string;
  /** Set when the page was fetched with the `ssidNumber` filter: the points go to `client_usage_by_ssid`. */
  ssidNumber?: number;
  /** SSID name of a client (from discovery); empty string when unknown or wired. */
  ssidOf?: (clientId: string) => string | undefined;
}

/** A record or bucket left out of the points, with the reason; `ts` is the raw value when it was a string. */
export interface RejectedRecord {
  clientId?: string;
  ts?: string;
  reason: string;
}

export interface PointsResult {
  points: UsagePoint[];
  rejects: RejectedRecord[];
}

/** Non-negative decimal numbers written as strings, in case the API ever quotes a number. */
const DECIMAL_TEXT = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Receives the valid buckets of a page, in page order (one call per point). */
export type UsageVisitor = (client: string, mac: string, ip: string, ssid: string, timeSeconds: number, recvKb: number, sentKb: number) => void;

/**
 * API records (`GET /networks/{id}/clients/usageHistories` items, untrusted) to one point per client per daily
 * bucket. A bad bucket rejects only that bucket, a bad record only that record, each with a reason; the rest of
 * the page is kept. Kilobytes are kept as given (fractions included); `recv` and `received` are both accepted;
 * `ts` is floored to whole seconds so sub-second jitter never makes a second point for the same day.
 */
export function toPoints(items: readonly unknown[], ctx: PointContext): PointsResult {
  const points: UsagePoint[] = [];
  const { org, network, ssidNumber } = ctx;
  const rejects = visitUsageRecords(items, ctx, (client, mac, ip, ssid, timeSeconds, recvKb, sentKb) => {
    const point: UsagePoint = { timeSeconds, org, network, client, mac, ip, ssid, recvKb, sentKb };
    if (ssidNumber !== undefined) point.ssidNumber = ssidNumber;
    points.push(point);
  });
  return { points, rejects };
}

/**
 * The validation of `toPoints` without building points: calls `visit` for every valid bucket (client, tags,
 * whole seconds, kilobytes) and returns the rejected records and buckets, in page order.
 */
export function visitUsageRecords(items: readonly unknown[], ctx: PointContext, visit: UsageVisitor): RejectedRecord[] {
  const rejects: RejectedRecord[] = [];
  const seen: TsCache = { ts: [], seconds: [] };
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isObject(item)) {
      rejects.push({ reason: `record ${i} is not an object` });
      continue;
    }
    const clientId = item['clientId'];
    if (typeof clientId !== 'string' || clientId === '') {
      rejects.push({ reason: `record ${i} has no clientId` });
      continue;
    }
    const mac = item['clientMac'];
    if (typeof mac !== 'string' || mac === '') {
      rejects.push({ clientId, reason: 'record has no clientMac' });
      continue;
    }
    const history = item['usageHistory'];
    if (!Array.isArray(history)) {
      rejects.push({ clientId, reason: 'usageHistory is not an array' });
      continue;
    }
    const rawIp = item['clientIp'];
    const ip = typeof rawIp === 'string' ? rawIp : '';
    const ssid = ctx.ssidOf?.(clientId) ?? '';
    for (let j = 0; j < history.length; j++) visitBucket(history[j] as unknown, j, seen, clientId, mac, ip, ssid, visit, rejects);
  }
  return rejects;
}

/**
 * The last valid `ts` seen at each bucket index, and its seconds: the records of a page usually cover the same
 * days, so bucket j of one record often has the `ts` of bucket j of the one before (a string compare, cheaper than
 * parsing). With sub-second jitter it misses at the first differing digit and costs little.
 */
interface TsCache {
  ts: string[];
  seconds: number[];
}

function visitBucket(
  bucket: unknown,
  index: number,
  seen: TsCache,
  clientId: string,
  mac: string,
  ip: string,
  ssid: string,
  visit: UsageVisitor,
  rejects: RejectedRecord[],
): void {
  if (!isObject(bucket)) {
    rejects.push({ clientId, reason: 'usage bucket is not an object' });
    return;
  }
  const ts = bucket['ts'];
  if (typeof ts !== 'string') {
    rejects.push({ clientId, reason: `usage bucket has no ts (${describe(ts)})` });
    return;
  }
  let timeSeconds: number;
  if (seen.ts[index] === ts) timeSeconds = seen.seconds[index]!;
  else {
    const parsed = parseTimestampSeconds(ts);
    if (parsed === undefined) {
      rejects.push({ clientId, ts, reason: 'usage bucket ts is not an ISO 8601 instant' });
      return;
    }
    timeSeconds = parsed;
    seen.ts[index] = ts;
    seen.seconds[index] = timeSeconds;
  }
  const recvRaw = bucket['recv'] ?? bucket['received'];
  const recvKb = kilobytes(recvRaw);
  if (recvKb === undefined) {
    rejects.push({ clientId, ts, reason: `invalid recv/received: ${describe(recvRaw)}` });
    return;
  }
  const sentKb = kilobytes(bucket['sent']);
  if (sentKb === undefined) {
    rejects.push({ clientId, ts, reason: `invalid sent: ${describe(bucket['sent'])}` });
    return;
  }
  visit(clientId, mac, ip, ssid, timeSeconds, recvKb, sentKb);
}

/** A usage value in kilobytes: a finite, non-negative number (or such a number written as a string). */
function kilobytes(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && DECIMAL_TEXT.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : typeof value;
}
