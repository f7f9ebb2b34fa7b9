import { parseArgs } from 'node:util';
import { DAY_MS, isTimeZone } from './local-calendar.js';
import type { ReportQuery } from './report-types.js';

/** Days covered when `--from` is not given (ending with `--to`, default today). */
export const DEFAULT_REPORT_DAYS = 90;
/** Clients in the top-clients list when `--top` is not given. */
export const DEFAULT_TOP_CLIENTS = 10;
/** Largest accepted `--top`. */
export const MAX_TOP_CLIENTS = 10_000;

/** Zone of the cross-network totals when `--tz` is not given. */
export const DEFAULT_REPORT_TZ = 'UTC';

export type ReportFormat = 'table' | 'csv' | 'json';

export interface ReportOptions extends ReportQuery {
  /** What goes to standard output. */
  format: ReportFormat;
  /** Also write a self-contained HTML file with charts here; null = no HTML. */
  htmlFile: string | null;
}

export const REPORT_HELP = `Usage: meraki-usage report [options]

Capacity-planning answers from the stored usage (measurement client_usage, names from network_info and
client_info): networks and clients by name, totals per network and per SSID, daily/weekly/monthly totals
on each network's local calendar, month-over-month growth, the trend (weekday-aware) with monthly growth
and a 90-day forecast (total and p95 day, with intervals). Partial periods are marked and left out of
growth. Amounts are the stored kilobytes (1 MB = 1000 KB).

Options:
  --from YYYY-MM-DD   first date of the range, inclusive (default: ${DEFAULT_REPORT_DAYS} days before --to, so the
                      range holds ${DEFAULT_REPORT_DAYS} days)
  --to YYYY-MM-DD     last date of the range, inclusive (default: today, UTC)
  --network ID|NAME   only this network, by id or name (default: every network)
  --top N             clients in the top list (default: ${DEFAULT_TOP_CLIENTS})
  --tz ZONE           IANA time zone of the totals over all networks (default: UTC); each network's own
                      days, weeks and months are always in its time zone
  --threshold SIZE    also forecast the date each network's p95 day exceeds SIZE (e.g. 500GB, 1.5TB;
                      units KB, MB, GB, TB, decimal)
  --csv               CSV on standard output (one table, a "section" column per part)
  --json              JSON on standard output
  --html FILE         also write one self-contained HTML file with charts (no external scripts or fonts)
  -h, --help          this help

Reads the influx section of the configuration (InfluxDB 1.x: database/retention policy, user/password;
2.x: the bucket through its DBRP mapping and the token); without one, the file sink's line-protocol files
(fileSink.dir). Credentials are never printed.
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
  tz: { type: 'string' },
  threshold: { type: 'string' },
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
  return finishOptions(flags, { csv, json, from, to, network, topText, html }, nowMs);
}

interface RawFlags {
  csv: boolean;
  json: boolean;
  from: string | undefined;
  to: string | undefined;
  network: string | undefined;
  topText: string | undefined;
  html: string | undefined;
}

function finishOptions(flags: ReportFlags, { csv, json, from, to, network, topText, html }: RawFlags, nowMs: number): ReportOptions {
  const toMs = (to === undefined ? Math.floor(nowMs / DAY_MS) * DAY_MS : parseDay(to, '--to')) + DAY_MS;
  const fromMs = from === undefined ? toMs - DEFAULT_REPORT_DAYS * DAY_MS : parseDay(from, '--from');
  if (fromMs >= toMs) throw new ReportOptionError('Expected `--from` to be on or before `--to`');
  const top = topText === undefined ? DEFAULT_TOP_CLIENTS : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP_CLIENTS) {
    throw new ReportOptionError(`Expected \`--top\` to be an integer from 1 to ${MAX_TOP_CLIENTS}, got ${JSON.stringify(topText)}`);
  }
  if (network !== undefined && network.trim() === '') throw new ReportOptionError('Expected `--network` to be a network id or name');
  if (html !== undefined && html.trim() === '') throw new ReportOptionError('Expected `--html` to be a file name');
  const tz = stringFlag(flags, 'tz') ?? DEFAULT_REPORT_TZ;
  if (!isTimeZone(tz)) throw new ReportOptionError(`Expected \`--tz\` to be an IANA time zone (e.g. Europe/Berlin or UTC), got ${JSON.stringify(tz)}`);
  const threshold = stringFlag(flags, 'threshold');
  const thresholdKb = threshold === undefined ? null : parseSize(threshold, '--threshold');
  return { fromMs, toMs, network: network ?? null, top, tz, thresholdKb, format: csv ? 'csv' : json ? 'json' : 'table', htmlFile: html ?? null };
}

const SIZE_UNITS: Record<string, number> = { kb: 1, mb: 1e3, gb: 1e6, tb: 1e9, pb: 1e12 };

/** `500GB`, `1.5 TB`, `800mb` -> kilobytes (decimal units, as the report prints them). */
export function parseSize(value: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]b)\s*$/i.exec(value);
  const kb = m ? Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]! : NaN;
  if (!m || !Number.isFinite(kb) || kb <= 0) throw new ReportOptionError(`Expected \`${option}\` to be a size such as 500GB or 1.5TB (KB, MB, GB, TB), got ${JSON.stringify(value)}`);
  return kb;
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
