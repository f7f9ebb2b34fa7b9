import { DAY_MS, isoWeekStart, monthStart, nextMonthStart, type ZoneCalendar } from './local-calendar.js';
import type { BucketRow, ClientTotal, MonthTotal, NetworkReport, PeriodTotal, ReportData, ReportQuery, UsageKb, UsageReport } from './report-types.js';
import { percentile } from './percentile.js';
import { trendOf } from './trends.js';
import { groupBy } from '../group-by.js';

export { DAY_MS } from './local-calendar.js';

/** `{recvKb, sentKb, totalKb}` from two numbers. */
export function usage(recvKb: number, sentKb: number): UsageKb {
  return { recvKb, sentKb, totalKb: recvKb + sentKb };
}

export const isoDay = (dayNum: number): string => new Date(dayNum * DAY_MS).toISOString().slice(0, 10);

/** Dated totals of one zone: each bucket under its local date (see local-calendar.ts). */
interface DaySeries {
  /** date -> [recv, sent] */
  days: Map<number, [number, number]>;
  /** Dates wholly covered: from the first date with data (or the range's start) to the last ended date. */
  coverStart: number;
  coverEnd: number;
}

function daySeries(buckets: readonly BucketRow[], calendar: ZoneCalendar, query: ReportQuery, nowMs: number): DaySeries {
  const days = new Map<number, [number, number]>();
  let lastEnded = calendar.dateOf(nowMs - DAY_MS / 2) - 1; // a date whose bucket surely ended, whatever its boundary
  for (const b of buckets) {
    const date = calendar.bucketDate(b.startMs);
    const d = days.get(date) ?? [0, 0];
    d[0] += b.recvKb;
    d[1] += b.sentKb;
    days.set(date, d);
    if (b.startMs + DAY_MS <= nowMs) lastEnded = Math.max(lastEnded, date);
  }
  const firstDay = Math.floor(query.fromMs / DAY_MS);
  const lastDay = Math.floor(query.toMs / DAY_MS) - 1;
  const dates = [...days.keys()];
  const firstData = dates.length === 0 ? firstDay : Math.min(...dates);
  return { days, coverStart: Math.max(firstDay, firstData), coverEnd: Math.min(lastDay, lastEnded) };
}

/** Every date from the first to the last with data, zeros filled in. */
function dailyOf(s: DaySeries): PeriodTotal[] {
  const dates = [...s.days.keys()];
  if (dates.length === 0) return [];
  const out: PeriodTotal[] = [];
  for (let d = Math.min(...dates); d <= Math.max(...dates); d++) {
    const [recv, sent] = s.days.get(d) ?? [0, 0];
    out.push({ start: isoDay(d), partial: d < s.coverStart || d > s.coverEnd, ...usage(recv, sent) });
  }
  return out;
}

/** Sums the dates into periods (start -> next start), each marked partial unless wholly covered. */
function periods(s: DaySeries, startOf: (d: number) => number, nextOf: (start: number) => number): { startDay: number; total: PeriodTotal }[] {
  const sums = new Map<number, [number, number]>();
  for (const [d, [recv, sent]] of s.days) {
    const key = startOf(d);
    const p = sums.get(key) ?? [0, 0];
    p[0] += recv;
    p[1] += sent;
    sums.set(key, p);
  }
  return [...sums.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, [recv, sent]]) => ({ startDay: start, total: { start: isoDay(start), partial: start < s.coverStart || nextOf(start) - 1 > s.coverEnd, ...usage(recv, sent) } }));
}

/** Monthly totals with month-over-month growth between consecutive whole months. */
function monthlyOf(s: DaySeries): MonthTotal[] {
  const out: MonthTotal[] = [];
  let prev: { startDay: number; total: MonthTotal } | undefined;
  for (const { startDay, total } of periods(s, monthStart, nextMonthStart)) {
    const comparable = prev !== undefined && !total.partial && !prev.total.partial && prev.total.totalKb > 0 && nextMonthStart(prev.startDay) === startDay;
    const m: MonthTotal = { ...total, growthPct: comparable ? ((total.totalKb - prev!.total.totalKb) / prev!.total.totalKb) * 100 : null };
    out.push(m);
    prev = { startDay, total: m };
  }
  return out;
}

function rollupsOf(buckets: readonly BucketRow[], calendar: ZoneCalendar, query: ReportQuery, nowMs: number): Pick<NetworkReport, 'daily' | 'weekly' | 'monthly' | 'trend'> {
  const s = daySeries(buckets, calendar, query, nowMs);
  const whole: number[] = [];
  for (let d = s.coverStart; d <= s.coverEnd; d++) whole.push(d);
  return {
    daily: dailyOf(s),
    weekly: periods(s, isoWeekStart, (w) => w + 7).map((p) => p.total),
    monthly: monthlyOf(s),
    trend: trendOf(whole, whole.map((d) => { const u = s.days.get(d); return u ? u[0] + u[1] : 0; }), s.coverEnd, query.thresholdKb),
  };
}

/** The N largest clients by recv+sent (ties by network, then client id). */
export function topClients(clients: readonly ClientTotal[], n: number): ClientTotal[] {
  return [...clients]
    .sort((a, b) => b.totalKb - a.totalKb || a.network.localeCompare(b.network) || a.client.localeCompare(b.client))
    .slice(0, n);
}

/** The whole report from the raw aggregates: pure, so it is table-tested without a database. */
export function buildReport(data: ReportData, query: ReportQuery, nowMs: number, calendarOf: (zone: string) => ZoneCalendar, source = ''): UsageReport {
  const byNetwork = groupBy(data.buckets, (b) => b.network);
  const networks: NetworkReport[] = data.networks.flatMap((n) => {
    const buckets = byNetwork.get(n.id) ?? [];
    if (buckets.length === 0) return [];
    const rolled = rollupsOf(buckets, calendarOf(n.timeZone), query, nowMs);
    const withData = rolled.daily.map((d) => d.totalKb).filter((t) => t > 0);
    const recv = buckets.reduce((a, b) => a + b.recvKb, 0);
    const sent = buckets.reduce((a, b) => a + b.sentKb, 0);
    const total = usage(recv, sent);
    return [{
      network: n.id,
      name: n.name,
      timeZone: n.timeZone,
      ...total,
      daysWithData: withData.length,
      meanDailyKb: withData.length === 0 ? 0 : total.totalKb / withData.length,
      p95DailyKb: percentile(withData, 95),
      peakDailyKb: withData.reduce((a, b) => Math.max(a, b), 0),
      ...rolled,
    }];
  });
  networks.sort((a, b) => b.totalKb - a.totalKb || a.name.localeCompare(b.name) || a.network.localeCompare(b.network));
  const totals = rollupsOf(data.buckets, calendarOf(query.tz), query, nowMs);
  const recv = networks.reduce((a, n) => a + n.recvKb, 0);
  const sent = networks.reduce((a, n) => a + n.sentKb, 0);
  return {
    query,
    generatedAtMs: nowMs,
    source,
    totals: usage(recv, sent),
    topClients: topClients(data.clients, query.top),
    networks,
    ssids: [...data.ssids].sort((a, b) => b.totalKb - a.totalKb || a.network.localeCompare(b.network) || a.ssid.localeCompare(b.ssid)),
    ...totals,
  };
}
