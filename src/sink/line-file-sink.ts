import { constants } from 'node:fs';
import { access, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../log/logger.js';
import { isLineBlock, lineCount, type Lines } from '../transform/line-block.js';
import { SinkWriteError } from './sink-write-error.js';
import type { Sink } from './sink.js';

export interface LineFileSinkOptions {
  /** Folder of the files; created when missing. */
  dir: string;
  /** Database named in each file's `# CONTEXT-DATABASE:` header for `influx -import`. Default `meraki`. */
  database?: string;
  /** File name prefix; files are `<prefix>-YYYY-MM-DD.lp`, one per UTC day of writing. Default `usage`. */
  prefix?: string;
  /** Decides the day of writing. Default the system clock. */
  clock?: Clock;
}

export const DEFAULT_FILE_SINK_DATABASE = 'meraki';
export const DEFAULT_FILE_SINK_PREFIX = 'usage';

/**
 * The embedded default sink: appends line protocol (precision seconds) to one file per UTC day of writing and
 * fsyncs before `write` resolves. A new file starts with `# DML` / `# CONTEXT-DATABASE: <db>`, so
 * `influx -import -path=<file> -precision=s` loads it into InfluxDB 1.x, and `influx write` (2.x) skips those
 * comment lines. Re-fetched buckets appear again in later lines; an import replays the lines in order and the
 * last value of a point wins (same series and timestamp overwrite), which is the collector's latest value.
 *
 * Each `write` appends one buffer; a crash in the middle leaves at most one partial line at the end, which the next
 * `write` closes with a newline first (the partial line fails on import, and its data is written again because
 * that `write` never resolved). Writes of one sink are serialised.
 */
export class LineFileSink implements Sink {
  readonly description: string;
  private readonly dir: string;
  private readonly database: string;
  private readonly prefix: string;
  private readonly clock: Clock;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    options: LineFileSinkOptions,
    private readonly logger: Logger,
  ) {
    if (!options.dir) throw new RangeError('Expected `dir` to be a non-empty path');
    this.dir = options.dir;
    this.database = options.database ?? DEFAULT_FILE_SINK_DATABASE;
    this.prefix = options.prefix ?? DEFAULT_FILE_SINK_PREFIX;
    this.clock = options.clock ?? systemClock;
    if (/[\r\n]/.test(this.database)) throw new RangeError('Expected `database` to be a single line');
    this.description = `line-protocol files in ${this.dir}`;
  }

  /** The file written to at `nowMs`: `<dir>/<prefix>-YYYY-MM-DD.lp` (UTC). */
  fileFor(nowMs: number): string {
    return join(this.dir, `${this.prefix}-${new Date(nowMs).toISOString().slice(0, 10)}.lp`);
  }

  write(lines: Lines, signal?: AbortSignal): Promise<void> {
    const run = this.tail.then(() => this.append(lines, signal));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async append(lines: Lines, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const count = lineCount(lines);
    if (count === 0) return;
    const path = this.fileFor(this.clock.now());
    try {
      await mkdir(this.dir, { recursive: true });
      const file = await open(path, 'a+');
      let created = false;
      try {
        const { size } = await file.stat();
        let prefix = '';
        if (size === 0) {
          created = true;
          prefix = `# DML\n# CONTEXT-DATABASE: ${this.database}\n`;
        } else {
          const last = Buffer.alloc(1);
          await file.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n'; // a partial line from a crash: end it before appending
        }
        const body = isLineBlock(lines) ? lines.bytes : Buffer.from(`${lines.join('\n')}\n`);
        await file.appendFile(prefix ? Buffer.concat([Buffer.from(prefix), body]) : body);
        await file.sync();
      } finally {
        await file.close();
      }
      if (created) await syncDirectory(this.dir); // the new file's name is durable too
      this.logger.debug('lines appended', { sink: this.description, file: path, lines: count });
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      throw new SinkWriteError(`${this.description}: could not append to ${path}: ${cause.message}`, { sink: this.description, retryable: true, attempts: 1 }, { cause });
    }
  }

  /** The folder exists (created when missing) and is writable. */
  async ping(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    await mkdir(this.dir, { recursive: true });
    await access(this.dir, constants.W_OK);
  }

  async close(): Promise<void> {
    await this.tail;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
