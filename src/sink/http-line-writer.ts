import { HttpError, type Transport } from '@influxdata/influxdb-client';
import type { Logger } from '../log/logger.js';
import { AttemptError, asError, attemptErrorOf } from './write-attempt-error.js';
import { blockBytes, isLineBlock, lineCount, type Lines } from '../transform/line-block.js';
import { SinkWriteError, scrubSecrets, type BatchRef } from './sink-write-error.js';
import {
  DEFAULT_RETRY_POLICY,
  RetriesExhaustedError,
  abortableSleep,
  validateRetryPolicy,
  withRetries,
  type RetryPolicy,
  type Sleep,
} from '../retry/with-retries.js';

/** Options shared by the InfluxDB sinks (both API versions). */
export interface HttpSinkOptions extends RetryPolicy {
  /** Lines per write request. Default 5000. */
  batchSize: number;
  /** Per request (one attempt of one batch), milliseconds. Default 30000. */
  timeoutMs: number;
  /** Waits between retries (tests replace it). Default: a real, abortable timer. */
  sleep: Sleep;
}

export const DEFAULT_HTTP_SINK_OPTIONS: Readonly<HttpSinkOptions> = Object.freeze({
  ...DEFAULT_RETRY_POLICY,
  batchSize: 5000,
  timeoutMs: 30_000,
  sleep: abortableSleep,
});

/** Where and how one InfluxDB sink writes; built by the v1 and v2 sinks. */
export interface HttpWriteTarget {
  /** For logs and errors; never a secret. */
  description: string;
  /** influxdb-client's HTTP transport (`InfluxDB#transport`), used for every request: no WriteApi buffering. */
  transport: Transport;
  /** Path and query of the write endpoint, e.g. `/write?db=meraki&precision=s`. */
  writePath: string;
  /** Extra request headers (e.g. `authorization` for InfluxDB 1.x). */
  headers: Record<string, string>;
  /** Values scrubbed from every message (token, password, encoded credentials). */
  secrets: string[];
  /** Appended to the message of a 404 on the write path. */
  notFoundHint: string;
}

/**
 * Writes line protocol over HTTP in batches, each batch confirmed (2xx) before the next is sent, retried within
 * bounds; nothing is queued between calls. The retry policy: network errors, timeouts, 429 and 5xx are retried
 * (429/503 after `Retry-After` seconds); any other status is final (bad data, auth, missing database).
 */
export class HttpLineWriter {
  private readonly options: HttpSinkOptions;

  constructor(
    private readonly target: HttpWriteTarget,
    options: Partial<HttpSinkOptions>,
    private readonly logger: Logger,
  ) {
    this.options = { ...DEFAULT_HTTP_SINK_OPTIONS, ...stripUndefined(options) };
    validateRetryPolicy(this.options);
    const { batchSize, timeoutMs } = this.options;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`Expected \`batchSize\` to be a positive integer, got ${batchSize}`);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`Expected \`timeoutMs\` to be a positive number, got ${timeoutMs}`);
  }

  async write(lines: Lines, signal?: AbortSignal): Promise<void> {
    const { batchSize } = this.options;
    const total = lineCount(lines);
    const count = Math.ceil(total / batchSize);
    for (let index = 0; index < count; index++) {
      const firstLine = index * batchSize;
      const end = Math.min(total, firstLine + batchSize);
      // A string body: influxdb-client's transport takes no bytes (it encodes the string again, at ~1 ms per MB).
      const body = isLineBlock(lines) ? blockBytes(lines, firstLine, end).toString('utf8') : lines.slice(firstLine, end).join('\n');
      await this.writeBatch(body, { index, count, firstLine, lines: end - firstLine }, signal);
    }
  }

  private async writeBatch(body: string, ref: BatchRef, signal?: AbortSignal): Promise<void> {
    const { description } = this.target;
    const where = `batch ${ref.index + 1}/${ref.count} (lines ${ref.firstLine}-${ref.firstLine + ref.lines - 1})`;
    try {
      await withRetries(
        () => this.send(this.target.writePath, 'POST', body, signal),
        (error) => (error instanceof AttemptError ? { ...error.failure, error } : { retryable: true, error: asError(error) }),
        this.options,
        {
          sleep: this.options.sleep,
          onRetry: (failure, attempt, delayMs) =>
            this.logger.warn('sink write failed, retrying', { sink: description, batch: where, attempt, delayMs, error: this.scrub(failure.error.message) }),
        },
        signal,
      );
      this.logger.debug('sink batch stored', { sink: description, batch: where });
    } catch (error) {
      if (!(error instanceof RetriesExhaustedError)) throw error; // aborted: the signal's reason
      const last = error.cause instanceof AttemptError ? error.cause : undefined;
      const data = { sink: description, retryable: error.retryable, attempts: error.attempts, batch: ref, ...(last?.status ? { status: last.status } : {}) };
      throw new SinkWriteError(this.scrub(`${description}: ${where} not stored: ${error.message}`), data, { cause: last ?? error.cause });
    }
  }

  /**
   * Reachability: `GET /ping` (InfluxDB 1.x, 2.x, VictoriaMetrics), `/health` when there is no `/ping`. With
   * `verifyWrite`, also an empty write, which checks the credentials and that the database exists.
   */
  async ping(signal: AbortSignal | undefined, verifyWrite: boolean): Promise<void> {
    try {
      try {
        await this.send('/ping', 'GET', '', signal);
      } catch (error) {
        if (!(error instanceof AttemptError && error.status === 404)) throw error;
        await this.send('/health', 'GET', '', signal);
      }
      if (verifyWrite) await this.send(this.target.writePath, 'POST', '', signal);
    } catch (error) {
      signal?.throwIfAborted();
      const e = asError(error);
      throw new Error(this.scrub(`${this.target.description}: ping failed: ${e.message}`), { cause: e });
    }
  }

  /** One request with its own timeout; throws AttemptError with the retry decision. */
  private async send(path: string, method: string, body: string, signal?: AbortSignal): Promise<void> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    const headers = { 'content-type': 'text/plain; charset=utf-8', ...this.target.headers };
    try {
      await this.target.transport.request(path, body, { method, headers, signal: combined });
    } catch (error) {
      const timedOut = timeout.signal.aborted;
      timeout.abort(); // ends a request the transport gave up on (its socket timeout leaves the socket open)
      signal?.throwIfAborted();
      if (timedOut && !(error instanceof HttpError)) {
        throw new AttemptError(`request timed out after ${this.options.timeoutMs} ms`, { retryable: true }, undefined, { cause: error });
      }
      throw attemptErrorOf(error, path, this.target, (text) => this.scrub(text));
    } finally {
      clearTimeout(timer);
    }
  }

  private scrub(text: string): string {
    return scrubSecrets(text, this.target.secrets);
  }
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
