import { formatDay, formatKb } from './format-units.js';
import { reportSections, type ReportSection } from './report-sections.js';
import type { UsageReport } from './report-types.js';

/** One section as an aligned plain-text table. */
export function textTable(section: ReportSection): string {
  const widths = section.columns.map((c, i) => Math.max(c.length, ...section.rows.map((r) => (r.cells[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (section.numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const body = section.rows.length === 0 ? ['(no data)'] : section.rows.map((r) => line(r.cells));
  return [section.title, line(section.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...body].join('\n');
}

/** The heading lines every format states: range, zones, source. */
export function reportHeading(report: UsageReport): string[] {
  const q = report.query;
  return [
    `Usage report ${formatDay(q.fromMs)} .. ${formatDay(q.toMs - 1)}${q.network === null ? '' : `, network ${q.network}`}`,
    `Dates: each network's own local dates (its time zone); totals over all networks in ${q.tz} (--tz). ` +
      'Partial periods (cut by the range, the first data or today) are marked and left out of growth.',
    `Source: ${report.source || 'n/a'}`,
  ];
}

/** The whole report as text tables (the default output). */
export function formatTextReport(report: UsageReport): string {
  const header = [...reportHeading(report), `Total: ${formatKb(report.totals.totalKb)} (received ${formatKb(report.totals.recvKb)}, sent ${formatKb(report.totals.sentKb)})`].join('\n');
  return [header, ...reportSections(report).map(textTable)].join('\n\n') + '\n';
}
