import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import { createInfluxQlClient } from '../sink/influxql-client.js';
import { createSink } from '../sink/create-sink.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { FileCheckpointStore } from './file-checkpoint-store.js';
import { InfluxCheckpointStore } from './influx-checkpoint-store.js';

/** The store `state.store` asks for: files in `state.dir` (default), or InfluxDB (stateless instances). */
export function createCheckpointStore(config: Config, logger: Logger): CheckpointStore {
  if (config.state.store === 'file') return new FileCheckpointStore(config.state.dir);
  if (config.influx === null) {
    throw new Error('state.store is influx but no InfluxDB is configured: set INFLUX_URL, or COLLECTOR_STATE_STORE=file');
  }
  return new InfluxCheckpointStore(createSink(config, logger), createInfluxQlClient(config.influx));
}
