import { formatGrowth, formatKb } from './format-units.js';
import type { Estimate, MonthTotal, NetworkReport, NoTrend, PeriodTotal, Trend, UsageReport } from './report-types.js';
import { hasTrend } from './trends.js';

export type SectionId =
  | 'networks' | 'forecast' | 'top-clients' | 'ssids' | 'network-monthly' | 'network-weekly'
  | 'daily' | 'weekly' | 'monthly' | 'forecast-monthly';

/** One table of the report: headings, CSV keys, and rows of display cells plus the raw value behind each cell. */
export interface ReportSection {
  id: SectionId;
  title: string;
  columns: string[];
  /** The CSV column of each column (see CSV_COLUMNS). */
  keys: string[];
  /** Which columns are numbers (right-aligned). */
  numeric: boolean[];
  rows: { cells: string[]; raw: (string | number | null)[]; partial?: boolean; extra?: Record<string, string | number | null> }[];
}

type Col = [title: string, key: string, numeric: boolean];
/** Display text, raw value, and raw values of further CSV columns (e.g. an interval's upper end). */
type Cell = [cell: string, raw: string | number | null, extra?: Record<string, string | number | null>];

const USAGE_COLS: Col[] = [['Received', 'recv_kb', true], ['Sent', 'sent_kb', true], ['Total', 'total_kb', true]];
const kb = (v: number): Cell => [formatKb(v), v];
const str = (v: string): Cell => [v, v];
const usageCells = (u: { recvKb: number; sentKb: number; totalKb: number }): Cell[] => [kb(u.recvKb), kb(u.sentKb), kb(u.totalKb)];
const partialCell = (p: boolean): Cell => [p ? 'partial' : '', p ? 1 : 0];
/** An interval cell: `low .. high`, raw low, the high in the `<key>_high` CSV column. */
const range = (e: Estimate, f: (v: number) => string, highKey: string): Cell => [`${f(e.low)} .. ${f(e.high)}`, e.low, { [highKey]: e.high }];

function section(id: SectionId, title: string, cols: Col[], rows: { cells: Cell[]; partial?: boolean }[]): ReportSection {
  return {
    id,
    title,
    columns: cols.map((c) => c[0]),
    keys: cols.map((c) => c[1]),
    numeric: cols.map((c) => c[2]),
    rows: rows.map((r) => {
      const extra = Object.assign({}, ...r.cells.map((c) => c[2] ?? {})) as Record<string, string | number | null>;
      return { cells: r.cells.map((c) => c[0]), raw: r.cells.map((c) => c[1]), ...(r.partial === undefined ? {} : { partial: r.partial }), ...(Object.keys(extra).length ? { extra } : {}) };
    }),
  };
}

function periodRows(list: readonly (PeriodTotal | MonthTotal)[], lead: Cell[] = []): { cells: Cell[]; partial: boolean }[] {
  return list.map((p) => ({
    cells: [...lead, str(p.start.slice(0, 'growthPct' in p ? 7 : 10)), ...usageCells(p), ...('growthPct' in p ? [[formatGrowth(p.growthPct), p.growthPct] as Cell] : []), partialCell(p.partial)],
    partial: p.partial,
  }));
}

function forecastCells(t: Trend | NoTrend, withThreshold: boolean): Cell[] {
  if (!hasTrend(t)) return [[`n/a (${t.reason})`, null], ['', null], ['', null], ['', null], ['', null], ['', null], ...(withThreshold ? [['', null] as Cell, ['', null] as Cell] : [])];
  const g = t.growthPctPerMonth;
  const cells: Cell[] = [
    [formatGrowth(g.value), g.value], range(g, formatGrowth, 'growth_high'),
    kb(t.totalKb.value), range(t.totalKb, formatKb, 'forecast_total_high'), kb(t.p95DailyKb.value), range(t.p95DailyKb, formatKb, 'forecast_p95_high'),
  ];
  if (withThreshold) {
    const th = t.threshold;
    const date = th === null ? '' : th.already ? `already (${th.date})` : th.date ?? 'not within 3 years';
    cells.push([date, th?.date ?? null], [th ? `${th.earliest ?? '-'} .. ${th.latest ?? 'later'}` : '', th?.earliest ?? null, { threshold_latest: th?.latest ?? null }]);
  }
  return cells;
}

