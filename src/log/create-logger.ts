import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import { formatJson, formatPretty } from './format-line.js';
import type { LogFields, Logger } from './logger.js';
import { createRedactor } from './redact.js';
import { toLoggable } from './to-loggable.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty' | 'auto';

/** Where lines go: process.stdout/stderr or anything with `write` (tests). */
export interface LogStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CreateLoggerOptions {
  /** Lowest level printed. Default info. At debug, errors include their stack. */
  level?: LogLevel;
  /** `auto` (default): pretty when the stream is a TTY, else JSON lines. */
  format?: LogFormat;
  stream: LogStream;
  /** Values replaced with `***` wherever they appear (message, fields, nested errors, stacks). */
  secrets?: readonly string[];
  clock?: Clock;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A structured logger writing one line per call, with every secret redacted. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const minLevel = LEVELS[options.level ?? 'info'];
  const format = options.format ?? 'auto';
  const pretty = format === 'pretty' || (format === 'auto' && options.stream.isTTY === true);
  const redact = createRedactor(options.secrets ?? []);
  const clock = options.clock ?? systemClock;
  const stacks = minLevel <= LEVELS.debug;

  const write = (level: LogLevel, msg: string, base: LogFields, fields: LogFields | undefined) => {
    if (LEVELS[level] < minLevel) return;
    const loggable = toLoggable({ ...base, ...fields }, { redact, stacks }) as Record<string, unknown>;
    const record = { time: new Date(clock.now()).toISOString(), level, msg: redact(String(msg)), fields: loggable };
    const line = redact(pretty ? formatPretty(record) : formatJson(record));
    try {
      options.stream.write(`${line}\n`);
    } catch {
      // A closed stream (EPIPE) must not crash a run.
    }
  };

  const make = (base: LogFields): Logger => ({
    debug: (msg, fields) => write('debug', msg, base, fields),
    info: (msg, fields) => write('info', msg, base, fields),
    warn: (msg, fields) => write('warn', msg, base, fields),
    error: (msg, fields) => write('error', msg, base, fields),
    child: (fields) => make({ ...base, ...fields }),
  });
  return make({});
}
