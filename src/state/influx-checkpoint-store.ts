import { gunzipSync, gzipSync } from 'node:zlib';
import type { InfluxQlClient } from '../sink/influxql-client.js';
import type { Sink } from '../sink/sink.js';
import { encodeLine } from '../transform/line-protocol.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { NetworkState } from '../planning/network-state.js';
import { quoteString } from '../sink/influxql-quote.js';

export const STATE_MEASUREMENT = 'collector_state';
/** Base64 characters per string field (InfluxDB caps a string field at 64 KiB). */
const CHUNK_CHARS = 60_000;

/**
 * The time of every unit's record, 2200-01-01T00:00:00Z: each put overwrites the unit's one point (same series, same
 * time), so the store stays O(units) and never sends a DELETE. It used to write at the end of the current UTC day and
 * delete the unit's older points, but InfluxDB 1.6.7 can lose acknowledged writes of other series (client_usage) in a
 * shard that a DELETE walks at the same time: a `DELETE FROM collector_state ... time >= 0` walks every shard of the
 * database, and lost a week (one shard) of usage a concurrent batch had just stored (docs/reliability.md). In the future,
 * the record is always newer than points of the previous versions (left in place, never read) and outlives any
 * retention policy; no usage is ever written in its shard.
 */
export const RECORD_TIME_MS = Date.UTC(2200, 0, 1);

/**
 * Checkpoints kept in InfluxDB itself, so an instance holds no state and can be rescheduled anywhere (one per
 * shard). Each `put` writes one point `collector_state,unit=<key>` at RECORD_TIME_MS with the record as gzipped JSON
 * in base64 chunks (`c0`, `c1`, ..., and `chunks`): one line, so InfluxDB stores it whole or not at all, and it
 * overwrites the unit's previous record (chunk fields beyond the new `chunks` are left over and never read). `get`
 * reads the newest point of the unit (points of previous versions, at earlier times, are older).
 */
export class InfluxCheckpointStore implements CheckpointStore {
  readonly description: string;

  constructor(
    private readonly sink: Sink,
    private readonly query: InfluxQlClient,
  ) {
    this.description = `InfluxDB measurement ${STATE_MEASUREMENT} (${sink.description})`;
  }

  async get(key: string): Promise<NetworkState | null> {
    const series = await this.query.query(
      `SELECT * FROM ${STATE_MEASUREMENT} WHERE "unit" = ${quoteString(key)} ORDER BY time DESC LIMIT 1`,
    );
    const s = series[0];
    const row = s?.values[0];
    if (!s || !row) return null;
    const at = (name: string): unknown => row[s.columns.indexOf(name)];
    const chunks = Number(at('chunks'));
    let b64 = '';
    for (let i = 0; i < chunks; i++) b64 += String(at(`c${i}`) ?? '');
    try {
      return JSON.parse(gunzipSync(Buffer.from(b64, 'base64')).toString('utf8')) as NetworkState;
    } catch (err) {
      throw new Error(`checkpoint of ${key} in ${STATE_MEASUREMENT} is unreadable; delete that series to start afresh`, { cause: err });
    }
  }

  async put(key: string, state: NetworkState): Promise<void> {
    const b64 = gzipSync(JSON.stringify(state)).toString('base64');
    const fields: Record<string, string | number> = { chunks: Math.ceil(b64.length / CHUNK_CHARS) };
    for (let i = 0; i * CHUNK_CHARS < b64.length; i++) fields[`c${i}`] = b64.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
    await this.sink.write([encodeLine(STATE_MEASUREMENT, { unit: key }, fields, RECORD_TIME_MS / 1000)]);
  }

  async *list(): AsyncIterable<NetworkState> {
    const series = await this.query.query(`SHOW TAG VALUES FROM ${STATE_MEASUREMENT} WITH KEY = "unit"`);
    const keys = series.flatMap((s) => s.values.map((v) => String(v[s.columns.indexOf('value')])));
    for (const key of keys.sort()) {
      const state = await this.get(key);
      if (state) yield state;
    }
  }
}
