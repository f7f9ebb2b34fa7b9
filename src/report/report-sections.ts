import { formatDay, formatGrowth, formatKb, formatMonth } from './format-units.js';
import type { UsageReport } from './report-types.js';

/** One table of the report: headings, and rows of display cells plus the raw value behind each cell. */
export interface ReportSection {
  id: 'top-clients' | 'networks' | 'ssids' | 'daily' | 'weekly' | 'monthly';
  title: string;
  columns: string[];
  /** Which columns are numbers (right-aligned). */
  numeric: boolean[];
  rows: { cells: string[]; raw: (string | number | null)[] }[];
}

const kbCells = (u: { recvKb: number; sentKb: number; totalKb: number }): string[] => [formatKb(u.recvKb), formatKb(u.sentKb), formatKb(u.totalKb)];
const kbRaw = (u: { recvKb: number; sentKb: number; totalKb: number }): number[] => [u.recvKb, u.sentKb, u.totalKb];
const USAGE_COLUMNS = ['Received', 'Sent', 'Total'];

/** The report as display tables, shared by the text, HTML and (through `raw`) CSV outputs. */
export function reportSections(report: UsageReport): ReportSection[] {
  const periods = (id: 'daily' | 'weekly', title: string, list: UsageReport['daily']): ReportSection => ({
    id,
    title,
    columns: [id === 'daily' ? 'Day' : 'Week of', ...USAGE_COLUMNS],
    numeric: [false, true, true, true],
    rows: list.map((p) => ({ cells: [formatDay(p.startMs), ...kbCells(p)], raw: [formatDay(p.startMs), ...kbRaw(p)] })),
  });
  return [
    {
      id: 'top-clients',
      title: `Top ${report.query.top} clients`,
      columns: ['#', 'Network', 'Client', 'MAC', ...USAGE_COLUMNS],
      numeric: [true, false, false, false, true, true, true],
      rows: report.topClients.map((c, i) => ({
        cells: [String(i + 1), c.network, c.client, c.mac, ...kbCells(c)],
        raw: [i + 1, c.network, c.client, c.mac, ...kbRaw(c)],
      })),
    },
    {
      id: 'networks',
      title: 'Totals per network',
      columns: ['Network', ...USAGE_COLUMNS, 'Days', 'Mean/day', 'P95/day', 'Peak/day'],
      numeric: [false, true, true, true, true, true, true, true],
      rows: report.networks.map((n) => ({
        cells: [n.network, ...kbCells(n), String(n.daysWithData), formatKb(n.meanDailyKb), formatKb(n.p95DailyKb), formatKb(n.peakDailyKb)],
        raw: [n.network, ...kbRaw(n), n.daysWithData, n.meanDailyKb, n.p95DailyKb, n.peakDailyKb],
      })),
    },
    {
      id: 'ssids',
      title: 'Totals per SSID',
      columns: ['Network', 'SSID', ...USAGE_COLUMNS],
      numeric: [false, false, true, true, true],
      rows: report.ssids.map((s) => ({
        cells: [s.network, s.ssid || '(none)', ...kbCells(s)],
        raw: [s.network, s.ssid, ...kbRaw(s)],
      })),
    },
    periods('daily', 'Daily totals', report.daily),
    periods('weekly', 'Weekly totals (ISO weeks, from Monday)', report.weekly),
    {
      id: 'monthly',
      title: 'Monthly totals and month-over-month growth',
      columns: ['Month', ...USAGE_COLUMNS, 'Growth', 'Whole month'],
      numeric: [false, true, true, true, true, false],
      rows: report.monthly.map((m) => ({
        cells: [formatMonth(m.startMs), ...kbCells(m), formatGrowth(m.growthPct), m.partial ? 'no' : 'yes'],
        raw: [formatMonth(m.startMs), ...kbRaw(m), m.growthPct, m.partial ? 0 : 1],
      })),
    },
  ];
}
