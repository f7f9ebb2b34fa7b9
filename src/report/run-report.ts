import { writeFile } from 'node:fs/promises';
import type { Config } from '../config/types.js';
import { formatCsvReport, formatJsonReport } from './format-csv.js';
import { formatHtmlReport } from './format-html.js';
import { formatTextReport } from './format-text.js';
import { createInfluxQlClient, type InfluxQlClient } from '../sink/influxql-client.js';
import { fetchReportData } from './report-queries.js';
import { ReportOptionError, type ReportOptions } from './report-options.js';
import type { UsageReport } from './report-types.js';
import { buildReport } from './rollups.js';

/** Where the report goes; everything but `stdout` has a default. */
export interface ReportIo {
  stdout: { write(text: string): unknown };
  /** Writes the HTML file. Default: fs.promises.writeFile (UTF-8). */
  writeFile?: (path: string, text: string) => Promise<void>;
  /** The query client (tests). Default: built from `config.influx`. */
  influxQl?: InfluxQlClient;
  /** "Now" for `generatedAtMs`, ms since the epoch. Default Date.now. */
  now?: () => number;
  signal?: AbortSignal;
}

/**
 * `meraki-usage report`: queries InfluxDB, prints the report in the chosen format and writes the HTML file if
 * asked. Resolves with the report; rejects with ReportOptionError (usage error) or InfluxQlError (database).
 */
export async function runReport(config: Config, options: ReportOptions, io: ReportIo): Promise<UsageReport> {
  if (config.influx === null && !io.influxQl) {
    throw new ReportOptionError('The report reads from InfluxDB: configure the `influx` section (it is not set, so data went to line-protocol files)');
  }
  const client = io.influxQl ?? createInfluxQlClient(config.influx!);
  const data = await fetchReportData(client, options, io.signal);
  const report = buildReport(data, { fromMs: options.fromMs, toMs: options.toMs, network: options.network, top: options.top }, (io.now ?? Date.now)());
  if (options.htmlFile !== null) {
    await (io.writeFile ?? ((path, text) => writeFile(path, text, 'utf8')))(options.htmlFile, formatHtmlReport(report));
  }
  if (options.format === 'csv') io.stdout.write(formatCsvReport(report));
  else if (options.format === 'json') io.stdout.write(formatJsonReport(report));
  else if (options.htmlFile !== null) io.stdout.write(`HTML report written to ${options.htmlFile}\n`);
  else io.stdout.write(formatTextReport(report));
  return report;
}
