/** The InfluxDB checkpoint store against the real InfluxDB 1.6.7 of the suite: O(units), whatever the puts. */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { InfluxConfig } from '../../src/config/types.js';
import { emptyState, type NetworkState } from '../../src/planning/network-state.js';
import { InfluxCheckpointStore, recordTimeMs, STATE_MEASUREMENT } from '../../src/state/influx-checkpoint-store.js';
import { createInfluxDeleter } from '../../src/sink/influx-delete.js';
import { createInfluxQlClient } from '../../src/sink/influxql-client.js';
import { InfluxV1Sink } from '../../src/sink/influx-v1-sink.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { influxQuery, uniqueDatabase } from '../sink/influx-query.js';

const url = inject('influxUrl');
const HOUR_MS = 3_600_000;
const START = Date.UTC(2026, 4, 1, 6, 0, 0);

function storeOn(db: string, clock: { now(): number }): InfluxCheckpointStore {
  const influx: InfluxConfig = {
    apiVersion: 1, url, database: db, retentionPolicy: null, username: null, password: null, batchSize: 5000, timeoutMs: 10_000, maxRetries: 2,
  };
  return new InfluxCheckpointStore(new InfluxV1Sink({ url, database: db }, captureLogger()), createInfluxQlClient(influx), clock, createInfluxDeleter(influx));
}

async function storedPoints(db: string): Promise<{ points: number; series: number }> {
  const count = await influxQuery(url, `SELECT count("chunks") FROM ${STATE_MEASUREMENT}`, db);
  const series = await influxQuery(url, `SHOW SERIES FROM ${STATE_MEASUREMENT}`, db);
  return { points: Number(count[0]?.values[0]?.[1] ?? 0), series: series[0]?.values.length ?? 0 };
}

/** A state with `pins` random client keys (which do not compress: ~60 bytes of base64 each once gzipped). */
function stateOfSize(networkId: string, pins: number, checkpointMs: number): NetworkState {
  const state = { ...emptyState('o1', networkId, `net ${networkId}`), checkpointMs };
  for (let i = 0; i < pins; i++) state.pins[randomBytes(32).toString('base64')] = { lastMs: checkpointMs, segs: [[checkpointMs, `10.0.${i >> 8}.${i & 255}`, 'guest']] };
  return state;
}

describe('InfluxCheckpointStore (InfluxDB 1.6.7)', () => {
  let db: string;
  beforeAll(async () => {
    db = uniqueDatabase('cp_store');
    await influxQuery(url, `CREATE DATABASE ${db}`);
  });

  it('1,000 puts over 5 units and four days leave one point per unit; each unit reads back its last record', async () => {
    let now = START;
    const store = storeOn(db, { now: () => now });
    const units = ['N_1', 'N_2', 'N_3', 'N_4', 'N_5'];
    const last = new Map<string, NetworkState>();
    const sizes: { puts: number; points: number; series: number }[] = [];
    for (let put = 1; put <= 1000; put++) {
      const key = units[put % units.length]!;
      if (put <= units.length) expect(await store.get(key)).toBeNull();
      const state = { ...emptyState('o1', key, `net ${key}`), checkpointMs: now, pointsWritten: put };
      await store.put(key, state);
      last.set(key, state);
      now += 270_000; // 4.5 minutes per put (a point at "now" per put would make 1,000): 75 hours, four UTC days
      if (put === 10 || put === 100 || put === 1000) sizes.push({ puts: put, ...(await storedPoints(db)) });
    }
    expect(recordTimeMs(now)).toBeGreaterThan(recordTimeMs(START) + 2 * 86_400_000);
    expect(sizes).toEqual([
      { puts: 10, points: 5, series: 5 },
      { puts: 100, points: 5, series: 5 },
      { puts: 1000, points: 5, series: 5 },
    ]);
    // A fresh instance (a rescheduled pod) reads the last record of each unit.
    const fresh = storeOn(db, { now: () => now });
    for (const key of units) expect(await fresh.get(key)).toEqual(last.get(key));
    const listed: string[] = [];
    for await (const s of fresh.list()) listed.push(`${s.networkId}:${s.pointsWritten}`);
    expect(listed).toEqual(units.map((k) => `${k}:${last.get(k)!.pointsWritten}`));
  }, 120_000);

  it('reads the right record after it shrinks and grows (chunk fields left over are never read)', async () => {
    let now = START;
    const store = storeOn(db, { now: () => now });
    const big = stateOfSize('N_big', 4000, START);
    await store.put('N_big', big);
    const chunksOf = async () => Number((await influxQuery(url, `SELECT last("chunks") FROM ${STATE_MEASUREMENT} WHERE "unit" = 'N_big'`, db))[0]?.values[0]?.[1]);
    expect(await chunksOf()).toBeGreaterThanOrEqual(3);
    const small = stateOfSize('N_big', 10, START + HOUR_MS);
    await store.put('N_big', small);
    expect(await chunksOf()).toBe(1);
    expect(await storeOn(db, { now: () => now }).get('N_big')).toEqual(small);
    now += 86_400_000; // next day: a new point, the old one deleted
    const medium = stateOfSize('N_big', 2000, START + 2 * HOUR_MS);
    await store.put('N_big', medium);
    expect(await storeOn(db, { now: () => now }).get('N_big')).toEqual(medium);
    const n = await influxQuery(url, `SELECT count("chunks") FROM ${STATE_MEASUREMENT} WHERE "unit" = 'N_big'`, db);
    expect(Number(n[0]?.values[0]?.[1])).toBe(1);
  }, 60_000);

  it('replaces a record of the previous version (a point at "now") on the first put', async () => {
    const legacyDb = uniqueDatabase('cp_legacy');
    await influxQuery(url, `CREATE DATABASE ${legacyDb}`);
    const now = START + 5 * HOUR_MS;
    // What the previous version wrote: the record at the time of the put, several times.
    const old = storeOn(legacyDb, { now: () => now });
    const legacy = { ...emptyState('o1', 'N_9', 'nine'), checkpointMs: 111 };
    const { gzipSync } = await import('node:zlib');
    const b64 = gzipSync(JSON.stringify(legacy)).toString('base64');
    for (const t of [now - 2 * HOUR_MS, now - HOUR_MS]) {
      await fetch(`${url}/write?db=${legacyDb}&precision=s`, { method: 'POST', body: `${STATE_MEASUREMENT},unit=N_9 chunks=1,c0="${b64}" ${t / 1000}` });
    }
    expect(await old.get('N_9')).toEqual(legacy);
    const next = { ...legacy, checkpointMs: 222 };
    await old.put('N_9', next);
    expect(await storeOn(legacyDb, { now: () => now }).get('N_9')).toEqual(next);
    expect(await storedPoints(legacyDb)).toEqual({ points: 1, series: 1 });
  });
});
