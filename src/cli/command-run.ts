import { ConfigError } from '../config/config-error.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import { HTTP_PORT_ENV, observeAddressFromEnv, startDaemonObserver } from '../observe/index.js';
import type { DaemonObserver } from '../observe/index.js';
import { startScheduler } from '../scheduler/scheduler.js';
import { createSink } from '../sink/create-sink.js';
import type { Sink } from '../sink/sink.js';
import { withDotenv } from '../config/read-sources.js';
import { EXIT_OK } from './cli-io.js';
import { collectorFactory, commandConfig, commandLogger } from './command-context.js';
import type { CommandContext } from './command-context.js';
import { lockStateFolder } from './state-lock-guard.js';

/**
 * `run`: the daemon, with /livez, /readyz (alias /healthz) and /metrics (COLLECTOR_HTTP_PORT, default 9464; 0 = off). Resolves (exit 0)
 * once a signal stopped the scheduler and the current run ended; the sink is then closed.
 */
export async function runCommand(ctx: CommandContext): Promise<number> {
  const config = commandConfig(ctx, true);
  const env = withDotenv(ctx.io.env, ctx.io.cwd);
  checkObserveEnv(env);
  const logger = commandLogger(ctx.io, config);
  // Held for the daemon's whole life: a manual backfill beside it exits 2, or waits for it with --wait.
  const lock = await lockStateFolder(ctx, config, logger, 'run');
  try {
    const sink = createSink(config, logger);
    let observer: DaemonObserver | null = null;
    try {
      observer = await startDaemonObserver({ config, sink, logger, env, ...(ctx.io.clock ? { clock: ctx.io.clock } : {}) });
      await schedule(ctx, config, logger, sink, observer);
      return EXIT_OK;
    } finally {
      await sink.close();
      await observer?.close();
    }
  } finally {
    await lock?.release();
  }
}

async function schedule(ctx: CommandContext, config: Config, logger: Logger, sink: Sink, observer: DaemonObserver) {
  const collector = collectorFactory(ctx.io)({
    config,
    logger,
    sink,
    onMerakiEvent: (e) => observer.onMerakiEvent(e),
    ...(ctx.io.clock ? { clock: ctx.io.clock } : {}),
  });
  const scheduler = startScheduler({
    cron: config.schedule.cron,
    timezone: config.schedule.timezone,
    runAtStart: config.schedule.runAtStart,
    logger,
    run: async (signal) => {
      observer.onRunStart();
      try {
        const summary = await collector.runOnce({ signal, onNetworkDone: () => observer.onNetworkDone() });
        const statuses = await collector.status().catch((err: unknown) => {
          logger.warn('cannot read the checkpoint store for the per-network metrics', { err });
          return null;
        });
        observer.onRunDone(summary, statuses);
      } finally {
        observer.onRunEnd();
      }
    },
    ...(ctx.io.signals ? { signals: ctx.io.signals } : {}),
    ...(ctx.io.schedule ? { schedule: ctx.io.schedule } : {}),
  });
  await scheduler.stopped;
  observer.onSchedulerStopped();
}

/** A bad COLLECTOR_HTTP_PORT is bad configuration (exit 2), found before anything starts. */
function checkObserveEnv(env: NodeJS.ProcessEnv): void {
  try {
    observeAddressFromEnv(env);
  } catch (err) {
    const message = 'expected a TCP port from 0 (disabled) to 65535, e.g. 9464';
    throw new ConfigError([{ key: HTTP_PORT_ENV, message }], { cause: err });
  }
}
