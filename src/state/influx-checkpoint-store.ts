import { gunzipSync, gzipSync } from 'node:zlib';
import type { Clock } from '../clock.js';
import type { InfluxDeleter } from '../sink/influx-delete.js';
import type { InfluxQlClient } from '../sink/influxql-client.js';
import type { Sink } from '../sink/sink.js';
import { encodeLine } from '../transform/line-protocol.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { NetworkState } from '../planning/network-state.js';
import { DAY_MS } from '../planning/windows.js';

export const STATE_MEASUREMENT = 'collector_state';
/** Base64 characters per string field (InfluxDB caps a string field at 64 KiB). */
const CHUNK_CHARS = 60_000;

/**
 * The time of a unit's record written at `nowMs`: the end of that UTC day. Every put of one day overwrites the same
 * point (same series, same time); points of earlier days, and records of older versions written at "now" (always
 * before the end of their day), are older than it, so the newest point is always the current record.
 */
export function recordTimeMs(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS) * DAY_MS + DAY_MS;
}

/**
 * Checkpoints kept in InfluxDB itself, so an instance holds no state and can be rescheduled anywhere (one per
 * shard). Each `put` writes one point `collector_state,unit=<key>` with the record as gzipped JSON in base64 chunks
 * (`c0`, `c1`, ..., and `chunks`): one line, so InfluxDB stores it whole or not at all. `get` reads the newest
 * point of the unit. The store stays O(units): a put overwrites the unit's point of the day (`recordTimeMs`; chunk
 * fields beyond the new `chunks` are left over and never read), and the first put of a day, once the new point is
 * stored, deletes the unit's older points. So a unit has one point (two between a put and its delete). The records
 * must outlive the collector's longest pause: keep the retention of the database (or bucket) longer than that plus
 * a day, or the next run starts afresh and re-collects the lookback.
 */
export class InfluxCheckpointStore implements CheckpointStore {
  readonly description: string;
  /** Per unit, the time of the only record known to be stored (so that a day's later puts need no delete). */
  readonly #soleRecordMs = new Map<string, number>();

  constructor(
    private readonly sink: Sink,
    private readonly query: InfluxQlClient,
    private readonly clock: Clock,
    private readonly deleter: InfluxDeleter,
  ) {
    this.description = `InfluxDB measurement ${STATE_MEASUREMENT} (${sink.description})`;
  }

  async get(key: string): Promise<NetworkState | null> {
    const series = await this.query.query(
      `SELECT * FROM ${STATE_MEASUREMENT} WHERE "unit" = '${quote(key)}' ORDER BY time DESC LIMIT 1`,
    );
    const s = series[0];
    const row = s?.values[0];
    if (!s || !row) return null;
    const at = (name: string): unknown => row[s.columns.indexOf(name)];
    // Known to be the only record only if it is today's (older ones may have company): else the next put deletes.
    if (Number(at('time')) === recordTimeMs(this.clock.now())) this.#soleRecordMs.set(key, Number(at('time')));
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
    const atMs = recordTimeMs(this.clock.now());
    await this.sink.write([encodeLine(STATE_MEASUREMENT, { unit: key }, fields, atMs / 1000)]);
    if (this.#soleRecordMs.get(key) === atMs) return;
    // The new record is stored: what is older goes (a crash before this leaves two points, the newest is read).
    await this.deleter.deletePoints([{ measurement: STATE_MEASUREMENT, tags: { unit: key }, fromMs: 0, toMs: atMs - 1000 }]);
    this.#soleRecordMs.set(key, atMs);
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

function quote(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}
