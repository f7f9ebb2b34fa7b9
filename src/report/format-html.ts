import { formatGrowth, formatKb } from './format-units.js';
import { reportSections, type ReportSection, type SectionId } from './report-sections.js';
import { reportHeading } from './format-text.js';
import type { NoTrend, PeriodTotal, Trend, UsageReport } from './report-types.js';
import { barChart, columnChart, escapeXml } from './svg-charts.js';
import { trendChart } from './svg-trend-chart.js';
import { hasTrend } from './trends.js';

const RECV_COLOR = '#2b6cb0';
const SENT_COLOR = '#dd8a2b';
const TOTAL_COLOR = '#2f855a';

const STYLE = `body{font-family:system-ui,sans-serif;margin:24px;color:#1a202c;max-width:1180px}
h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ddd}h3{font-size:15px;margin:18px 0 4px}
.scroll{max-width:100%;overflow-x:auto}
table{border-collapse:collapse;font-size:12px;margin:8px 0}th,td{padding:3px 8px;border-bottom:1px solid #eee}td.n{white-space:nowrap}
th{text-align:left;background:#f7fafc;white-space:normal;vertical-align:bottom}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.partial td{color:#777;font-style:italic}
svg{max-width:100%;height:auto}
.summary{font-size:15px}.note{color:#555;font-size:12px}.id{color:#777;font-size:12px}`;

/** A section's table; numeric cells carry their exact value in `data-value` (kilobytes for amounts). */
function htmlTable(section: ReportSection): string {
  const head = section.columns.map((c) => `<th>${escapeXml(c)}</th>`).join('');
  const body = section.rows
    .map((r) => `<tr${r.partial ? ' class="partial"' : ''}>` + r.cells.map((c, i) => {
      const raw = r.raw[i];
      const attr = section.numeric[i] && typeof raw === 'number' ? ` class="n" data-value="${raw}"` : '';
      return `<td${attr}>${escapeXml(c)}</td>`;
    }).join('') + '</tr>')
    .join('\n');
  return `<div class="scroll"><table id="table-${section.id}"><thead><tr>${head}</tr></thead><tbody>${body || '<tr><td>(no data)</td></tr>'}</tbody></table></div>`;
}

const dayNum = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

function networkChart(title: string, daily: readonly PeriodTotal[], trend: Trend | NoTrend): string {
  return trendChart({
    title,
    days: daily.map((d) => dayNum(d.start)),
    values: daily.map((d) => d.totalKb),
    partial: daily.map((d) => d.partial),
    fittedStart: hasTrend(trend) ? dayNum(trend.fittedStart) : 0,
    fitted: hasTrend(trend) ? trend.fittedKb : [],
    forecastStart: hasTrend(trend) ? dayNum(trend.forecastStart) : 0,
    forecast: hasTrend(trend) ? trend.dailyKb : [],
    formatValue: formatKb,
  });
}

function trendLine(trend: Trend | NoTrend): string {
  if (!hasTrend(trend)) return `No trend: ${trend.reason}.`;
  const g = trend.growthPctPerMonth;
  return `Growth ${formatGrowth(g.value)} a month (${formatGrowth(g.low)} .. ${formatGrowth(g.high)}); next 90 days ${formatKb(trend.totalKb.value)} ` +
    `(${formatKb(trend.totalKb.low)} .. ${formatKb(trend.totalKb.high)}), p95 day ${formatKb(trend.p95DailyKb.value)}` +
    (trend.threshold ? `; p95 day exceeds ${formatKb(trend.threshold.kb)} ${trend.threshold.already ? 'already' : trend.threshold.date ? `on ${trend.threshold.date}` : 'not within 3 years'}` : '') + '.';
}

