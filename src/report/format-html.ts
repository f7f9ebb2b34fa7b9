import { formatDay, formatKb, formatMonth } from './format-units.js';
import { reportSections, type ReportSection } from './report-sections.js';
import type { UsageReport } from './report-types.js';
import { barChart, columnChart, escapeXml } from './svg-charts.js';

const RECV_COLOR = '#2b6cb0';
const SENT_COLOR = '#dd8a2b';
const TOTAL_COLOR = '#2f855a';

const STYLE = `body{font-family:system-ui,sans-serif;margin:24px;color:#1a202c;max-width:960px}
h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{padding:3px 10px;border-bottom:1px solid #eee}
th{text-align:left;background:#f7fafc}td.n{text-align:right;font-variant-numeric:tabular-nums}
.summary{font-size:15px}.note{color:#555;font-size:12px}`;

/** A section's table; numeric cells carry their exact value in `data-value` (kilobytes for amounts). */
function htmlTable(section: ReportSection): string {
  const head = section.columns.map((c) => `<th>${escapeXml(c)}</th>`).join('');
  const body = section.rows
    .map((r) => '<tr>' + r.cells.map((c, i) => {
      const raw = r.raw[i];
      const attr = section.numeric[i] && typeof raw === 'number' ? ` class="n" data-value="${raw}"` : '';
      return `<td${attr}>${escapeXml(c)}</td>`;
    }).join('') + '</tr>')
    .join('\n');
  return `<table id="table-${section.id}"><thead><tr>${head}</tr></thead><tbody>${body || '<tr><td>(no data)</td></tr>'}</tbody></table>`;
}

function charts(report: UsageReport): Record<ReportSection['id'], string> {
  const stacked = (title: string, list: readonly { recvKb: number; sentKb: number }[], labels: string[]): string =>
    columnChart({
      title,
      labels,
      series: [
        { name: 'Received', color: RECV_COLOR, values: list.map((d) => d.recvKb) },
        { name: 'Sent', color: SENT_COLOR, values: list.map((d) => d.sentKb) },
      ],
      formatValue: formatKb,
    });
  return {
    'top-clients': barChart({ title: 'Top clients', items: report.topClients.map((c) => ({ label: `${c.client} (${c.network})`, value: c.totalKb })), color: TOTAL_COLOR, formatValue: formatKb }),
    networks: barChart({ title: 'Totals per network', items: report.networks.map((n) => ({ label: n.network, value: n.totalKb })), color: TOTAL_COLOR, formatValue: formatKb }),
    ssids: barChart({ title: 'Totals per SSID', items: report.ssids.map((s) => ({ label: `${s.ssid || '(none)'} (${s.network})`, value: s.totalKb })), color: TOTAL_COLOR, formatValue: formatKb }),
    daily: stacked('Daily totals', report.daily, report.daily.map((d) => formatDay(d.startMs).slice(5))),
    weekly: stacked('Weekly totals', report.weekly, report.weekly.map((d) => formatDay(d.startMs).slice(5))),
    monthly: stacked('Monthly totals', report.monthly, report.monthly.map((d) => formatMonth(d.startMs))),
  };
}

/** One self-contained HTML page (inline CSS and SVG, no scripts, no external resources) a planner can mail. */
export function formatHtmlReport(report: UsageReport): string {
  const q = report.query;
  const range = `${formatDay(q.fromMs)} to ${formatDay(q.toMs - 1)} (UTC)`;
  const chartById = charts(report);
  const sections = reportSections(report)
    .map((s) => {
      // Long day-by-day tables are folded away; the chart shows them, the table stays one click away.
      const table = s.id === 'daily' ? `<details><summary>Table (${s.rows.length} days)</summary>${htmlTable(s)}</details>` : htmlTable(s);
      return `<section id="${s.id}"><h2>${escapeXml(s.title)}</h2>\n<figure>${chartById[s.id]}</figure>\n${table}</section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Meraki usage report ${escapeXml(range)}</title><style>${STYLE}</style></head>
<body><h1>Meraki usage report</h1>
<p class="summary">${escapeXml(range)}${q.network === null ? '' : `, network ${escapeXml(q.network)}`}.
Total <strong id="total" data-value="${report.totals.totalKb}">${escapeXml(formatKb(report.totals.totalKb))}</strong>
(received ${escapeXml(formatKb(report.totals.recvKb))}, sent ${escapeXml(formatKb(report.totals.sentKb))}).</p>
<p class="note">Amounts are the kilobytes stored by the collector (1 MB = 1000 KB). Days are UTC days.
Mean and 95th percentile per day are over the days with usage. Growth compares whole months only.
Generated ${escapeXml(new Date(report.generatedAtMs).toISOString())}.</p>
${sections}
</body></html>
`;
}
