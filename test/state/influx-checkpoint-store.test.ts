/** The InfluxDB checkpoint store against the real InfluxDB 1.6.7 of the suite: O(units), whatever the puts, and no DELETE. */
import { randomBytes } from 'node:crypto';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { InfluxConfig } from '../../src/config/types.js';
import { emptyState, type NetworkState } from '../../src/planning/network-state.js';
import { InfluxCheckpointStore, RECORD_TIME_MS, STATE_MEASUREMENT } from '../../src/state/influx-checkpoint-store.js';
import { createInfluxQlClient } from '../../src/sink/influxql-client.js';
import { InfluxV1Sink } from '../../src/sink/influx-v1-sink.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { influxQuery, uniqueDatabase } from '../sink/influx-query.js';

const url = inject('influxUrl');
const HOUR_MS = 3_600_000;
const START = Date.UTC(2026, 4, 1, 6, 0, 0);

function storeOn(db: string, via = url): InfluxCheckpointStore {
  const influx: InfluxConfig = {
    apiVersion: 1, url: via, database: db, retentionPolicy: null, username: null, password: null, batchSize: 5000, timeoutMs: 10_000, maxRetries: 2,
  };
  return new InfluxCheckpointStore(new InfluxV1Sink({ url: via, database: db }, captureLogger()), createInfluxQlClient(influx));
}

/** A loopback proxy in front of InfluxDB that records every InfluxQL statement sent to /query (URL or form body). */
async function startQueryRecorder(target: string): Promise<{ url: string; statements: string[]; stop(): Promise<void> }> {
  const statements: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (b: Buffer) => chunks.push(b));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname === '/query') {
        const q = u.searchParams.get('q') ?? new URLSearchParams(body.toString()).get('q');
        if (q) statements.push(q);
      }
      const fwd = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      fwd.on('error', () => res.destroy());
      fwd.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, statements, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
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
    const store = storeOn(db);
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
    expect(now - START).toBeGreaterThan(3 * 86_400_000);
    expect(sizes).toEqual([
      { puts: 10, points: 5, series: 5 },
      { puts: 100, points: 5, series: 5 },
      { puts: 1000, points: 5, series: 5 },
    ]);
    // A fresh instance (a rescheduled pod) reads the last record of each unit.
    const fresh = storeOn(db);
    for (const key of units) expect(await fresh.get(key)).toEqual(last.get(key));
    const listed: string[] = [];
    for await (const s of fresh.list()) listed.push(`${s.networkId}:${s.pointsWritten}`);
    expect(listed).toEqual(units.map((k) => `${k}:${last.get(k)!.pointsWritten}`));
  }, 120_000);

  it('reads the right record after it shrinks and grows (chunk fields left over are never read)', async () => {
    const store = storeOn(db);
    const big = stateOfSize('N_big', 4000, START);
    await store.put('N_big', big);
    const chunksOf = async () => Number((await influxQuery(url, `SELECT last("chunks") FROM ${STATE_MEASUREMENT} WHERE "unit" = 'N_big'`, db))[0]?.values[0]?.[1]);
    expect(await chunksOf()).toBeGreaterThanOrEqual(3);
    const small = stateOfSize('N_big', 10, START + HOUR_MS);
    await store.put('N_big', small);
    expect(await chunksOf()).toBe(1);
    expect(await storeOn(db).get('N_big')).toEqual(small);
    const medium = stateOfSize('N_big', 2000, START + 2 * HOUR_MS);
    await store.put('N_big', medium);
    expect(await storeOn(db).get('N_big')).toEqual(medium);
    const n = await influxQuery(url, `SELECT count("chunks") FROM ${STATE_MEASUREMENT} WHERE "unit" = 'N_big'`, db);
    expect(Number(n[0]?.values[0]?.[1])).toBe(1);
  }, 60_000);

  it('reads its record over those of the previous versions (points at "now" and at the end of the day), deleting nothing', async () => {
    const legacyDb = uniqueDatabase('cp_legacy');
    await influxQuery(url, `CREATE DATABASE ${legacyDb}`);
    const now = START + 5 * HOUR_MS;
    const endOfDay = Math.floor(now / 86_400_000) * 86_400_000 + 86_400_000;
    // What the previous versions wrote: the record at the time of the put, then at the end of the put's UTC day.
    const legacy = { ...emptyState('o1', 'N_9', 'nine'), checkpointMs: 111 };
    const { gzipSync } = await import('node:zlib');
    const b64 = gzipSync(JSON.stringify(legacy)).toString('base64');
    for (const t of [now - 2 * HOUR_MS, now - HOUR_MS, endOfDay]) {
      await fetch(`${url}/write?db=${legacyDb}&precision=s`, { method: 'POST', body: `${STATE_MEASUREMENT},unit=N_9 chunks=1,c0="${b64}" ${t / 1000}` });
    }
    const old = storeOn(legacyDb);
    expect(await old.get('N_9')).toEqual(legacy);
    const next = { ...legacy, checkpointMs: 222 };
    await old.put('N_9', next);
    expect(await storeOn(legacyDb).get('N_9')).toEqual(next);
    // The old points stay (never read again; retention drops them); the store's own is one point at RECORD_TIME_MS.
    expect(await storedPoints(legacyDb)).toEqual({ points: 4, series: 1 });
    const own = await influxQuery(url, `SELECT count("chunks") FROM ${STATE_MEASUREMENT} WHERE time = ${RECORD_TIME_MS}ms`, legacyDb);
    expect(Number(own[0]?.values[0]?.[1])).toBe(1);
  });

  it('sends no DELETE (InfluxDB 1.6.7 can lose writes of other series in the shards a DELETE walks), and usage beside it is untouched', async () => {
    const usageDb = uniqueDatabase('cp_nodelete');
    await influxQuery(url, `CREATE DATABASE ${usageDb}`);
    // A month of client_usage (five weekly shards) in the same database, as the collector stores it.
    const days = Array.from({ length: 31 }, (_, d) => START - (31 - d) * 86_400_000);
    const lines = days.flatMap((t) => ['k1', 'k2'].map((c) => `client_usage,network=N_1,client=${c} sent=1,recv=2 ${t / 1000}`));
    await fetch(`${url}/write?db=${usageDb}&precision=s`, { method: 'POST', body: lines.join('\n') });
    const recorder = await startQueryRecorder(url);
    try {
      const store = storeOn(usageDb, recorder.url);
      for (let day = 0; day < 3; day++) {
        for (const key of ['N_1', 'N_2']) {
          expect((await store.get(key))?.checkpointMs ?? null).toBe(day === 0 ? null : day - 1);
          await store.put(key, { ...emptyState('o1', key, key), checkpointMs: day });
        }
      }
      expect(recorder.statements.filter((q) => /\b(DELETE|DROP)\b/i.test(q))).toEqual([]);
      expect(recorder.statements.length).toBe(6); // the reads of the six gets
    } finally {
      await recorder.stop();
    }
    expect(await storedPoints(usageDb)).toEqual({ points: 2, series: 2 });
    const usage = await influxQuery(url, 'SELECT count("sent") FROM client_usage', usageDb);
    expect(Number(usage[0]?.values[0]?.[1])).toBe(lines.length);
  });
});
