import type { Transport } from '@influxdata/influxdb-client';
import type { Logger } from '../log/logger.js';
import { DEFAULT_HTTP_SINK_OPTIONS, HttpLineWriter, type HttpSinkOptions } from './http-line-writer.js';
import { createInfluxHttp, type InfluxHttp, type InfluxHttpOptions } from './influx-transport.js';
import { displayUrl } from './sink-write-error.js';
import type { InfluxQlClient } from './influxql-client.js';
import type { Sink } from './sink.js';
import { readStoredSeries, readStoredUsage, type StoredSeriesReader, type StoredUsageReader } from './stored-usage.js';
import type { Lines } from '../transform/line-block.js';

export interface InfluxV1SinkOptions extends Partial<HttpSinkOptions>, Pick<InfluxHttpOptions, 'caFile' | 'tlsSkipVerify' | 'proxy'> {
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
  /** HTTP transport; default createInfluxHttp for `url` (with the proxy and CA options). */
  transport?: Transport;
}

/**
 * InfluxDB 1.x before 1.8: `POST /write?db=&rp=&precision=s`. Requests go through influxdb-client's transport
 * over the Egress agent (see influx-transport.ts: the same stack as the v2 sink and the InfluxQL reads), without its
 * WriteApi.
 */
export class InfluxV1Sink implements Sink {
  readonly description: string;
  readonly storedUsage?: StoredUsageReader;
  readonly storedSeries?: StoredSeriesReader;
  private readonly writer: HttpLineWriter;
  private readonly http: InfluxHttp | null;

  constructor(options: InfluxV1SinkOptions, logger: Logger) {
    const { url, database, retentionPolicy, username, password, transport, influxQl, caFile, tlsSkipVerify, proxy, ...httpOptions } = options;
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
    const timeoutMs = httpOptions.timeoutMs ?? DEFAULT_HTTP_SINK_OPTIONS.timeoutMs;
    this.http = transport ? null : createInfluxHttp({ url, timeoutMs, caFile, tlsSkipVerify, proxy });
    this.description = `InfluxDB 1.x ${displayUrl(url)} db=${database}${retentionPolicy ? ` rp=${retentionPolicy}` : ''}`;
    this.writer = new HttpLineWriter(
      {
        description: this.description,
        transport: transport ?? (this.http as InfluxHttp).transport,
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

  async close(): Promise<void> {
    this.http?.close();
  }
}
