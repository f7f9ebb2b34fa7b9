import { reportSections } from './report-sections.js';
import type { UsageReport } from './report-types.js';

/** The CSV header: one table for every section, columns that do not apply to a section are empty. */
export const CSV_COLUMNS = [
  'section', 'period', 'network', 'ssid', 'client', 'mac', 'rank',
  'recv_kb', 'sent_kb', 'total_kb', 'days', 'mean_daily_kb', 'p95_daily_kb', 'peak_daily_kb', 'growth_pct', 'whole_month',
] as const;

type Column = (typeof CSV_COLUMNS)[number];

/** Maps each section's raw values to CSV columns, in the order of its `raw` array. */
const SECTION_COLUMNS: Record<string, Column[]> = {
  'top-clients': ['rank', 'network', 'client', 'mac', 'recv_kb', 'sent_kb', 'total_kb'],
  networks: ['network', 'recv_kb', 'sent_kb', 'total_kb', 'days', 'mean_daily_kb', 'p95_daily_kb', 'peak_daily_kb'],
  ssids: ['network', 'ssid', 'recv_kb', 'sent_kb', 'total_kb'],
  daily: ['period', 'recv_kb', 'sent_kb', 'total_kb'],
  weekly: ['period', 'recv_kb', 'sent_kb', 'total_kb'],
  monthly: ['period', 'recv_kb', 'sent_kb', 'total_kb', 'growth_pct', 'whole_month'],
};

/** RFC 4180 quoting; cells that a spreadsheet would run as a formula get a leading quote. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report as one CSV table (exact kilobytes, no unit formatting). */
export function formatCsvReport(report: UsageReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const section of reportSections(report)) {
    const columns = SECTION_COLUMNS[section.id] ?? [];
    for (const row of section.rows) {
      const record: Partial<Record<Column, string | number | null>> = { section: section.id };
      columns.forEach((c, i) => (record[c] = row.raw[i] ?? null));
      lines.push(CSV_COLUMNS.map((c) => csvCell(record[c] ?? null)).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** The report as JSON: the report object plus the range as ISO dates. */
export function formatJsonReport(report: UsageReport): string {
  const range = { from: new Date(report.query.fromMs).toISOString(), toExclusive: new Date(report.query.toMs).toISOString() };
  return JSON.stringify({ range, ...report }, null, 2) + '\n';
}
