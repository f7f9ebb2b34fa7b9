import type { Sink } from '../../src/sink/sink.js';

/** A Sink that forwards to another and keeps every line it stored (for a replay of the same line protocol). */
export class RecordingSink implements Sink {
  readonly description: string;
  readonly lines: string[] = [];

  constructor(private readonly inner: Sink) {
    this.description = inner.description;
  }

  async write(lines: readonly string[], signal?: AbortSignal): Promise<void> {
    await this.inner.write(lines, signal);
    for (const line of lines) this.lines.push(line);
  }

  ping(signal?: AbortSignal): Promise<void> {
    return this.inner.ping(signal);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
