import type { InfluxQlClient, InfluxQlSeries } from '../sink/influxql-client.js';
import { usage } from './rollups.js';
import type { ReportData, ReportQuery } from './report-types.js';

/** The measurement the report reads (never `client_usage_by_ssid`, which would count SSID splits twice). */
export const REPORT_MEASUREMENT = 'client_usage';

/** A string literal for InfluxQL (single quotes, backslash escapes). */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The WHERE clause shared by every report query. */
export function whereClause(query: Pick<ReportQuery, 'fromMs' | 'toMs' | 'network'>): string {
  let where = `WHERE time >= ${Math.floor(query.fromMs)}ms AND time < ${Math.floor(query.toMs)}ms`;
  if (query.network !== null) where += ` AND "network" = ${quoteString(query.network)}`;
  return where;
}

/** The three InfluxQL statements of a report. */
export function reportStatements(query: ReportQuery): { clients: string; ssids: string; networkDays: string } {
  const select = `SELECT sum("recv") AS "recv", sum("sent") AS "sent" FROM "${REPORT_MEASUREMENT}" ${whereClause(query)}`;
  return {
    clients: `${select} GROUP BY "network", "client", "mac"`,
    ssids: `${select} GROUP BY "network", "ssid"`,
    networkDays: `${select} GROUP BY time(1d), "network" fill(none)`,
  };
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Rows of a series as `{time, recv, sent}` (columns found by name). */
function rows(series: InfluxQlSeries): { time: number; recv: number; sent: number }[] {
  const t = series.columns.indexOf('time');
  const r = series.columns.indexOf('recv');
  const s = series.columns.indexOf('sent');
  return series.values.map((v) => ({ time: num(v[t]), recv: num(v[r]), sent: num(v[s]) }));
}

/** Runs the report's queries and maps the series into raw aggregates. */
export async function fetchReportData(client: InfluxQlClient, query: ReportQuery, signal?: AbortSignal): Promise<ReportData> {
  const q = reportStatements(query);
  const [clientSeries, ssidSeries, daySeries] = await Promise.all([
    client.query(q.clients, signal),
    client.query(q.ssids, signal),
    client.query(q.networkDays, signal),
  ]);
  // A client whose MAC tag changed would be two groups: merge them under the client id, keeping the first MAC.
  const clients = new Map<string, ReportData['clients'][number]>();
  for (const s of clientSeries) {
    const network = s.tags.network ?? '';
    const client = s.tags.client ?? '';
    for (const r of rows(s)) {
      const key = `${network}\u0000${client}`;
      const prev = clients.get(key);
      const u = usage((prev?.recvKb ?? 0) + r.recv, (prev?.sentKb ?? 0) + r.sent);
      clients.set(key, { network, client, mac: prev?.mac ?? s.tags.mac ?? '', ...u });
    }
  }
  const ssids = ssidSeries.flatMap((s) =>
    rows(s).map((r) => ({ network: s.tags.network ?? '', ssid: s.tags.ssid ?? '', ...usage(r.recv, r.sent) })),
  );
  const networkDays = daySeries.flatMap((s) =>
    rows(s).map((r) => ({ network: s.tags.network ?? '', dayStartMs: r.time, recvKb: r.recv, sentKb: r.sent })),
  );
  return { clients: [...clients.values()], ssids, networkDays };
}
