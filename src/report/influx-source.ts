import type { InfluxQlClient, InfluxQlSeries } from '../sink/influxql-client.js';
import { CLIENT_INFO_MEASUREMENT, NETWORK_INFO_MEASUREMENT } from '../collector/info-points.js';
import type { RawUsage, ReportSource, UsageSelection } from './report-source.js';
import type { ClientInfo, NetworkInfo } from './report-types.js';
import { quoteString } from '../sink/influxql-quote.js';

/** The measurement the report reads (never `client_usage_by_ssid`, which would count SSID splits twice). */
export const REPORT_MEASUREMENT = 'client_usage';
/** Buckets are grouped on this grid (every zone's midnight is on it), one group per stored bucket start. */
export const BUCKET_GRID = '15m';

/** `"network" =~ /^(a|b)$/` for the given ids (regex metacharacters and slashes escaped). */
export function networkMatch(ids: readonly string[]): string {
  if (ids.length === 1) return `"network" = ${quoteString(ids[0]!)}`;
  const alternatives = ids.map((id) => id.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('|');
  return `"network" =~ /^(${alternatives})$/`;
}

/** The three InfluxQL statements of one selection. */
export function usageStatements(sel: UsageSelection): { clients: string; ssids: string; buckets: string } {
  const where = `WHERE time >= ${Math.floor(sel.fromMs)}ms AND time < ${Math.floor(sel.toMs)}ms AND ${networkMatch(sel.networks)}`;
  const select = `SELECT sum("recv") AS "recv", sum("sent") AS "sent" FROM "${REPORT_MEASUREMENT}" ${where}`;
  return {
    clients: `${select} GROUP BY "network", "client", "mac"`,
    ssids: `${select} GROUP BY "network", "ssid"`,
    buckets: `${select} GROUP BY time(${BUCKET_GRID}), "network" fill(none)`,
  };
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function column(series: InfluxQlSeries, name: string): (row: unknown[]) => unknown {
  const i = series.columns.indexOf(name);
  return (row) => (i === -1 ? undefined : row[i]);
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The report's source over InfluxQL (InfluxDB 1.x, or 2.x through the v1 compatibility API). */
export function influxReportSource(client: InfluxQlClient): ReportSource {
  return {
    description: client.description,

    async networks(signal) {
      const [info, tagValues] = await Promise.all([
        client.query(`SELECT last("name") AS "name", last("time_zone") AS "time_zone" FROM "${NETWORK_INFO_MEASUREMENT}" GROUP BY "network"`, signal),
        client.query(`SHOW TAG VALUES FROM "${REPORT_MEASUREMENT}" WITH KEY = "network"`, signal),
      ]);
      const out = new Map<string, NetworkInfo>();
      for (const s of info) {
        const id = s.tags.network ?? '';
        const [name, zone] = [column(s, 'name'), column(s, 'time_zone')];
        for (const row of s.values) out.set(id, { id, name: text(name(row)) || id, timeZone: text(zone(row)) || 'Etc/UTC' });
      }
      for (const s of tagValues) {
        const value = column(s, 'value');
        for (const row of s.values) {
          const id = text(value(row));
          if (id && !out.has(id)) out.set(id, { id, name: id, timeZone: 'Etc/UTC' });
        }
      }
      return [...out.values()];
    },

    async clientInfo(networks, signal) {
      const fields = ['name', 'mac', 'manufacturer', 'os'].map((f) => `last("${f}") AS "${f}"`).join(', ');
      const series = await client.query(`SELECT ${fields} FROM "${CLIENT_INFO_MEASUREMENT}" WHERE ${networkMatch(networks)} GROUP BY "network", "client"`, signal);
      return series.flatMap((s) => {
        const get = (f: string): string => text(column(s, f)(s.values[0] ?? []));
        const c: ClientInfo = { network: s.tags.network ?? '', client: s.tags.client ?? '', name: get('name'), mac: get('mac'), manufacturer: get('manufacturer'), os: get('os') };
        return s.values.length > 0 ? [c] : [];
      });
    },

    async usage(sel, signal): Promise<RawUsage> {
      if (sel.networks.length === 0) return { clients: [], ssids: [], buckets: [] };
      const q = usageStatements(sel);
      const [clientSeries, ssidSeries, bucketSeries] = await Promise.all([client.query(q.clients, signal), client.query(q.ssids, signal), client.query(q.buckets, signal)]);
      const sums = (s: InfluxQlSeries): { time: number; recv: number; sent: number }[] => {
        const [t, r, x] = [column(s, 'time'), column(s, 'recv'), column(s, 'sent')];
        return s.values.map((v) => ({ time: num(t(v)), recv: num(r(v)), sent: num(x(v)) }));
      };
      // A client whose MAC tag changed is two groups: one row per client, the smallest MAC.
      const clients = new Map<string, RawUsage['clients'][number]>();
      for (const s of clientSeries) {
        const [network, id, mac] = [s.tags.network ?? '', s.tags.client ?? '', s.tags.mac ?? ''];
        for (const r of sums(s)) {
          const key = `${network}\u0000${id}`;
          const prev = clients.get(key);
          if (prev) {
            prev.recvKb += r.recv;
            prev.sentKb += r.sent;
            if (mac && (!prev.mac || mac < prev.mac)) prev.mac = mac;
          } else clients.set(key, { network, client: id, mac, recvKb: r.recv, sentKb: r.sent });
        }
      }
      return {
        clients: [...clients.values()],
        ssids: ssidSeries.flatMap((s) => sums(s).map((r) => ({ network: s.tags.network ?? '', ssid: s.tags.ssid ?? '', recvKb: r.recv, sentKb: r.sent }))),
        buckets: bucketSeries.flatMap((s) => sums(s).map((r) => ({ network: s.tags.network ?? '', startMs: r.time, recvKb: r.recv, sentKb: r.sent }))),
      };
    },
  };
}
