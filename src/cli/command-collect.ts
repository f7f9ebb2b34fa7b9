import type { RunOptions } from '../collector/collector-api.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from './cli-io.js';
import { collectorFactory, commandConfig, commandLogger, onStopSignal } from './command-context.js';
import type { CommandContext } from './command-context.js';
import { progressHooks, runProgress } from './run-progress.js';
import { runSummaryText } from './run-summary-text.js';
import { lockStateFolder } from './state-lock-guard.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `backfill --since YYYY-MM-DD` -> ms of that UTC midnight. */
export function parseSince(raw: string, nowMs: number): number {
  const m = DATE.exec(raw);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== raw) {
    throw new UsageError(`--since: expected a date YYYY-MM-DD, e.g. 2024-05-01 (got "${raw}")`, 'backfill');
  }
  if (ms > nowMs) throw new UsageError(`--since: ${raw} is in the future`, 'backfill');
  return ms;
}

/** `once` and `backfill`: one run, summary on stdout; SIGINT/SIGTERM abort it after its current step. */
export async function collectCommand(ctx: CommandContext, mode: 'incremental' | 'backfill'): Promise<number> {
  const since = ctx.flags['since'];
  const sinceMs = typeof since === 'string' ? parseSince(since, ctx.io.clock?.now() ?? Date.now()) : undefined;
  const config = commandConfig(ctx, true);
  const logger = commandLogger(ctx.io, config);
  const lock = await lockStateFolder(ctx, config, logger, mode === 'backfill' ? 'backfill' : 'once');
  try {
    return await collectLocked(ctx, mode, sinceMs, config, logger);
  } finally {
    await lock?.release();
  }
}

async function collectLocked(
  ctx: CommandContext,
  mode: 'incremental' | 'backfill',
  sinceMs: number | undefined,
  config: Config,
  logger: Logger,
): Promise<number> {
  const progress = runProgress(ctx.io, config, logger, mode === 'backfill' ? 'backfill' : 'run');
  const collector = collectorFactory(ctx.io)({
    config,
    logger,
    onMerakiEvent: (e) => progress.onMerakiEvent(e),
    ...(ctx.io.clock ? { clock: ctx.io.clock } : {}),
  });
  const controller = new AbortController();
  const off = onStopSignal(ctx.io.signals, (signal) => {
    logger.info('stopping the run after its current step', { signal });
    controller.abort(new Error(`stopped by ${signal}`));
  });
  try {
    const options: RunOptions = { signal: controller.signal, mode, ...progressHooks(progress) };
    if (sinceMs !== undefined) options.sinceMs = sinceMs;
    const summary = await collector.runOnce(options);
    progress.stop();
    ctx.io.stdout.write(`${runSummaryText(summary)}\n`);
    return summary.ok ? EXIT_OK : EXIT_RUN_FAILED;
  } finally {
    progress.stop();
    off();
    await collector.close();
  }
}
