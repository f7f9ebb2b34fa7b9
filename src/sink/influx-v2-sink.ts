import type { Transport } from '@influxdata/influxdb-client';
import type { Logger } from '../log/logger.js';
import { DEFAULT_HTTP_SINK_OPTIONS, HttpLineWriter, type HttpSinkOptions } from './http-line-writer.js';
import { createInfluxHttp, type InfluxHttp, type InfluxHttpOptions } from './influx-transport.js';
import { displayUrl } from './sink-write-error.js';
import type { InfluxQlClient } from './influxql-client.js';
import type { Sink } from './sink.js';
import { readStoredSeries, readStoredUsage, type StoredSeriesReader, type StoredUsageReader } from './stored-usage.js';
import type { Lines } from '../transform/line-block.js';

export interface InfluxV2SinkOptions extends Partial<HttpSinkOptions>, Pick<InfluxHttpOptions, 'caFile' | 'tlsSkipVerify' | 'proxy'> {
  /** Base URL, e.g. http://localhost:8086 (without /api/v2). */
  url: string;
  /** Secret: an API token; on InfluxDB 1.8+ `user:password`. */
  token: string;
  /** Organization name or id (ignored by InfluxDB 1.8). */
  org: string;
  /** Bucket; on InfluxDB 1.8+ `database/retention-policy`. */
  bucket: string;
  /** InfluxQL `/query` client of the same server: enables `storedUsage` (read-back). */
  influxQl?: InfluxQlClient;
  /** HTTP transport; default createInfluxHttp for `url` and `token` (with the proxy and CA options). */
  transport?: Transport;
}

/**
 * `POST /api/v2/write?org=&bucket=&precision=s` (InfluxDB 2.x, 3.x, 1.8+, VictoriaMetrics) through
 * `@influxdata/influxdb-client`'s transport. Not its WriteApi: that one reads `Retry-After` as milliseconds, rejects
 * `flush()` while lines stay queued for a retry and drops them on `close()`, so it cannot tell which lines are
 * stored. Here every batch is sent and confirmed by `write` itself (see HttpLineWriter).
 */
export class InfluxV2Sink implements Sink {
  readonly description: string;
  readonly storedUsage?: StoredUsageReader;
  readonly storedSeries?: StoredSeriesReader;
  private readonly writer: HttpLineWriter;
  private readonly http: InfluxHttp | null;

  constructor(options: InfluxV2SinkOptions, logger: Logger) {
    const { url, token, org, bucket, transport, influxQl, caFile, tlsSkipVerify, proxy, ...httpOptions } = options;
    if (influxQl) {
      this.storedUsage = (q, signal) => readStoredUsage(influxQl, q, signal);
      this.storedSeries = (q, signal) => readStoredSeries(influxQl, q, signal);
    }
    if (!bucket) throw new RangeError('Expected `bucket` to be a non-empty string');
    const timeoutMs = httpOptions.timeoutMs ?? DEFAULT_HTTP_SINK_OPTIONS.timeoutMs;
    this.http = transport ? null : createInfluxHttp({ url, token, timeoutMs, caFile, tlsSkipVerify, proxy });
    this.description = `InfluxDB v2 API ${displayUrl(url)} org=${org} bucket=${bucket}`;
    this.writer = new HttpLineWriter(
      {
        description: this.description,
        transport: transport ?? (this.http as InfluxHttp).transport,
        writePath: `/api/v2/write?org=${encodeURIComponent(org)}&bucket=${encodeURIComponent(bucket)}&precision=s`,
        headers: {},
        secrets: token ? [token] : [],
        notFoundHint: 'no such bucket or org, or the server has no /api/v2/write: InfluxDB before 1.8 needs apiVersion 1',
      },
      httpOptions,
      logger,
    );
  }

  write(lines: Lines, signal?: AbortSignal): Promise<void> {
    return this.writer.write(lines, signal);
  }

  /** `/ping` (or `/health`): reachability only; a 2.x token is checked by the first write. */
  ping(signal?: AbortSignal): Promise<void> {
    return this.writer.ping(signal, false);
  }

  async close(): Promise<void> {
    this.http?.close();
  }
}
