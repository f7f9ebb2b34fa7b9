import type { InfluxQlClient, InfluxQlSeries } from './influxql-client.js';
import { quoteString } from './influxql-quote.js';

/** Which stored usage points to read back: one unit (a network, or a network x SSID) over one time range. */
export interface StoredUsageQuery {
  /** `client_usage`, or `client_usage_by_ssid` (then give `ssidNumber`). */
  measurement: string;
  org: string;
  network: string;
  /** Narrows `client_usage_by_ssid` to one SSID (tag `ssid_number`). */
  ssidNumber?: number;
  /** Bucket starts from `fromMs` (inclusive) to `toMs` (exclusive), ms since the epoch. */
  fromMs: number;
  toMs: number;
}

/**
 * One stored point: its time, its tags (an empty or missing tag is left out) and its field values. A (client,
 * day) stored under two tag sets comes back as two rows.
 */
export interface StoredUsageRow {
  timeMs: number;
  client: string;
  mac?: string;
  ip?: string;
  ssid?: string;
  ssidNumber?: number;
  recvKb: number;
  sentKb: number;
}

/** Reads stored points back (InfluxDB sinks only; see `Sink.storedUsage`). */
export type StoredUsageReader = (query: StoredUsageQuery, signal?: AbortSignal) => Promise<StoredUsageRow[]>;

/** The tags of a stored series (an empty or missing tag is left out). */
export type StoredTags = Omit<StoredUsageRow, 'timeMs' | 'recvKb' | 'sentKb'>;

/** The points of one stored tag set, times ascending (the compact form: numbers only per point). */
export interface StoredSeries {
  tags: StoredTags;
  timesMs: number[];
  recvKb: number[];
  sentKb: number[];
}

/** Reads the stored points grouped by tag set (see `Sink.storedSeries`). */
export type StoredSeriesReader = (query: StoredUsageQuery, signal?: AbortSignal) => Promise<StoredSeries[]>;

/**
 * The InfluxQL statement of a query: every point of the unit in the range, grouped by all its tags, so each series
 * is one tag set. One statement per unit and range, whatever the number of clients.
 */
export function storedUsageStatement(q: StoredUsageQuery): string {
  if (!Number.isFinite(q.fromMs) || !Number.isFinite(q.toMs)) throw new RangeError('Expected `fromMs` and `toMs` to be finite ms');
  const where = [`"org" = ${quoteString(q.org)}`, `"network" = ${quoteString(q.network)}`];
  if (q.ssidNumber !== undefined) where.push(`"ssid_number" = '${q.ssidNumber}'`);
  where.push(`time >= ${Math.floor(q.fromMs)}ms`, `time < ${Math.floor(q.toMs)}ms`);
  return `SELECT "recv", "sent" FROM "${q.measurement.replace(/"/g, '\\"')}" WHERE ${where.join(' AND ')} GROUP BY *`;
}

/**
 * Every point stored for the unit in the range, one entry per tag set (the series of `GROUP BY *`). Works on
 * InfluxDB 1.x (`/query`) and 2.x/Cloud (the same `/query` through the bucket's DBRP mapping): one query language,
 * one code path. Throws `StoredUsageUnsupportedError` when the server answers without InfluxQL.
 */
export async function readStoredSeries(client: InfluxQlClient, q: StoredUsageQuery, signal?: AbortSignal): Promise<StoredSeries[]> {
  const series = await client.query(storedUsageStatement(q), signal);
  const foreign = series.find((s) => s.name !== q.measurement);
  if (foreign) {
    const what = `answered the read-back with series "${foreign.name}", not "${q.measurement}"`;
    throw new StoredUsageUnsupportedError(`${client.description}: ${what}: this server does not run InfluxQL`);
  }
  return compactSeries(series);
}

/** Every point stored for the unit in the range, as rows sorted by client, time and tags (`readStoredSeries` flat). */
export async function readStoredUsage(client: InfluxQlClient, q: StoredUsageQuery, signal?: AbortSignal): Promise<StoredUsageRow[]> {
  const rows: StoredUsageRow[] = [];
  for (const s of await readStoredSeries(client, q, signal)) {
    for (let i = 0; i < s.timesMs.length; i++) rows.push({ timeMs: s.timesMs[i]!, ...s.tags, recvKb: s.recvKb[i]!, sentKb: s.sentKb[i]! });
  }
  return rows.sort((a, b) => {
    if (a.client !== b.client) return a.client < b.client ? -1 : 1;
    return a.timeMs - b.timeMs || tagText(a).localeCompare(tagText(b));
  });
}

/**
 * The server answered `/query` but not with InfluxQL results (VictoriaMetrics answers every `/query` with a list of
 * databases, for Grafana): it cannot read back, as the file sink.
 */
export class StoredUsageUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoredUsageUnsupportedError';
  }
}

/** `/query` series grouped by tags (times as epoch ms) in the compact form; series without a client are skipped. */
export function compactSeries(series: readonly InfluxQlSeries[]): StoredSeries[] {
  const out: StoredSeries[] = [];
  for (const s of series) {
    const [t, r, se] = ['time', 'recv', 'sent'].map((c) => s.columns.indexOf(c)) as [number, number, number];
    const tags = s.tags;
    if (!tags.client) continue;
    const entry: StoredSeries = {
      tags: {
        client: tags.client,
        ...(tags.mac ? { mac: tags.mac } : {}),
        ...(tags.ip ? { ip: tags.ip } : {}),
        ...(tags.ssid ? { ssid: tags.ssid } : {}),
        ...(tags.ssid_number ? { ssidNumber: Number(tags.ssid_number) } : {}),
      },
      timesMs: [],
      recvKb: [],
      sentKb: [],
    };
    for (const v of s.values) {
      const timeMs = Number(v[t]);
      if (!Number.isFinite(timeMs)) continue;
      entry.timesMs.push(timeMs);
      entry.recvKb.push(Number(v[r] ?? 0));
      entry.sentKb.push(Number(v[se] ?? 0));
    }
    out.push(entry);
  }
  return out;
}

function tagText(r: StoredUsageRow): string {
  return `${r.mac ?? ''}|${r.ip ?? ''}|${r.ssid ?? ''}|${r.ssidNumber ?? ''}`;
}
