import type { Sink } from '../../src/sink/sink.js';
import { isLineBlock, lineCount, type Lines } from '../../src/transform/line-block.js';

/** A Sink that discards every line but counts lines, bytes and write calls: the collector measured alone. */
export class CountingSink implements Sink {
  readonly description = 'counting null sink (discards)';
  lines = 0;
  bytes = 0;
  writes = 0;

  async write(lines: Lines): Promise<void> {
    this.writes++;
    this.lines += lineCount(lines);
    if (isLineBlock(lines)) this.bytes += lines.bytes.length;
    else for (const line of lines) this.bytes += Buffer.byteLength(line) + 1;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