/** One chart per network (history, trend, forecast band), names first and the id beside. */
function networkFigures(report: UsageReport): string {
  const figures = report.networks.map((n, i) =>
    `<figure class="network" id="network-${i + 1}"><h3>${escapeXml(n.name)} <span class="id">${escapeXml(n.network)}, ${escapeXml(n.timeZone)}</span></h3>` +
    `${networkChart(`${n.name}: daily totals, trend and forecast`, n.daily, n.trend)}<figcaption>${escapeXml(trendLine(n.trend))}</figcaption></figure>`);
  const all = `<figure class="network" id="network-all"><h3>All networks <span class="id">${escapeXml(report.query.tz)} dates</span></h3>` +
    `${networkChart('All networks: daily totals, trend and forecast', report.daily, report.trend)}<figcaption>${escapeXml(trendLine(report.trend))}</figcaption></figure>`;
  return `<section id="trends"><h2>History, trend and forecast per network</h2>\n${figures.join('\n')}\n${all}</section>`;
}

function charts(report: UsageReport): Partial<Record<SectionId, string>> {
  return {
    'top-clients': barChart({ title: 'Top clients', items: report.topClients.map((c) => ({ label: `${c.name} (${c.networkName})`, value: c.totalKb })), color: TOTAL_COLOR, formatValue: formatKb }),
    networks: barChart({ title: 'Totals per network', items: report.networks.map((n) => ({ label: n.name, value: n.totalKb })), color: TOTAL_COLOR, formatValue: formatKb }),
    ssids: barChart({ title: 'Totals per SSID', items: report.ssids.map((s) => ({ label: `${s.ssid || '(none)'} (${s.networkName})`, value: s.totalKb })), color: TOTAL_COLOR, formatValue: formatKb }),
    monthly: columnChart({
      title: 'Monthly totals',
      labels: report.monthly.map((m) => m.start.slice(0, 7) + (m.partial ? ' (partial)' : '')),
      series: [
        { name: 'Received', color: RECV_COLOR, values: report.monthly.map((d) => d.recvKb) },
        { name: 'Sent', color: SENT_COLOR, values: report.monthly.map((d) => d.sentKb) },
      ],
      formatValue: formatKb,
    }),
  };
}

/** Long tables are folded away (the charts show them); the table stays one click away. */
const FOLDED: ReadonlySet<SectionId> = new Set(['daily', 'network-weekly', 'weekly']);

/** One self-contained HTML page (inline CSS and SVG, no scripts, no external resources) a planner can mail. */
export function formatHtmlReport(report: UsageReport): string {
  const [range, zones, source] = reportHeading(report);
  const chartById = charts(report);
  const sections = reportSections(report)
    .map((s) => {
      const table = FOLDED.has(s.id) ? `<details><summary>Table (${s.rows.length} rows)</summary>${htmlTable(s)}</details>` : htmlTable(s);
      const chart = chartById[s.id];
      return `<section id="${s.id}"><h2>${escapeXml(s.title)}</h2>\n${chart ? `<figure>${chart}</figure>\n` : ''}${table}</section>`;
    });
  const [networks, forecast, ...rest] = sections;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Meraki usage report ${escapeXml(range ?? '')}</title><style>${STYLE}</style></head>
<body><h1>Meraki usage report</h1>
<p class="summary">${escapeXml(range ?? '')}.
Total <strong id="total" data-value="${report.totals.totalKb}">${escapeXml(formatKb(report.totals.totalKb))}</strong>
(received ${escapeXml(formatKb(report.totals.recvKb))}, sent ${escapeXml(formatKb(report.totals.sentKb))}).</p>
<p class="note">${escapeXml(zones ?? '')} Amounts are the kilobytes stored by the collector (1 MB = 1000 KB).
Mean and 95th percentile per day are over the days with usage. ${escapeXml(source ?? '')}.
Generated ${escapeXml(new Date(report.generatedAtMs).toISOString())}.</p>
${networks ?? ''}
${forecast ?? ''}
${networkFigures(report)}
${rest.join('\n')}
</body></html>
`;
}
