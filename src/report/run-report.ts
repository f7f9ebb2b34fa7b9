import { writeFile } from 'node:fs/promises';
import type { Config } from '../config/types.js';
import { createInfluxQlClient, type InfluxQlClient } from '../sink/influxql-client.js';
import { fileReportSource } from './file-source.js';
import { formatCsvReport, formatJsonReport } from './format-csv.js';
import { formatHtmlReport } from './format-html.js';
import { formatTextReport } from './format-text.js';
import { influxReportSource } from './influx-source.js';
import { calendarCache } from './local-calendar.js';
import type { ReportOptions } from './report-options.js';
import { fetchReportData, type ReportSource } from './report-source.js';
import type { UsageReport } from './report-types.js';
import { buildReport } from './rollups.js';

/** Where the report goes; everything but `stdout` has a default. */
export interface ReportIo {
  stdout: { write(text: string): unknown };
  /** Writes the HTML file. Default: fs.promises.writeFile (UTF-8). */
  writeFile?: (path: string, text: string) => Promise<void>;
  /** The query client (tests). Default: built from `config.influx`. */
  influxQl?: InfluxQlClient;
  /** The data source. Default: InfluxDB when `config.influx` is set, else the file sink's files. */
  source?: ReportSource;
  /** "Now" for `generatedAtMs` and for what is still partial, ms since the epoch. Default Date.now. */
  now?: () => number;
  signal?: AbortSignal;
}

/** The report's data source for a configuration: InfluxDB if configured, else the file sink's line-protocol files. */
export function reportSourceFor(config: Config, options: Pick<ReportOptions, 'fromMs' | 'toMs'>, influxQl?: InfluxQlClient): ReportSource {
  if (influxQl) return influxReportSource(influxQl);
  if (config.influx !== null) return influxReportSource(createInfluxQlClient(config.influx));
  return fileReportSource({ dir: config.fileSink.dir, fromMs: options.fromMs, toMs: options.toMs });
}

/** Reads the data and builds the report (no output). */
export async function makeReport(source: ReportSource, options: ReportOptions, nowMs: number, signal?: AbortSignal): Promise<UsageReport> {
  const calendarOf = calendarCache();
  const query = { fromMs: options.fromMs, toMs: options.toMs, network: options.network, top: options.top, tz: options.tz, thresholdKb: options.thresholdKb };
  const data = await fetchReportData(source, query, calendarOf, signal);
  return buildReport(data, query, nowMs, calendarOf, source.description);
}

/**
 * `meraki-usage report`: reads InfluxDB (or the line-protocol files), prints the report in the chosen format and
 * writes the HTML file if asked. Resolves with the report; rejects with ReportOptionError (usage error),
 * InfluxQlError (database) or a file error.
 */
export async function runReport(config: Config, options: ReportOptions, io: ReportIo): Promise<UsageReport> {
  const source = io.source ?? reportSourceFor(config, options, io.influxQl);
  const report = await makeReport(source, options, (io.now ?? Date.now)(), io.signal);
  if (options.htmlFile !== null) {
    await (io.writeFile ?? ((path, text) => writeFile(path, text, 'utf8')))(options.htmlFile, formatHtmlReport(report));
  }
  if (options.format === 'csv') io.stdout.write(formatCsvReport(report));
  else if (options.format === 'json') io.stdout.write(formatJsonReport(report));
  else if (options.htmlFile !== null) io.stdout.write(`HTML report written to ${options.htmlFile}\n`);
  else io.stdout.write(formatTextReport(report));
  return report;
}