/** The report as display tables, shared by the text, HTML and (through `raw` and `keys`) CSV outputs. */
export function reportSections(report: UsageReport): ReportSection[] {
  const nets = report.networks;
  const threshold = report.query.thresholdKb !== null;
  const netLead = (n: NetworkReport): Cell[] => [str(n.name), str(n.network)];
  const forecastCols: Col[] = [
    ['Network', 'network_name', false], ['ID', 'network', false], ['Whole days', 'days', true],
    ['Growth/month', 'growth_pct_month', true], ['Interval', 'growth_low', false],
    ['Next 90 days', 'forecast_total_kb', true], ['Interval', 'forecast_total_low', false],
    ['P95 day, next 90 days', 'forecast_p95_kb', true], ['Interval', 'forecast_p95_low', false],
    ...(threshold ? ([['P95 day exceeds threshold', 'threshold_date', false], ['Earliest .. latest', 'threshold_earliest', false]] as Col[]) : []),
  ];
  const forecastRow = (name: string, id: string, t: Trend | NoTrend): { cells: Cell[] } => ({ cells: [str(name), str(id), [String(t.days), t.days], ...forecastCells(t, threshold)] });
  return [
    section('networks', 'Totals per network', [['Network', 'network_name', false], ['ID', 'network', false], ['Time zone', 'time_zone', false], ...USAGE_COLS,
      ['Days', 'days', true], ['Mean/day', 'mean_daily_kb', true], ['P95/day', 'p95_daily_kb', true], ['Peak/day', 'peak_daily_kb', true]],
    nets.map((n) => ({ cells: [...netLead(n), str(n.timeZone), ...usageCells(n), [String(n.daysWithData), n.daysWithData], kb(n.meanDailyKb), kb(n.p95DailyKb), kb(n.peakDailyKb)] }))),
    section('forecast', `Trend and ${90}-day forecast (weekday-aware trend; intervals about 95%)`, forecastCols,
      [...nets.map((n) => forecastRow(n.name, n.network, n.trend)), forecastRow(`All networks (${report.query.tz})`, '', report.trend)]),
    section('top-clients', `Top ${report.query.top} clients`, [['#', 'rank', true], ['Client', 'client_name', false], ['Network', 'network_name', false], ['Client id', 'client', false],
      ['MAC', 'mac', false], ['Manufacturer', 'manufacturer', false], ['OS', 'os', false], ...USAGE_COLS],
    report.topClients.map((c, i) => ({ cells: [[String(i + 1), i + 1], str(c.name), str(c.networkName), str(c.client), str(c.mac), str(c.manufacturer), str(c.os), ...usageCells(c)] }))),
    section('ssids', 'Totals per SSID', [['Network', 'network_name', false], ['ID', 'network', false], ['SSID', 'ssid', false], ...USAGE_COLS],
      report.ssids.map((s) => ({ cells: [str(s.networkName), str(s.network), [s.ssid || '(none)', s.ssid], ...usageCells(s)] }))),
    section('network-monthly', 'Monthly totals per network (local months; growth between whole months)', [['Network', 'network_name', false], ['Month', 'period', false], ...USAGE_COLS, ['Growth', 'growth_pct', true], ['Partial', 'partial', false]],
      nets.flatMap((n) => periodRows(n.monthly, [str(n.name)]))),
    section('network-weekly', 'Weekly totals per network (local ISO weeks, from Monday)', [['Network', 'network_name', false], ['Week of', 'period', false], ...USAGE_COLS, ['Partial', 'partial', false]],
      nets.flatMap((n) => periodRows(n.weekly, [str(n.name)]))),
    section('daily', `Daily totals, all networks (${report.query.tz} dates)`, [['Day', 'period', false], ...USAGE_COLS, ['Partial', 'partial', false]], periodRows(report.daily)),
    section('weekly', `Weekly totals, all networks (ISO weeks, ${report.query.tz})`, [['Week of', 'period', false], ...USAGE_COLS, ['Partial', 'partial', false]], periodRows(report.weekly)),
    section('monthly', `Monthly totals and month-over-month growth, all networks (${report.query.tz})`, [['Month', 'period', false], ...USAGE_COLS, ['Growth', 'growth_pct', true], ['Partial', 'partial', false]], periodRows(report.monthly)),
    section('forecast-monthly', 'Forecast per month (months the 90 days touch)', [['Network', 'network_name', false], ['Month', 'period', false], ['Total', 'forecast_total_kb', true], ['Interval', 'forecast_total_low', false],
      ['P95 day', 'forecast_p95_kb', true], ['Interval', 'forecast_p95_low', false], ['Partial', 'partial', false]],
    [...nets.map((n) => [n.name, n.trend] as const), [`All networks (${report.query.tz})`, report.trend] as const].flatMap(([name, t]) =>
      hasTrend(t) ? t.months.map((m) => ({ cells: [str(name), str(m.start.slice(0, 7)), kb(m.totalKb.value), range(m.totalKb, formatKb, 'forecast_total_high'), kb(m.p95DailyKb.value), range(m.p95DailyKb, formatKb, 'forecast_p95_high'), partialCell(m.partial)], partial: m.partial })) : [])),
  ];
}
