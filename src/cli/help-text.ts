import { DEMO_DAYS_DEFAULT, DEMO_DAYS_MAX, DEMO_DAYS_MIN } from './demo-history.js';
import { REPORT_HELP } from '../report/report-options.js';
import { SIMULATE_HELP } from '../simulator/options-from-args.js';

/** The help of every command; docs/cli.md quotes each one verbatim (a test keeps them equal). */

export const COMMAND_NAMES = ['run', 'once', 'backfill', 'status', 'check', 'report', 'simulate', 'demo'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

const CONFIG_OPTION = `  --config FILE   YAML config file (default: $MERAKI_USAGE_CONFIG, else none: defaults + environment)
  -h, --help      show this help`;

export const GLOBAL_HELP = `Usage: meraki-usage <command> [options]

Keeps Cisco Meraki per-client daily usage in InfluxDB past the API's 31-day lookback.

Commands:
  run        daemon: collect on the cron schedule (default hourly) until SIGINT/SIGTERM
  once       one incremental run, then exit
  backfill   re-pull the whole lookback (or from --since), then exit
  status     per network: checkpoint, lag, last result and error, points written, gaps
  check      validate the config, reach Meraki and InfluxDB, print the plan and request budget
  report     capacity planning: names, local calendar, growth, 90-day forecast (docs/report.md)
  simulate   serve a simulated Meraki API (for trying things out and for tests)
  demo       simulator + six simulated months of runs into INFLUX_URL or ./out, then out/report.html

Options:
  --config FILE   YAML config file (default: $MERAKI_USAGE_CONFIG); settings also come from
                  the environment and .env (see docs/configuration.md)
  -h, --help      show help (also: meraki-usage <command> --help)
  -v, --version   print the version

Exit codes: 0 ok, 1 a run failed, 2 bad usage or bad configuration.
`;

export const COMMAND_HELP: Record<CommandName, string> = {
  run: `Usage: meraki-usage run [--config FILE]

Runs as a daemon: a collection run on every match of schedule.cron (COLLECTOR_SCHEDULE, default
"7 * * * *") and one at start (schedule.runAtStart). Runs never overlap: a tick during a run is
skipped and logged. SIGINT/SIGTERM stop scheduling, end the current run after its current step,
flush and save, and exit 0; a second signal exits at once.

Options:
${CONFIG_OPTION}
`,
  once: `Usage: meraki-usage once [--config FILE]

One incremental run: every network from its checkpoint (the last, still open daily bucket) to now,
or the whole lookback for networks never collected. Prints the run summary.
Exit code 1 when any network failed (its checkpoint stays; the next run fills in).

Options:
${CONFIG_OPTION}
`,
  backfill: `Usage: meraki-usage backfill [--since YYYY-MM-DD] [--config FILE]

Re-pulls every network from --since (UTC midnight; default: the whole 31-day lookback), ignoring the
checkpoints, and overwrites those daily points (nothing is counted twice). Exit code 1 when any
network failed.

Options:
  --since DATE    first day to re-pull, YYYY-MM-DD (clamped to the lookback)
${CONFIG_OPTION}
`,
  status: `Usage: meraki-usage status [--json] [--config FILE]

Prints, per network, the checkpoint (start of the last stored daily bucket), the lag behind now,
the last result and error, the points written and the recorded gaps. Reads the checkpoint store
only: needs no API key and makes no requests.

Options:
  --json          print the statuses as JSON
${CONFIG_OPTION}
`,
  check: `Usage: meraki-usage check [--config FILE]

Validates the configuration, reaches Meraki and the sink (InfluxDB or the output folder) with the
configured credentials, and prints the plan: organizations, networks, clients and the estimated
requests per run against the rate budget. Exit code 1 when a check failed.

Options:
${CONFIG_OPTION}
`,
  report: REPORT_HELP,
  simulate: SIMULATE_HELP,
  demo: `Usage: meraki-usage demo [--days N]

Starts the Meraki API simulator on a free port (1 organization, 3 networks, 50 clients each, usage
growing about 3% a month) with its clock ${DEMO_DAYS_DEFAULT} days in the past, then moves the clock forward: one
31-day backfill, a collector run every simulated day and every simulated hour for the last 2 days,
into the InfluxDB of INFLUX_URL (and the other INFLUX_* variables) or, without it, into line-protocol
files in ./out. Then prints the history kept, the top networks with growth and forecast, writes
out/report.html (history, trend and forecast per network), says how to open it and how to load the
data into InfluxDB/Grafana. Checkpoints go to a temporary folder; a config file is not read.

Options:
  --days N        simulated days to move through (default ${DEMO_DAYS_DEFAULT}, ${DEMO_DAYS_MIN} to ${DEMO_DAYS_MAX})
  -h, --help      show this help
`,
};
