import { configSecrets } from '../config/secrets.js';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/types.js';
import { createLogger } from '../log/create-logger.js';
import type { Logger } from '../log/logger.js';
import type { SignalSource, StopSignal } from '../scheduler/scheduler.js';
import { UsageError, type CliIo } from './cli-io.js';
import { defaultCollectorFactory } from './collector-factory.js';
import type { CollectorFactory } from './collector-factory.js';
import type { Flags } from './parse-command-line.js';

/** What a command gets: the I/O, its flags, and helpers built from them. */
export interface CommandContext {
  io: CliIo;
  flags: Flags;
  /** Secrets of the loaded config, so that even an unexpected error message is printed redacted. */
  secrets: Set<string>;
}

const SHARD_FLAG = /^\d+\/\d+$/;

/**
 * Loads and validates the config (ConfigError -> exit 2); `requireApiKey` for commands that reach Meraki.
 * `--shard i/n` (run, once, backfill, check, and any command parsed with COLLECT_OPTIONS) wins over COLLECTOR_SHARD.
 */
export function commandConfig(ctx: CommandContext, requireApiKey: boolean): Config {
  const file = ctx.flags['config'];
  const shard = ctx.flags['shard'];
  if (typeof shard === 'string' && !SHARD_FLAG.test(shard)) {
    throw new UsageError(`--shard: expected i/n with 0 <= i < n, e.g. 1/3 (got "${shard}")`, null);
  }
  const config = loadConfig({
    // The flag wins over COLLECTOR_SHARD; the loader validates it like the variable (index < count).
    env: typeof shard === 'string' ? { ...ctx.io.env, COLLECTOR_SHARD: shard } : ctx.io.env,
    cwd: ctx.io.cwd,
    requireApiKey,
    ...(typeof file === 'string' ? { file } : {}),
  });
  for (const s of configSecrets(config)) ctx.secrets.add(s);
  return config;
}

/**
 * Logs go to stderr (stdout carries command output such as `status --json`), secrets redacted. (The TLS
 * skip-verify warning comes from createSink, which every command that logs through this builds.)
 */
export function commandLogger(io: CliIo, config: Config): Logger {
  return createLogger({
    level: config.log.level,
    format: config.log.format,
    stream: io.stderr,
    secrets: configSecrets(config),
    ...(io.clock ? { clock: io.clock } : {}),
  });
}

export function collectorFactory(io: CliIo): CollectorFactory {
  return io.createCollector ?? defaultCollectorFactory;
}

/** Calls `handler` on the first SIGINT/SIGTERM (then a second signal kills); returns the function removing it. */
export function onStopSignal(signals: SignalSource | undefined, handler: (signal: StopSignal) => void): () => void {
  if (!signals) return () => {};
  const names: StopSignal[] = ['SIGINT', 'SIGTERM'];
  const off = () => {
    for (const [name, h] of handlers) signals.off(name, h);
  };
  const handlers = names.map(
    (name) =>
      [
        name,
        () => {
          off();
          handler(name);
        },
      ] as const,
  );
  for (const [name, h] of handlers) signals.on(name, h);
  return off;
}
