export { makeReport, reportSourceFor, runReport } from './run-report.js';
export { influxReportSource } from './influx-source.js';
export { fileReportSource } from './file-source.js';
export type { ReportSource, RawUsage, UsageSelection } from './report-source.js';
export type { ReportIo } from './run-report.js';
export {
  DEFAULT_REPORT_DAYS,
  DEFAULT_TOP_CLIENTS,
  MAX_TOP_CLIENTS,
  REPORT_HELP,
  ReportOptionError,
  REPORT_ARG_OPTIONS,
  parseReportArgs,
  reportOptionsFromFlags,
} from './report-options.js';
export type { ReportFlags, ReportFormat, ReportOptions } from './report-options.js';
export { createInfluxQlClient, InfluxQlError } from '../sink/influxql-client.js';
export type { InfluxQlClient, InfluxQlClientOptions, InfluxQlSeries } from '../sink/influxql-client.js';
export { buildReport } from './rollups.js';
export { formatTextReport } from './format-text.js';
export { formatCsvReport, formatJsonReport } from './format-csv.js';
export { formatHtmlReport } from './format-html.js';
export type * from './report-types.js';
