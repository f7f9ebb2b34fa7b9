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

/** Parses the command's arguments (after `report`); `nowMs` sets the default range. Returns null for --help. */
export function parseReportArgs(argv: readonly string[], nowMs: number): ReportOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        network: { type: 'string' },
        top: { type: 'string' },
        csv: { type: 'boolean' },
        json: { type: 'boolean' },
        html: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new ReportOptionError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return null;
  if (v.csv && v.json) throw new ReportOptionError('Expected only one of `--csv` and `--json`');
  const toMs = (v.to === undefined ? Math.floor(nowMs / DAY_MS) * DAY_MS : parseDay(v.to, '--to')) + DAY_MS;
  const fromMs = v.from === undefined ? toMs - DEFAULT_REPORT_DAYS * DAY_MS : parseDay(v.from, '--from');
  if (fromMs >= toMs) throw new ReportOptionError('Expected `--from` to be on or before `--to`');
  const top = v.top === undefined ? DEFAULT_TOP_CLIENTS : Number(v.top);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP_CLIENTS) {
    throw new ReportOptionError(`Expected \`--top\` to be an integer from 1 to ${MAX_TOP_CLIENTS}, got ${JSON.stringify(v.top)}`);
  }
  if (v.network !== undefined && v.network.trim() === '') throw new ReportOptionError('Expected `--network` to be a network id');
  if (v.html !== undefined && v.html.trim() === '') throw new ReportOptionError('Expected `--html` to be a file name');
  return {
    fromMs,
    toMs,
    network: v.network ?? null,
    top,
    format: v.csv ? 'csv' : v.json ? 'json' : 'table',
    htmlFile: v.html ?? null,
  };
}
