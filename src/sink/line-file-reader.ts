import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_FILE_SINK_PREFIX } from './line-file-sink.js';
import { parseLine, type ParsedField } from './line-protocol-reader.js';

/** One stored point after replay: the fields of every write of its series and time merged, later writes winning. */
export interface StoredPoint {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, ParsedField>;
  /** Seconds since the epoch. */
  time: number;
}

export interface ReadLineFilesOptions {
  /** Folder of the files. */
  dir: string;
  /** File name prefix (default `usage`): files `<prefix>-YYYY-MM-DD.lp`, replayed in name (= writing) order. */
  prefix?: string;
  /** Keep only points for which this returns true (measurement and time, before the rest is parsed into memory). */
  keep?: (measurement: string, timeSeconds: number) => boolean;
}

export interface LineFileContents {
  points: StoredPoint[];
  files: string[];
  /** Lines that could not be read (e.g. the partial last line of a crash), skipped as `influx -import` would. */
  skippedLines: number;
}

/**
 * Replays the file sink's line-protocol files the way InfluxDB stores them: for the same series (measurement and
 * tag set) and timestamp, the last write wins field by field. A missing folder reads as no data.
 */
export async function readLineFiles(options: ReadLineFilesOptions): Promise<LineFileContents> {
  const prefix = options.prefix ?? DEFAULT_FILE_SINK_PREFIX;
  const names = await readdir(options.dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const files = names.filter((n) => n.startsWith(`${prefix}-`) && n.endsWith('.lp')).sort();
  const points = new Map<string, StoredPoint>();
  let skippedLines = 0;
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(join(options.dir, file), 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === '' || line.startsWith('#')) continue;
      const p = parseLine(line);
      if (!p) {
        skippedLines++;
        continue;
      }
      if (options.keep && !options.keep(p.measurement, p.time)) continue;
      const key = `${p.seriesKey} ${p.time}`;
      const prev = points.get(key);
      if (prev) Object.assign(prev.fields, p.fields);
      else points.set(key, { measurement: p.measurement, tags: p.tags, fields: p.fields, time: p.time });
    }
  }
  return { points: [...points.values()], files, skippedLines };
}
