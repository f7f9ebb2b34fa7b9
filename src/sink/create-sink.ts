import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import { createInfluxQlClient } from './influxql-client.js';
import { InfluxV1Sink } from './influx-v1-sink.js';
import { InfluxV2Sink } from './influx-v2-sink.js';
import { SKIP_VERIFY_WARNING, influxHttpOptions } from './influx-transport.js';
import { LineFileSink } from './line-file-sink.js';
import type { Sink } from './sink.js';

/**
 * The sink the configuration asks for: InfluxDB through `/api/v2/write` (apiVersion 2: 2.x, 3.x, 1.8+),
 * InfluxDB 1.x `/write` (apiVersion 1), or line-protocol files in `fileSink.dir` when no InfluxDB is configured.
 * No network calls here; `ping()` checks reachability. The InfluxDB sinks read back through InfluxQL `/query`
 * (`storedUsage`); the file sink cannot.
 */
export function createSink(config: Config, logger: Logger): Sink {
  const influx = config.influx;
  const log = logger.child({ component: 'sink' });
  if (influx === null) return new LineFileSink({ dir: config.fileSink.dir }, log);
  const http = {
    batchSize: influx.batchSize, timeoutMs: influx.timeoutMs, maxRetries: influx.maxRetries,
    ...influxHttpOptions(influx), influxQl: createInfluxQlClient(influx),
  };
  if (influx.tlsSkipVerify) log.warn(SKIP_VERIFY_WARNING);
  if (influx.apiVersion === 1) {
    return new InfluxV1Sink(
      {
        url: influx.url,
        database: influx.database,
        retentionPolicy: influx.retentionPolicy,
        username: influx.username,
        password: influx.password,
        ...http,
      },
      log,
    );
  }
  return new InfluxV2Sink({ url: influx.url, token: influx.token, org: influx.org, bucket: influx.bucket, ...http }, log);
}
