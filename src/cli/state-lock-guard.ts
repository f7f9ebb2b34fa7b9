import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import { FileCheckpointStore } from '../state/file-checkpoint-store.js';
import type { StateLock } from '../state/state-lock.js';
import { onStopSignal } from './command-context.js';
import type { CommandContext } from './command-context.js';

/**
 * Takes the lock of the file checkpoint store for `command` (run, once, backfill, verify): StateLockedError
 * (exit 2, naming the holder) when another live process holds it, or, with `--wait`, waits until it is released
 * (SIGINT/SIGTERM stop the wait). Null with `state.store: influx` (no folder to guard).
 */
export async function lockStateFolder(ctx: CommandContext, config: Config, logger: Logger, command: string): Promise<StateLock | null> {
  if (config.state.store !== 'file') return null;
  const controller = new AbortController();
  const off = onStopSignal(ctx.io.signals, (signal) => controller.abort(new Error(`stopped by ${signal} while waiting for the state lock`)));
  try {
    return await new FileCheckpointStore(config.state.dir).lock({
      command: `meraki-usage ${command}`,
      wait: ctx.flags['wait'] === true,
      signal: controller.signal,
      onWaiting: (h) =>
        logger.info('waiting for the state folder: another process holds its lock', {
          dir: config.state.dir, pid: h.pid, command: h.command, since: new Date(h.sinceMs).toISOString(),
        }),
      onTakeover: (h) =>
        logger.warn('took over the lock of a process that is gone', { dir: config.state.dir, pid: h.pid, command: h.command }),
    });
  } finally {
    off();
  }
}
