import type { Sink } from '../../src/sink/sink.js';
import { linesOf, type Lines } from '../../src/transform/line-block.js';

/** A Sink that forwards to another and keeps every write it stored (for a replay of the same line protocol). */
export class RecordingSink implements Sink {
  readonly description: string;
  private readonly written: Lines[] = [];

  constructor(private readonly inner: Sink) {
    this.description = inner.description;
  }

  async write(lines: Lines, signal?: AbortSignal): Promise<void> {
    await this.inner.write(lines, signal);
    this.written.push(lines); // kept as given: decoding here would count against the collector's time
  }

  /** Every line stored, in order. */
  lines(): string[] {
    return this.written.flatMap((lines) => linesOf(lines));
  }

  ping(signal?: AbortSignal): Promise<void> {
    return this.inner.ping(signal);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
