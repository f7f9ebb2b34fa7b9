import { parseArgs } from 'node:util';
import { DAY_MS } from './rollups.js';
import type { ReportQuery } from './report-types.js';

/** Days covered when `--from` is not given (ending with `--to`, default today). */
export const DEFAULT_REPORT_DAYS = 90;
/** Clients in the top-clients list when `--top` is not given. */
export const DEFAULT_TOP_CLIENTS = 10;
/** Largest accepted `--top`. */
export const MAX_TOP_CLIENTS = 10_000;

export type ReportFormat = 'table' | 'csv' | 'json';

export interface ReportOptions extends ReportQuery {
  /** What goes to standard output. */
  format: ReportFormat;
  /** Also write a self-contained HTML file with charts here; null = no HTML. */
  htmlFile: string | null;
}

export const REPORT_HELP = `Usage: meraki-usage report [options]

Capacity-planning answers from the usage stored in InfluxDB (measurement client_usage): top clients,
totals per network and per SSID, daily/weekly/monthly totals, month-over-month growth and the 95th
percentile of daily usage per network. Days are UTC days; amounts are the stored kilobytes.

Options:
  --from YYYY-MM-DD   first day of the range, inclusive (default: ${DEFAULT_REPORT_DAYS} days before --to, so the
                      range holds ${DEFAULT_REPORT_DAYS} days)
  --to YYYY-MM-DD     last day of the range, inclusive (default: today, UTC)
  --network ID        only this network id (default: every network)
  --top N             clients in the top list (default: ${DEFAULT_TOP_CLIENTS})
  --csv               CSV on standard output (one table, a "section" column per part)
  --json              JSON on standard output
  --html FILE         also write one self-contained HTML file with charts (no external scripts or fonts)
  -h, --help          this help

Reads the influx section of the configuration (InfluxDB 1.x: database/retention policy, user/password;
2.x: the bucket through its DBRP mapping and the token). Credentials are never printed.
`;

/** A bad report option; the message names the option. */
export class ReportOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportOptionError';
  }
}

/** Parses `YYYY-MM-DD` as UTC midnight, ms. */
export function parseDay(value: string, option: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new ReportOptionError(`Expected \`${option}\` to be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return ms;
}

/** The report's options for node:util parseArgs (the CLI adds --config and --help). */
export const REPORT_ARG_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  network: { type: 'string' },
  top: { type: 'string' },
  csv: { type: 'boolean' },
  json: { type: 'boolean' },
  html: { type: 'string' },
} as const;

/** Parsed flags, as node:util parseArgs returns them (other keys, e.g. `config`, are ignored). */
export type ReportFlags = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

function stringFlag(flags: ReportFlags, name: string): string | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ReportOptionError(`Expected \`--${name}\` to have a value`);
  return v;
}

/** Validates parsed flags into report options; `nowMs` sets the default range. */
export function reportOptionsFromFlags(flags: ReportFlags, nowMs: number): ReportOptions {
  const csv = flags.csv === true;
  const json = flags.json === true;
  if (csv && json) throw new ReportOptionError('Expected only one of `--csv` and `--json`');
  const [from, to, network, topText, html] = ['from', 'to', 'network', 'top', 'html'].map((n) => stringFlag(flags, n));
  const toMs = (to === undefined ? Math.floor(nowMs / DAY_MS) * DAY_MS : parseDay(to, '--to')) + DAY_MS;
  const fromMs = from === undefined ? toMs - DEFAULT_REPORT_DAYS * DAY_MS : parseDay(from, '--from');
  if (fromMs >= toMs) throw new ReportOptionError('Expected `--from` to be on or before `--to`');
  const top = topText === undefined ? DEFAULT_TOP_CLIENTS : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP_CLIENTS) {
    throw new ReportOptionError(`Expected \`--top\` to be an integer from 1 to ${MAX_TOP_CLIENTS}, got ${JSON.stringify(topText)}`);
  }
  if (network !== undefined && network.trim() === '') throw new ReportOptionError('Expected `--network` to be a network id');
  if (html !== undefined && html.trim() === '') throw new ReportOptionError('Expected `--html` to be a file name');
  return { fromMs, toMs, network: network ?? null, top, format: csv ? 'csv' : json ? 'json' : 'table', htmlFile: html ?? null };
}

/** Parses the command's arguments (after `report`); `nowMs` sets the default range. Returns null for --help. */
export function parseReportArgs(argv: readonly string[], nowMs: number): ReportOptions | null {
  let flags: ReportFlags;
  try {
    flags = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { ...REPORT_ARG_OPTIONS, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (err) {
    throw new ReportOptionError((err as Error).message);
  }
  return flags.help === true ? null : reportOptionsFromFlags(flags, nowMs);
}
