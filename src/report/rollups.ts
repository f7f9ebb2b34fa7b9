import type {
  ClientTotal,
  MonthTotal,
  NetworkTotal,
  PeriodTotal,
  ReportData,
  ReportQuery,
  UsageKb,
  UsageReport,
} from './report-types.js';

export const DAY_MS = 86_400_000;

/** `{recvKb, sentKb, totalKb}` from two numbers. */
export function usage(recvKb: number, sentKb: number): UsageKb {
  return { recvKb, sentKb, totalKb: recvKb + sentKb };
}

/** Nearest-rank percentile (the method of InfluxQL's `percentile()`); 0 for no values. */
export function percentile(values: readonly number[], pct: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((pct / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** Monday 00:00 UTC of the ISO week containing ms. */
export function weekStartMs(ms: number): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY_MS;
}

/** The first of the month, 00:00 UTC, of ms. */
export function monthStartMs(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextMonthStartMs(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Sums rows into periods keyed by `keyOf(startMs)`, sorted by start. */
export function rollUp(rows: readonly { dayStartMs: number; recvKb: number; sentKb: number }[], keyOf: (ms: number) => number): PeriodTotal[] {
  const sums = new Map<number, { recv: number; sent: number }>();
  for (const r of rows) {
    const key = keyOf(r.dayStartMs);
    const s = sums.get(key) ?? { recv: 0, sent: 0 };
    s.recv += r.recvKb;
    s.sent += r.sentKb;
    sums.set(key, s);
  }
  return [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([startMs, s]) => ({ startMs, ...usage(s.recv, s.sent) }));
}

/** Monthly totals with the partial flag and month-over-month growth between whole months. */
export function monthlyWithGrowth(months: readonly PeriodTotal[], query: Pick<ReportQuery, 'fromMs' | 'toMs'>): MonthTotal[] {
  const out: MonthTotal[] = [];
  for (const m of months) {
    const partial = m.startMs < query.fromMs || nextMonthStartMs(m.startMs) > query.toMs;
    const prev = out.at(-1);
    const comparable = prev !== undefined && !partial && !prev.partial && prev.totalKb > 0 && nextMonthStartMs(prev.startMs) === m.startMs;
    const growthPct = comparable ? ((m.totalKb - prev.totalKb) / prev.totalKb) * 100 : null;
    out.push({ ...m, partial, growthPct });
  }
  return out;
}

/** Per-network totals and daily statistics (over the days with usage > 0 only), largest first. */
export function networkTotals(networkDays: ReportData['networkDays']): NetworkTotal[] {
  const byNetwork = new Map<string, { recv: number; sent: number; days: number[] }>();
  for (const d of networkDays) {
    const n = byNetwork.get(d.network) ?? { recv: 0, sent: 0, days: [] };
    n.recv += d.recvKb;
    n.sent += d.sentKb;
    if (d.recvKb + d.sentKb > 0) n.days.push(d.recvKb + d.sentKb);
    byNetwork.set(d.network, n);
  }
  const out: NetworkTotal[] = [];
  for (const [network, n] of byNetwork) {
    const total = usage(n.recv, n.sent);
    out.push({
      network,
      ...total,
      daysWithData: n.days.length,
      meanDailyKb: n.days.length === 0 ? 0 : total.totalKb / n.days.length,
      p95DailyKb: percentile(n.days, 95),
      peakDailyKb: n.days.reduce((a, b) => Math.max(a, b), 0),
    });
  }
  return out.sort((a, b) => b.totalKb - a.totalKb || a.network.localeCompare(b.network));
}

/** The N largest clients by recv+sent (ties by network, then client id). */
export function topClients(clients: readonly ClientTotal[], n: number): ClientTotal[] {
  return [...clients]
    .sort((a, b) => b.totalKb - a.totalKb || a.network.localeCompare(b.network) || a.client.localeCompare(b.client))
    .slice(0, n);
}

/** The whole report from the raw aggregates: pure, so it is table-tested without a database. */
export function buildReport(data: ReportData, query: ReportQuery, generatedAtMs: number): UsageReport {
  const daily = rollUp(data.networkDays, (ms) => Math.floor(ms / DAY_MS) * DAY_MS);
  const recv = daily.reduce((a, d) => a + d.recvKb, 0);
  const sent = daily.reduce((a, d) => a + d.sentKb, 0);
  return {
    query,
    generatedAtMs,
    totals: usage(recv, sent),
    topClients: topClients(data.clients, query.top),
    networks: networkTotals(data.networkDays),
    ssids: [...data.ssids].sort((a, b) => b.totalKb - a.totalKb || a.network.localeCompare(b.network) || a.ssid.localeCompare(b.ssid)),
    daily,
    weekly: rollUp(data.networkDays, weekStartMs),
    monthly: monthlyWithGrowth(rollUp(data.networkDays, monthStartMs), query),
  };
}
