import type { Sink } from '../../src/sink/sink.js';

/** A Sink that discards every line but counts lines, bytes and write calls: the collector measured alone. */
export class CountingSink implements Sink {
  readonly description = 'counting null sink (discards)';
  lines = 0;
  bytes = 0;
  writes = 0;

  async write(lines: readonly string[]): Promise<void> {
    this.writes++;
    this.lines += lines.length;
    for (const line of lines) this.bytes += line.length + 1;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
