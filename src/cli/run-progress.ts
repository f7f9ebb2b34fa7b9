import type { RunOptions } from '../collector/collector-api.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import { createProgress } from '../observe/index.js';
import type { Progress } from '../observe/index.js';
import type { CliIo } from './cli-io.js';

/** A progress bar on a terminal (stderr), periodic `progress` log lines otherwise; `stop()` it in finally. */
export function runProgress(io: CliIo, config: Config, logger: Logger, label: string): Progress {
  return createProgress({
    ratePerOrgPerSecond: config.meraki.ratePerOrgPerSecond,
    ratePerIpPerSecond: config.meraki.ratePerIpPerSecond,
    logger,
    label,
    // Drawn on only when it is a TTY, i.e. process.stderr.
    stream: io.stderr as NodeJS.WritableStream & { isTTY?: boolean },
    ...(io.clock ? { clock: io.clock } : {}),
  });
}

/** The RunOptions hooks feeding `progress`. */
export function progressHooks(progress: Progress): Pick<RunOptions, 'onPlanned' | 'onNetworkDone'> {
  return { onPlanned: (n) => progress.onPlanned(n), onNetworkDone: (s) => progress.onNetworkDone(s) };
}
