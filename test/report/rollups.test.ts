import { describe, expect, it } from 'vitest';
import { buildReport, monthlyWithGrowth, percentile, rollUp, weekStartMs } from '../../src/report/rollups.js';
import type { ReportData, ReportQuery } from '../../src/report/report-types.js';

const DAY = 86_400_000;
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

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

describe('calendar rollups (UTC)', () => {
  it('puts days in ISO weeks starting on Monday', () => {
    expect(weekStartMs(day('2026-03-01'))).toBe(day('2026-02-23')); // a Sunday
    expect(weekStartMs(day('2026-03-02'))).toBe(day('2026-03-02')); // a Monday
    expect(weekStartMs(day('2026-03-04') + 5 * 3_600_000)).toBe(day('2026-03-02'));
  });

  it('sums rows per period in start order', () => {
    const rows = [
      { dayStartMs: day('2026-03-03'), recvKb: 1, sentKb: 2 },
      { dayStartMs: day('2026-03-02'), recvKb: 4, sentKb: 8 },
      { dayStartMs: day('2026-03-09'), recvKb: 16, sentKb: 32 },
    ];
    expect(rollUp(rows, weekStartMs)).toEqual([
      { startMs: day('2026-03-02'), recvKb: 5, sentKb: 10, totalKb: 15 },
      { startMs: day('2026-03-09'), recvKb: 16, sentKb: 32, totalKb: 48 },
    ]);
  });

  it('computes growth between whole, consecutive months only', () => {
    const months = [day('2026-01-01'), day('2026-02-01'), day('2026-03-01'), day('2026-04-01')].map((startMs, i) => ({
      startMs, recvKb: 100 * (i + 1), sentKb: 0, totalKb: 100 * (i + 1),
    }));
    const out = monthlyWithGrowth(months, { fromMs: day('2026-01-15'), toMs: day('2026-04-10') });
    expect(out.map((m) => [m.partial, m.growthPct])).toEqual([[true, null], [false, null], [false, 50], [true, null]]);
  });
});

describe('buildReport', () => {
  const query: ReportQuery = { fromMs: day('2026-03-01'), toMs: day('2026-05-01'), network: null, top: 2 };
  const data: ReportData = {
    clients: [
      { network: 'N_1', client: 'a', mac: 'm:a', recvKb: 10, sentKb: 1, totalKb: 11 },
      { network: 'N_1', client: 'b', mac: 'm:b', recvKb: 50, sentKb: 5, totalKb: 55 },
      { network: 'N_2', client: 'c', mac: 'm:c', recvKb: 30, sentKb: 3, totalKb: 33 },
    ],
    ssids: [{ network: 'N_1', ssid: 'corp', recvKb: 60, sentKb: 6, totalKb: 66 }, { network: 'N_2', ssid: '', recvKb: 30, sentKb: 3, totalKb: 33 }],
    networkDays: [
      { network: 'N_1', dayStartMs: day('2026-03-01'), recvKb: 20, sentKb: 2 },
      { network: 'N_1', dayStartMs: day('2026-04-01'), recvKb: 40, sentKb: 4 },
      { network: 'N_2', dayStartMs: day('2026-04-01'), recvKb: 30, sentKb: 3 },
    ],
  };
  const report = buildReport(data, query, 1);

  it('ranks the top clients and totals every part', () => {
    expect(report.topClients.map((c) => c.client)).toEqual(['b', 'c']);
    expect(report.totals).toEqual({ recvKb: 90, sentKb: 9, totalKb: 99 });
    expect(report.daily.map((d) => d.totalKb)).toEqual([22, 77]);
    expect(report.monthly.map((m) => [m.totalKb, m.partial, m.growthPct])).toEqual([[22, false, null], [77, false, 250]]);
  });

  it('gives per-network daily statistics over the days with data', () => {
    expect(report.networks).toEqual([
      { network: 'N_1', recvKb: 60, sentKb: 6, totalKb: 66, daysWithData: 2, meanDailyKb: 33, p95DailyKb: 44, peakDailyKb: 44 },
      { network: 'N_2', recvKb: 30, sentKb: 3, totalKb: 33, daysWithData: 1, meanDailyKb: 33, p95DailyKb: 33, peakDailyKb: 33 },
    ]);
    expect(report.weekly.map((w) => w.startMs)).toEqual([weekStartMs(day('2026-03-01')), weekStartMs(day('2026-04-01'))]);
    expect(report.weekly[0]!.startMs + 7 * DAY).toBeGreaterThan(day('2026-03-01'));
  });
});
