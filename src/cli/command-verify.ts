import { runVerify } from '../collector/verify.js';
import { ConfigError } from '../config/config-error.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import { configSecrets } from '../config/secrets.js';
import { createRedactor } from '../log/redact.js';
import { MerakiClient } from '../meraki/index.js';
import { createInfluxDeleter } from '../sink/influx-delete.js';
import { createSink } from '../sink/create-sink.js';
import { StoredUsageUnsupportedError } from '../sink/stored-usage.js';
import { systemClock } from '../clock.js';
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from './cli-io.js';
import { commandConfig, commandLogger, onStopSignal } from './command-context.js';
import type { CommandContext } from './command-context.js';
import { lockStateFolder } from './state-lock-guard.js';
import { verifyPlanText, verifyReportText } from './verify-text.js';

const NEEDS_INFLUXQL = 'verify needs an InfluxDB that answers InfluxQL on /query (1.x, or 2.x with a DBRP mapping)';
const NEEDS_INFLUX = 'verify compares Meraki with what InfluxDB holds, and the file sink cannot be read back: set INFLUX_URL (and INFLUX_*)';

/** `verify [--network ID] [--json] [--repair]`: exit 0 when the sink agrees with Meraki, 1 on any difference. */
export async function verifyCommand(ctx: CommandContext): Promise<number> {
  const networkFlag = ctx.flags['network'];
  const networkId = typeof networkFlag === 'string' ? networkFlag.trim() : undefined;
  if (networkId === '') throw new UsageError('--network: expected a network id, e.g. L_123456789', 'verify');
  const config = commandConfig(ctx, true);
  if (config.influx === null) throw new ConfigError([{ key: 'INFLUX_URL', message: NEEDS_INFLUX }]);
  const logger = commandLogger(ctx.io, config);
  const lock = await lockStateFolder(ctx, config, logger, 'verify');
  try {
    return await verifyLocked(ctx, config, logger, networkId);
  } finally {
    await lock?.release();
  }
}

async function verifyLocked(ctx: CommandContext, config: Config, logger: Logger, networkId: string | undefined): Promise<number> {
  const redact = createRedactor(configSecrets(config));
  const json = ctx.flags['json'] === true;
  const sink = createSink(config, logger);
  const controller = new AbortController();
  const off = onStopSignal(ctx.io.signals, (signal) => controller.abort(new Error(`stopped by ${signal}`)));
  try {
    const storedUsage = sink.storedUsage;
    if (!storedUsage) throw new ConfigError([{ key: 'INFLUX_URL', message: NEEDS_INFLUX }]);
    const report = await runVerify(
      {
        config, logger, sink, storedUsage,
        clock: ctx.io.clock ?? systemClock,
        meraki: new MerakiClient({ ...config.meraki, logger }),
        deleter: createInfluxDeleter(config.influx!),
        signal: controller.signal,
        // The plan goes to stderr with --json (stdout carries the JSON), else to stdout before the requests.
        onPlan: (plan) => (json ? ctx.io.stderr : ctx.io.stdout).write(`${redact(verifyPlanText(plan))}\n`),
      },
      { ...(networkId === undefined ? {} : { networkId }), repair: ctx.flags['repair'] === true },
    ).catch((err: unknown) => {
      if (err instanceof StoredUsageUnsupportedError) throw new ConfigError([{ key: 'INFLUX_URL', message: `${err.message}; ${NEEDS_INFLUXQL}` }], { cause: err });
      throw err;
    });
    if (!report.networkFound) {
      throw new UsageError(`--network ${networkId}: not among the planned networks (see MERAKI_NETWORK_IDS, targets filters, COLLECTOR_SHARD)`, 'verify');
    }
    if (json) ctx.io.stdout.write(`${redact(JSON.stringify(report, null, 2))}\n`);
    else for (const line of verifyReportText(report)) ctx.io.stdout.write(`${redact(line)}\n`);
    return report.agree ? EXIT_OK : EXIT_RUN_FAILED;
  } finally {
    off();
    await sink.close();
  }
}
