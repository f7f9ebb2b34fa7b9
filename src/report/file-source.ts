import { CLIENT_INFO_MEASUREMENT, NETWORK_INFO_MEASUREMENT } from '../collector/info-points.js';
import { readLineFiles, type StoredPoint } from '../sink/line-file-reader.js';
import { REPORT_MEASUREMENT } from './influx-source.js';
import { addTo, type RawUsage, type ReportSource } from './report-source.js';
import type { ClientInfo, NetworkInfo } from './report-types.js';

/** Same grid as the InfluxQL source's GROUP BY time(15m). */
const GRID_MS = 15 * 60_000;
/** Points kept around the range: the zones' local dates reach this far past the UTC dates. */
const MARGIN_MS = 3 * 86_400_000;

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The latest point per key (ties: the one replayed last). */
function latest(points: readonly StoredPoint[], measurement: string, keyOf: (p: StoredPoint) => string): Map<string, StoredPoint> {
  const out = new Map<string, StoredPoint>();
  for (const p of points) {
    if (p.measurement !== measurement) continue;
    const key = keyOf(p);
    const prev = out.get(key);
    if (!prev || p.time >= prev.time) out.set(key, p);
  }
  return out;
}

/**
 * The report's source over the file sink's line-protocol files (no database): the files are replayed once as
 * InfluxDB would store them (last write of a series and timestamp wins), then summed in memory exactly as the
 * InfluxQL source's queries sum.
 */
export function fileReportSource(options: { dir: string; prefix?: string; fromMs: number; toMs: number }): ReportSource {
  let loaded: Promise<StoredPoint[]> | undefined;
  const load = (): Promise<StoredPoint[]> =>
    (loaded ??= readLineFiles({
      dir: options.dir,
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      keep: (m, t) =>
        m === NETWORK_INFO_MEASUREMENT || m === CLIENT_INFO_MEASUREMENT || (m === REPORT_MEASUREMENT && t * 1000 >= options.fromMs - MARGIN_MS && t * 1000 < options.toMs + MARGIN_MS),
    }).then((c) => c.points));
  return {
    description: `line-protocol files in ${options.dir}`,

    async networks() {
      const points = await load();
      const out = new Map<string, NetworkInfo>();
      for (const [id, p] of latest(points, NETWORK_INFO_MEASUREMENT, (p) => p.tags.network ?? '')) {
        out.set(id, { id, name: text(p.fields.name) || id, timeZone: text(p.fields.time_zone) || 'Etc/UTC' });
      }
      for (const p of points) {
        const id = p.tags.network ?? '';
        if (p.measurement === REPORT_MEASUREMENT && id && !out.has(id)) out.set(id, { id, name: id, timeZone: 'Etc/UTC' });
      }
      return [...out.values()];
    },

    async clientInfo(networks) {
      const wanted = new Set(networks);
      const rows = latest(await load(), CLIENT_INFO_MEASUREMENT, (p) => `${p.tags.network ?? ''}\u0000${p.tags.client ?? ''}`);
      const out: ClientInfo[] = [];
      for (const p of rows.values()) {
        const network = p.tags.network ?? '';
        if (!wanted.has(network)) continue;
        out.push({ network, client: p.tags.client ?? '', name: text(p.fields.name), mac: text(p.fields.mac), manufacturer: text(p.fields.manufacturer), os: text(p.fields.os) });
      }
      return out;
    },

    async usage(sel): Promise<RawUsage> {
      const wanted = new Set(sel.networks);
      const clients = new Map<string, RawUsage['clients'][number]>();
      const ssids = new Map<string, RawUsage['ssids'][number]>();
      const buckets = new Map<string, RawUsage['buckets'][number]>();
      for (const p of await load()) {
        const network = p.tags.network ?? '';
        const ms = p.time * 1000;
        if (p.measurement !== REPORT_MEASUREMENT || !wanted.has(network) || ms < sel.fromMs || ms >= sel.toMs) continue;
        const [recv, sent] = [num(p.fields.recv), num(p.fields.sent)];
        const client = p.tags.client ?? '';
        const mac = p.tags.mac ?? '';
        addTo(clients, `${network}\u0000${client}`, () => ({ network, client, mac, recvKb: 0, sentKb: 0 }), recv, sent);
        const c = clients.get(`${network}\u0000${client}`)!;
        if (mac && (!c.mac || mac < c.mac)) c.mac = mac;
        const ssid = p.tags.ssid ?? '';
        addTo(ssids, `${network}\u0000${ssid}`, () => ({ network, ssid, recvKb: 0, sentKb: 0 }), recv, sent);
        const startMs = Math.floor(ms / GRID_MS) * GRID_MS;
        addTo(buckets, `${network}\u0000${startMs}`, () => ({ network, startMs, recvKb: 0, sentKb: 0 }), recv, sent);
      }
      return { clients: [...clients.values()], ssids: [...ssids.values()], buckets: [...buckets.values()] };
    },
  };
}
