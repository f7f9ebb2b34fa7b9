import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config/types.js';
import { formatDay, formatGrowth, formatKb } from '../report/format-units.js';
import type { UsageReport } from '../report/report-types.js';
import { hasTrend } from '../report/trends.js';

const QUERY =
  'SELECT sum("recv") / 1000 AS recv_mb, sum("sent") / 1000 AS sent_mb FROM "client_usage" ' +
  'WHERE time > now() - 31d GROUP BY "network"';

/** Where the demo's data went and how to look at it. */
export async function demoWhereText(config: Config, cwd: string): Promise<string> {
  const influx = config.influx;
  if (influx?.apiVersion === 1) {
    return [
      `data: InfluxDB ${influx.url}, database ${influx.database}, measurement client_usage`,
      'try:',
      `  influx -host ${new URL(influx.url).hostname} -port ${new URL(influx.url).port || '8086'} -database ${influx.database} -execute '${QUERY}'`,
    ].join('\n');
  }
  if (influx?.apiVersion === 2) {
    return [
      `data: InfluxDB ${influx.url}, bucket ${influx.bucket}, measurement client_usage`,
      'try (InfluxQL through the v1 compatibility API; needs a DBRP mapping on InfluxDB 2.x):',
      `  curl -G '${influx.url.replace(/\/$/, '')}/query' -H 'Authorization: Token $INFLUX_TOKEN' --data-urlencode 'db=${influx.bucket}' --data-urlencode 'q=${QUERY}'`,
    ].join('\n');
  }
  const dir = config.fileSink.dir;
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.lp')).sort();
  const shown = relative(cwd, dir) || '.';
  const lines = [`data: line-protocol files in ${shown}: ${files.join(', ') || '(none)'}`, 'import into InfluxDB:'];
  for (const f of files) {
    const path = join(shown, f);
    lines.push(`  influx -import -path=${path} -precision=s            # InfluxDB 1.x`);
    lines.push(`  influx write --bucket meraki --precision s --file ${path}   # InfluxDB 2.x`);
  }
  lines.push(`then query: ${QUERY}`);
  return lines.join('\n');
}

/** The demo's summary: history kept against the API's 31 days, the top networks, their growth and forecast. */
export function demoSummaryText(report: UsageReport): string {
  const days = Math.round((report.query.toMs - report.query.fromMs) / 86_400_000);
  const lines = [
    `history kept: ${days} days (${formatDay(report.query.fromMs)} .. ${formatDay(report.query.toMs - 1)}); the Meraki API serves only the last 31`,
    'top networks (total over the history, trend growth a month, forecast of the next 90 days):',
  ];
  for (const n of report.networks.slice(0, 3)) {
    const t = n.trend;
    const trend = hasTrend(t)
      ? `${formatGrowth(t.growthPctPerMonth.value)}/month (${formatGrowth(t.growthPctPerMonth.low)} .. ${formatGrowth(t.growthPctPerMonth.high)}), next 90 days ${formatKb(t.totalKb.value)}, p95 day ${formatKb(t.p95DailyKb.value)}`
      : `no trend (${t.reason})`;
    lines.push(`  ${n.name} (${n.network}, ${n.timeZone}): ${formatKb(n.totalKb)}; ${trend}`);
  }
  if (hasTrend(report.trend)) lines.push(`  all networks: ${formatGrowth(report.trend.growthPctPerMonth.value)}/month, next 90 days ${formatKb(report.trend.totalKb.value)}`);
  return lines.join('\n');
}

/** How to open the HTML report and run the report yourself. */
export function demoReportText(htmlPath: string, cwd: string): string {
  const shown = relative(cwd, htmlPath) || htmlPath;
  return [
    `report: ${shown} (open it in a browser: xdg-open ${shown}, open ${shown} on macOS, or ${pathToFileURL(htmlPath).href})`,
    '  the same as text, CSV or JSON: meraki-usage report --from <first day> [--csv | --json] [--threshold 5GB]',
  ].join('\n');
}

/** Grafana: the compose stack's InfluxDB 2.x and dashboards, loaded with the demo's files. */
export const GRAFANA_TEXT =
  'dashboards: `docker compose up -d` starts InfluxDB 2.7 and Grafana (http://localhost:3000) with the dashboards; load these files with\n' +
  '  the `influx write` lines above (bucket meraki), or run the demo with INFLUX_URL (and INFLUX_API_VERSION, INFLUX_DATABASE or INFLUX_TOKEN/ORG/BUCKET) set';
