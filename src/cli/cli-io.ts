import type { Clock } from '../clock.js';
import type { LogStream } from '../log/create-logger.js';
import type { ScheduleFn } from '../scheduler/cron-schedule.js';
import type { SignalSource } from '../scheduler/scheduler.js';
import type { CollectorFactory } from './collector-factory.js';

/** Everything the CLI touches, passed in so tests can run `main` in memory. */
export interface CliIo {
  stdout: LogStream;
  stderr: LogStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** SIGINT/SIGTERM (the real CLI passes `process`). */
  signals?: SignalSource;
  /** Tests: a fake collector, a hand-driven schedule, a fixed clock. */
  createCollector?: CollectorFactory;
  schedule?: ScheduleFn;
  clock?: Clock;
}

/** Bad command line: printed with the command's usage hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;

  constructor(
    message: string,
    readonly command: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_USAGE = 2;
