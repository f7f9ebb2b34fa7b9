import type { Logger } from '../log/logger.js';
import { nodeCronSchedule } from './cron-schedule.js';
import type { ScheduleFn, ScheduledTrigger } from './cron-schedule.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Where termination signals come from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(signal: StopSignal, handler: () => void): unknown;
  off(signal: StopSignal, handler: () => void): unknown;
}

export interface SchedulerOptions {
  /** node-cron expression and IANA time zone. */
  cron: string;
  timezone: string;
  /** Start a run right away. */
  runAtStart: boolean;
  /** One run; `signal` aborts when the scheduler stops. A rejection is logged and scheduling goes on. */
  run(signal: AbortSignal): Promise<void>;
  logger: Logger;
  /** Default node-cron. */
  schedule?: ScheduleFn;
  /** SIGINT/SIGTERM stop the scheduler; default none (the CLI passes `process`). */
  signals?: SignalSource;
}

export interface Scheduler {
  /** Starts a run unless one is going (then the tick is logged and skipped); resolves when that run ends. */
  tick(): Promise<void>;
  /** Stops scheduling, aborts the current run's signal and resolves once that run has ended. Idempotent. */
  stop(reason?: string): Promise<void>;
  /** Resolves when the scheduler has stopped and no run is going (after `stop` or a signal). */
  readonly stopped: Promise<void>;
}

const SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM'];

/**
 * Runs `run` on the cron schedule, never two at once. The first SIGINT/SIGTERM stops scheduling and aborts the
 * current run (which ends its current step); our handlers are then removed, so a second signal kills the process.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const { logger } = options;
  let current: { promise: Promise<void>; controller: AbortController; startedAtMs: number } | null = null;
  let stopping: Promise<void> | null = null;
  let trigger: ScheduledTrigger | null = null;
  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  const onSignal = new Map(SIGNALS.map((s) => [s, () => void stop(s)] as const));

  const tick = (): Promise<void> => {
    if (stopping) return Promise.resolve();
    if (current) {
      logger.warn('run skipped: the previous run is still going', { runningSinceMs: current.startedAtMs });
      return Promise.resolve();
    }
    const controller = new AbortController();
    const promise = runGuarded(controller.signal).finally(() => {
      current = null;
      if (!stopping) logger.debug('next run', { at: trigger?.nextRunAt()?.toISOString() ?? null });
    });
    current = { promise, controller, startedAtMs: Date.now() };
    return promise;
  };

  const runGuarded = async (signal: AbortSignal): Promise<void> => {
    try {
      await options.run(signal);
    } catch (err) {
      logger.error('run failed', { err });
    }
  };

  const stop = (reason = 'stop requested'): Promise<void> => {
    stopping ??= (async () => {
      trigger?.stop();
      for (const [s, handler] of onSignal) options.signals?.off(s, handler);
      logger.info('scheduler stopping', { reason, runInProgress: current !== null });
      current?.controller.abort(new Error(`scheduler stopping (${reason})`));
      await current?.promise;
      logger.info('scheduler stopped');
      resolveStopped();
    })();
    return stopping;
  };

  for (const [s, handler] of onSignal) options.signals?.on(s, handler);
  trigger = (options.schedule ?? nodeCronSchedule)(options.cron, options.timezone, () => void tick());
  logger.info('scheduler started', {
    cron: options.cron,
    timezone: options.timezone,
    runAtStart: options.runAtStart,
    nextRunAt: trigger.nextRunAt()?.toISOString() ?? null,
  });
  if (options.runAtStart) void tick();
  return {
    tick,
    stop,
    stopped,
  };
}
