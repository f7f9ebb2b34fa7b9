import { describe, expect, it } from 'vitest';
import { bucketRangeMs, calendarCache, isoWeekStart, monthStart, zoneCalendar } from '../../src/report/local-calendar.js';
import { percentile } from '../../src/report/percentile.js';
import { buildReport } from '../../src/report/rollups.js';
import type { ClientTotal, ReportData, ReportQuery } from '../../src/report/report-types.js';

const DAY = 86_400_000;
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const dayNum = (iso: string): number => day(iso) / DAY;
const iso = (n: number): string => new Date(n * DAY).toISOString().slice(0, 10);

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 95, 0],
    [[5], 95, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [Array.from({ length: 20 }, (_, i) => 20 - i), 95, 19],
    [Array.from({ length: 100 }, (_, i) => i + 1), 95, 95],
  ])('percentile(%j, %d) = %d', (values, pct, want) => {
    expect(percentile(values, pct)).toBe(want);
  });
});

describe('local calendar', () => {
  it('puts dates in ISO weeks starting on Monday and in calendar months', () => {
    expect(iso(isoWeekStart(dayNum('2026-03-01')))).toBe('2026-02-23'); // a Sunday
    expect(iso(isoWeekStart(dayNum('2026-03-02')))).toBe('2026-03-02'); // a Monday
    expect(iso(isoWeekStart(dayNum('1970-01-01')))).toBe('1969-12-29');
    expect(iso(monthStart(dayNum('2024-02-29')))).toBe('2024-02-01');
  });

  it.each([
    // zone, bucket start (UTC), its date
    ['Europe/Moscow', '2026-03-01T21:00:00Z', '2026-03-02'], // local midnight (+3 h)
    ['Europe/Moscow', '2026-03-02T00:00:00Z', '2026-03-02'], // UTC midnight
    ['America/Bogota', '2026-03-02T05:00:00Z', '2026-03-02'], // local midnight (-5 h)
    ['America/Bogota', '2026-03-02T00:00:00Z', '2026-03-02'],
    ['Europe/Berlin', '2026-03-28T23:00:00Z', '2026-03-29'], // the 23-hour day of the spring change
    ['Europe/Berlin', '2026-03-29T22:00:00Z', '2026-03-30'],
    ['Asia/Kolkata', '2026-03-01T18:30:00Z', '2026-03-02'],
  ])('a bucket of %s starting %s is dated %s', (zone, start, date) => {
    expect(iso(zoneCalendar(zone).bucketDate(Date.parse(start)))).toBe(date);
  });

  it('the instant range of a date range holds exactly the buckets dated in it', () => {
    const c = zoneCalendar('Europe/Moscow');
    const r = bucketRangeMs(c, dayNum('2026-03-02'), dayNum('2026-03-03'));
    expect(c.bucketDate(r.fromMs)).toBe(dayNum('2026-03-02'));
    expect(c.bucketDate(r.fromMs - 1)).toBe(dayNum('2026-03-01'));
    expect(c.bucketDate(r.toMs - 1)).toBe(dayNum('2026-03-03'));
    expect(c.bucketDate(r.toMs)).toBe(dayNum('2026-03-04'));
  });
});

const client = (network: string, id: string, recvKb: number, sentKb: number): ClientTotal =>
  ({ network, networkName: `net ${network}`, client: id, name: `name ${id}`, mac: `m:${id}`, manufacturer: '', os: '', recvKb, sentKb, totalKb: recvKb + sentKb });

describe('buildReport', () => {
  const query: ReportQuery = { fromMs: day('2026-03-01'), toMs: day('2026-05-01'), network: null, top: 2, tz: 'UTC', thresholdKb: null };
  const data: ReportData = {
    networks: [{ id: 'N_1', name: 'Austin Campus 1', timeZone: 'Europe/Moscow' }, { id: 'N_2', name: 'Berlin Lab 2', timeZone: 'UTC' }],
    clients: [client('N_1', 'a', 10, 1), client('N_1', 'b', 50, 5), client('N_2', 'c', 30, 3)],
    ssids: [{ network: 'N_1', networkName: 'Austin Campus 1', ssid: 'corp', recvKb: 60, sentKb: 6, totalKb: 66 }],
    buckets: [
      { network: 'N_1', startMs: Date.parse('2026-02-28T21:00:00Z'), recvKb: 20, sentKb: 2 }, // Moscow 2026-03-01
      { network: 'N_1', startMs: Date.parse('2026-03-31T21:00:00Z'), recvKb: 40, sentKb: 4 }, // Moscow 2026-04-01
      { network: 'N_2', startMs: day('2026-04-01'), recvKb: 30, sentKb: 3 },
    ],
  };
  const report = buildReport(data, query, day('2026-06-01'), calendarCache());

  it('ranks the top clients, names networks and totals every part', () => {
    expect(report.topClients.map((c) => c.client)).toEqual(['b', 'c']);
    expect(report.totals).toEqual({ recvKb: 90, sentKb: 9, totalKb: 99 });
    expect(report.networks.map((n) => [n.name, n.network, n.timeZone])).toEqual([['Austin Campus 1', 'N_1', 'Europe/Moscow'], ['Berlin Lab 2', 'N_2', 'UTC']]);
  });

  it('dates each network\'s buckets locally; totals in --tz; months with growth between whole ones', () => {
    const [n1, n2] = report.networks;
    expect(n1!.daily.filter((d) => d.totalKb > 0).map((d) => d.start)).toEqual(['2026-03-01', '2026-04-01']);
    expect(n1!.daily).toHaveLength(32); // zero days filled in between
    expect(n1!.monthly.map((m) => [m.start, m.totalKb, m.partial, m.growthPct])).toEqual([['2026-03-01', 22, false, null], ['2026-04-01', 44, false, 100]]);
    expect(n2!.monthly.map((m) => [m.start, m.partial])).toEqual([['2026-04-01', false]]);
    expect(report.daily.filter((d) => d.totalKb > 0).map((d) => [d.start, d.totalKb])).toEqual([['2026-03-01', 22], ['2026-04-01', 77]]);
    expect(n1!.weekly[0]).toMatchObject({ start: '2026-02-23', partial: true }); // the week begins before the range
    expect(n1!).toMatchObject({ daysWithData: 2, meanDailyKb: 33, p95DailyKb: 44, peakDailyKb: 44 });
    expect(n1!.trend).toEqual({ days: 2, reason: 'needs 28 whole days with usage, has 2' });
  });

  it('today and the days after the first data are partial when the range reaches them', () => {
    const now = Date.parse('2026-04-01T12:00:00Z');
    const r = buildReport(data, { ...query, toMs: day('2026-04-02') }, now, calendarCache());
    const n2 = r.networks.find((n) => n.network === 'N_2')!;
    expect(n2.daily.map((d) => [d.start, d.partial])).toEqual([['2026-04-01', true]]);
    expect(n2.monthly[0]).toMatchObject({ partial: true, growthPct: null });
  });
});
