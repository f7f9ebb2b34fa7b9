import { bucketRangeMs, DAY_MS, isTimeZone, type ZoneCalendar } from './local-calendar.js';
import type { BucketRow, ClientInfo, ClientTotal, NetworkInfo, ReportData, ReportQuery, SsidTotal } from './report-types.js';
import { groupBy } from '../group-by.js';

/** Sums of one client over a selection (the MAC is the smallest seen, so every source picks the same one). */
export interface RawClientTotal {
  network: string;
  client: string;
  mac: string;
  recvKb: number;
  sentKb: number;
}

export interface RawUsage {
  clients: RawClientTotal[];
  ssids: { network: string; ssid: string; recvKb: number; sentKb: number }[];
  /** One row per network per stored bucket start. */
  buckets: BucketRow[];
}

/** Some networks over one instant range [fromMs, toMs). */
export interface UsageSelection {
  networks: readonly string[];
  fromMs: number;
  toMs: number;
}

/** Where the report's numbers come from: InfluxDB (InfluxQL) or the file sink's line-protocol files. */
export interface ReportSource {
  readonly description: string;
  /** Every network with info or usage; the latest `network_info` point names it. */
  networks(signal?: AbortSignal): Promise<NetworkInfo[]>;
  /** The latest `client_info` of each client of these networks. */
  clientInfo(networks: readonly string[], signal?: AbortSignal): Promise<ClientInfo[]>;
  usage(selection: UsageSelection, signal?: AbortSignal): Promise<RawUsage>;
}

const usage = (recvKb: number, sentKb: number): { recvKb: number; sentKb: number; totalKb: number } => ({ recvKb, sentKb, totalKb: recvKb + sentKb });

/** Networks picked by `--network` (an id or a name); all when null. */
export function selectNetworks(all: readonly NetworkInfo[], wanted: string | null): NetworkInfo[] {
  if (wanted === null) return [...all];
  const byId = all.filter((n) => n.id === wanted);
  return byId.length > 0 ? byId : all.filter((n) => n.name === wanted);
}

/**
 * Reads what the report needs from a source: each network's buckets whose local date (its time zone) is in the
 * range, one query set per time zone, with names attached.
 */
export async function fetchReportData(source: ReportSource, query: ReportQuery, calendarOf: (zone: string) => ZoneCalendar, signal?: AbortSignal): Promise<ReportData> {
  const networks = selectNetworks(await source.networks(signal), query.network).map((n) => (isTimeZone(n.timeZone) ? n : { ...n, timeZone: 'Etc/UTC' }));
  const byZone = groupBy(networks, (n) => n.timeZone);
  const firstDay = Math.floor(query.fromMs / DAY_MS);
  const lastDay = Math.floor(query.toMs / DAY_MS) - 1;
  const parts = await Promise.all([...byZone].map(([zone, inZone]) => source.usage({ networks: inZone.map((n) => n.id), ...bucketRangeMs(calendarOf(zone), firstDay, lastDay) }, signal)));
  const info = new Map((networks.length === 0 ? [] : await source.clientInfo(networks.map((n) => n.id), signal)).map((c) => [`${c.network}\u0000${c.client}`, c]));
  const nameOf = new Map(networks.map((n) => [n.id, n.name]));
  const clients: ClientTotal[] = parts.flatMap((p) => p.clients).map((c) => {
    const i = info.get(`${c.network}\u0000${c.client}`);
    return {
      network: c.network,
      networkName: nameOf.get(c.network) ?? c.network,
      client: c.client,
      name: i?.name || c.mac || c.client,
      mac: i?.mac || c.mac,
      manufacturer: i?.manufacturer ?? '',
      os: i?.os ?? '',
      ...usage(c.recvKb, c.sentKb),
    };
  });
  const ssids: SsidTotal[] = parts.flatMap((p) => p.ssids).map((s) => ({ network: s.network, networkName: nameOf.get(s.network) ?? s.network, ssid: s.ssid, ...usage(s.recvKb, s.sentKb) }));
  return { networks, clients, ssids, buckets: parts.flatMap((p) => p.buckets) };
}

/** Adds a row into a keyed sum (shared by the in-memory source). */
export function addTo<T extends { recvKb: number; sentKb: number }>(map: Map<string, T>, key: string, make: () => T, recv: number, sent: number): void {
  let row = map.get(key);
  if (!row) {
    row = make();
    map.set(key, row);
  }
  row.recvKb += recv;
  row.sentKb += sent;
}
