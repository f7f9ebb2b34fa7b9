import { DEMO_DAYS_DEFAULT, DEMO_DAYS_MAX, DEMO_DAYS_MIN } from './demo-timeline.js';
import { REPORT_HELP } from '../report/report-options.js';
import { SIMULATE_HELP } from '../simulator/simulate-flags.js';

/** The help of every command; docs/cli.md quotes each one verbatim (a test keeps them equal). */

export const COMMAND_NAMES = ['run', 'once', 'backfill', 'status', 'check', 'verify', 'report', 'simulate', 'demo'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** `--shard` of the commands that collect or check organizations (COLLECT_OPTIONS in parse-command-line.ts). */
const SHARD_OPTION = `  --shard i/n     this instance's shard of the organizations, 0-based (wins over COLLECTOR_SHARD)`;

const CONFIG_OPTION = `  --config FILE   YAML config file (default: $MERAKI_USAGE_CONFIG, else none: defaults + environment)
  -h, --help      show this help`;

const WAIT_OPTION = `  --wait          if another process holds the state folder's lock, wait for it to end
                  (default: exit 2 naming that process: pid, command, since when)`;

export const GLOBAL_HELP = `Usage: meraki-usage <command> [options]

Keeps Cisco Meraki per-client daily usage in InfluxDB past the API's 31-day lookback.

Commands:
  run        daemon: collect on the cron schedule (default hourly) until SIGINT/SIGTERM
  once       one incremental run, then exit
  backfill   re-pull the whole lookback (or from --since), then exit
  status     per network: freshness, checkpoint, last result and error, points written, gaps
  check      validate the config, reach Meraki and InfluxDB, print the plan and request budget
  verify     compare InfluxDB with what Meraki still serves, client-day by client-day (--repair)
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
  run: `Usage: meraki-usage run [--shard i/n] [--wait] [--config FILE]

Runs as a daemon: a collection run on every match of schedule.cron (COLLECTOR_SCHEDULE, default
"7 * * * *") and one at start (schedule.runAtStart). Runs never overlap: a tick during a run is
skipped and logged. SIGINT/SIGTERM stop scheduling, end the current run after its current step,
flush and save, and exit 0; a second signal exits at once. The daemon holds the state folder's
lock (state.store file) for as long as it runs.

Options:
${SHARD_OPTION}
${WAIT_OPTION}
${CONFIG_OPTION}
`,
  once: `Usage: meraki-usage once [--shard i/n] [--wait] [--config FILE]

One incremental run: every network from its checkpoint (the last, still open daily bucket) to now,
or the whole lookback for networks never collected. Prints the run summary.
Exit code 1 when any network or organization failed (its checkpoint stays; the next run fills in);
the summary names the failed organizations and why.

Options:
${SHARD_OPTION}
${WAIT_OPTION}
${CONFIG_OPTION}
`,
  backfill: `Usage: meraki-usage backfill [--since YYYY-MM-DD] [--shard i/n] [--wait] [--config FILE]

Re-pulls every network from --since (UTC midnight; default: the whole 31-day lookback), ignoring the
checkpoints, and overwrites those daily points (nothing is counted twice). Exit code 1 when any
network failed.

Options:
  --since DATE    first day to re-pull, YYYY-MM-DD (clamped to the lookback)
${SHARD_OPTION}
${WAIT_OPTION}
${CONFIG_OPTION}
`,
  status: `Usage: meraki-usage status [--json] [--config FILE]

Prints, per network, the data freshness (time since the end of its last successful fetch), the
checkpoint (start of the last stored daily bucket) and its age, the last result and error, the
points written and the recorded gaps, then (text output) each organization's last result and its
failed runs in a row. Reads the checkpoint store only: needs no API key and makes no requests.

Options:
  --json          print the statuses as JSON
${CONFIG_OPTION}
`,
  check: `Usage: meraki-usage check [--shard i/n] [--config FILE]

Validates the configuration, reaches Meraki and the sink (InfluxDB or the output folder) with the
configured credentials, and prints the plan: organizations, networks, clients and the estimated
requests per run against the rate budget, and the per-IP rate this shard keeps to. First, per
edge, the proxy and CA it uses, probed once without retries: a proxy that refuses, a failed tunnel
or a certificate that does not verify fails naming the setting (HTTPS_PROXY, MERAKI_CA_FILE,
INFLUX_CA_FILE). Exit code 1 when a check failed.

Options:
${SHARD_OPTION}
${CONFIG_OPTION}
`,
  verify: `Usage: meraki-usage verify [--network ID] [--json] [--repair] [--wait] [--config FILE]

For every planned network (and SSID unit with SSID splitting), fetches what Meraki still serves
(the closed days of the 31-day lookback; the open day is skipped) and compares it with what InfluxDB
holds, client-day by client-day: ok, missing, wrong (values differ), duplicated (the same client
and day under more than one tag set), extra (stored where Meraki has no usage), with examples.
Prints the requests it will make before making them (one per client chunk, as a backfill).
--repair deletes the extra series points (InfluxQL DELETE on 1.x, /api/v2/delete on 2.x), writes
Meraki's values for missing and wrong days, then compares again. Needs an InfluxDB sink.
Exit code 0 when the sink agrees (after --repair: agrees now), 1 on any difference or failure.

Options:
  --network ID    only this network (exit 2 when it is not among the planned networks)
  --json          print the report as JSON (the plan line goes to stderr)
  --repair        fix the differences, then verify again
${WAIT_OPTION}
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
