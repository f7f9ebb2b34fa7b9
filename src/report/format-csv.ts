import { reportSections } from './report-sections.js';
import type { UsageReport } from './report-types.js';

/** The CSV header: one table for every section; columns that do not apply to a section are empty. */
export const CSV_COLUMNS = [
  'section', 'network_name', 'network', 'time_zone', 'period', 'partial', 'ssid', 'rank', 'client_name', 'client', 'mac', 'manufacturer', 'os',
  'recv_kb', 'sent_kb', 'total_kb', 'days', 'mean_daily_kb', 'p95_daily_kb', 'peak_daily_kb', 'growth_pct',
  'growth_pct_month', 'growth_low', 'growth_high', 'forecast_total_kb', 'forecast_total_low', 'forecast_total_high',
  'forecast_p95_kb', 'forecast_p95_low', 'forecast_p95_high', 'threshold_date', 'threshold_earliest', 'threshold_latest',
] as const;

/** RFC 4180 quoting; cells that a spreadsheet would run as a formula get a leading quote. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report as one CSV table (exact kilobytes, no unit formatting; partial = 1 for partial periods). */
export function formatCsvReport(report: UsageReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const section of reportSections(report)) {
    for (const row of section.rows) {
      const record: Record<string, string | number | null> = { section: section.id, ...row.extra };
      section.keys.forEach((k, i) => (record[k] = row.raw[i] ?? null));
      lines.push(CSV_COLUMNS.map((c) => csvCell(record[c] ?? null)).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** The report as JSON: the report object plus the range as ISO dates. */
export function formatJsonReport(report: UsageReport): string {
  const range = { from: new Date(report.query.fromMs).toISOString().slice(0, 10), to: new Date(report.query.toMs - 1).toISOString().slice(0, 10) };
  return JSON.stringify({ range, ...report }, null, 2) + '\n';
}
