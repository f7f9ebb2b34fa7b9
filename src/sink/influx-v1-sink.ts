import { InfluxDB, type Transport } from '@influxdata/influxdb-client';
import type { Logger } from '../log/logger.js';
import { DEFAULT_HTTP_SINK_OPTIONS, HttpLineWriter, type HttpSinkOptions } from './http-line-writer.js';
import { displayUrl } from './sink-write-error.js';
import type { InfluxQlClient } from './influxql-client.js';
import type { Sink } from './sink.js';
import { readStoredSeries, readStoredUsage, type StoredSeriesReader, type StoredUsageReader } from './stored-usage.js';
import type { Lines } from '../transform/line-block.js';

export interface InfluxV1SinkOptions extends Partial<HttpSinkOptions> {
  /** Base URL, e.g. http://localhost:8086. */
  url: string;
  database: string;
  /** Retention policy; null or empty = the database's default. */
  retentionPolicy?: string | null;
  /** With `password`: HTTP Basic auth. Null = no auth. */
  username?: string | null;
  /** Secret: sent only in the Authorization header, never in a URL, log or error. */
  password?: string | null;
  /** InfluxQL `/query` client of the same server: enables `storedUsage` (read-back). */
  influxQl?: InfluxQlClient;
  /** HTTP transport; default influxdb-client's node transport for `url`. */
  transport?: Transport;
}

/**
 * InfluxDB 1.x before 1.8: `POST /write?db=&rp=&precision=s`. Requests go through influxdb-client's transport
 * (the same one the v2 sink uses, so one HTTP stack, TLS and proxy options serve both), without its WriteApi.
 */
export class InfluxV1Sink implements Sink {
  readonly description: string;
  readonly storedUsage?: StoredUsageReader;
  readonly storedSeries?: StoredSeriesReader;
  private readonly writer: HttpLineWriter;

  constructor(options: InfluxV1SinkOptions, logger: Logger) {
    const { url, database, retentionPolicy, username, password, transport, influxQl, ...httpOptions } = options;
    if (influxQl) {
      this.storedUsage = (q, signal) => readStoredUsage(influxQl, q, signal);
      this.storedSeries = (q, signal) => readStoredSeries(influxQl, q, signal);
    }
    if (!database) throw new RangeError('Expected `database` to be a non-empty string');
    const rp = retentionPolicy ? `&rp=${encodeURIComponent(retentionPolicy)}` : '';
    const headers: Record<string, string> = {};
    const secrets: string[] = [];
    if (username) {
      const basic = Buffer.from(`${username}:${password ?? ''}`).toString('base64');
      headers['authorization'] = `Basic ${basic}`;
      secrets.push(basic);
    }
    if (password) secrets.push(password);
    this.description = `InfluxDB 1.x ${displayUrl(url)} db=${database}${retentionPolicy ? ` rp=${retentionPolicy}` : ''}`;
    this.writer = new HttpLineWriter(
      {
        description: this.description,
        transport: transport ?? new InfluxDB({ url, timeout: httpOptions.timeoutMs ?? DEFAULT_HTTP_SINK_OPTIONS.timeoutMs }).transport,
        writePath: `/write?db=${encodeURIComponent(database)}${rp}&precision=s`,
        headers,
        secrets,
        notFoundHint: `database "${database}" does not exist: CREATE DATABASE "${database}"`,
      },
      httpOptions,
      logger,
    );
  }

  write(lines: Lines, signal?: AbortSignal): Promise<void> {
    return this.writer.write(lines, signal);
  }

  /** `/ping`, then an empty write: checks the credentials and that the database exists. */
  ping(signal?: AbortSignal): Promise<void> {
    return this.writer.ping(signal, true);
  }

  async close(): Promise<void> {}
}
