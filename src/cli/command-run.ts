import { startScheduler } from '../scheduler/scheduler.js';
import { EXIT_OK } from './cli-io.js';
import { collectorFactory, commandConfig, commandLogger } from './command-context.js';
import type { CommandContext } from './command-context.js';

/** `run`: the daemon. Resolves (exit 0) once a signal stopped the scheduler and the current run ended. */
export async function runCommand(ctx: CommandContext): Promise<number> {
  const config = commandConfig(ctx, true);
  const logger = commandLogger(ctx.io, config);
  const collector = collectorFactory(ctx.io)({ config, logger, ...(ctx.io.clock ? { clock: ctx.io.clock } : {}) });
  try {
    const scheduler = startScheduler({
      cron: config.schedule.cron,
      timezone: config.schedule.timezone,
      runAtStart: config.schedule.runAtStart,
      logger,
      run: async (signal) => {
        await collector.runOnce({ signal });
      },
      ...(ctx.io.signals ? { signals: ctx.io.signals } : {}),
      ...(ctx.io.schedule ? { schedule: ctx.io.schedule } : {}),
    });
    await scheduler.stopped;
    return EXIT_OK;
  } finally {
    await collector.close();
  }
}
