import { beforeAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { InfluxV1Sink } from '../../src/sink/influx-v1-sink.js';
import { SinkWriteError } from '../../src/sink/sink-write-error.js';
import { encodeUsagePoint, encodeUsagePoints } from '../../src/transform/line-protocol.js';
import type { UsagePoint } from '../../src/transform/usage-point.js';
import { toPoints } from '../../src/transform/usage-to-points.js';
import { apiRecords, influxQuery, uniqueDatabase } from './influx-query.js';

const url = inject('influxUrl');
const db = uniqueDatabase('sink_v1');
const DAY0 = 1_760_000_000 - (1_760_000_000 % 86400);
const point: UsagePoint = { timeSeconds: DAY0, org: 'o1', network: 'N_1', client: 'kone', mac: 'aa:bb', ip: '10.0.0.1', ssid: 'Corp', recvKb: 1, sentKb: 2 };

const sinkFor = (database = db, batchSize = 1000) => new InfluxV1Sink({ url, database, batchSize, maxRetries: 0 }, silentLogger);

beforeAll(async () => {
  await influxQuery(url, `CREATE DATABASE "${db}"`);
});

describe('InfluxV1Sink against InfluxDB 1.6', () => {
  it('stores every point of many batches with exact values; sums per client equal the API', async () => {
    const { points, rejects } = toPoints(apiRecords(200, 31, DAY0), { org: 'o1', network: 'N_sums' });
    expect(rejects).toEqual([]);
    await sinkFor(db, 997).write(encodeUsagePoints(points));

    const rows = await influxQuery(url, `SELECT recv, sent FROM client_usage WHERE network = 'N_sums' GROUP BY client`, db);
    expect(rows).toHaveLength(200);
    const stored = new Map(rows.flatMap((s) => s.values.map((v) => [`${s.tags?.['client']}@${Date.parse(String(v[0])) / 1000}`, [v[1], v[2]]] as const)));
    expect(stored.size).toBe(points.length);
    for (const p of points) expect(stored.get(`${p.client}@${p.timeSeconds}`)).toEqual([p.recvKb, p.sentKb]);

    const sums = await influxQuery(url, `SELECT sum(recv), sum(sent) FROM client_usage WHERE network = 'N_sums' GROUP BY client`, db);
    for (const s of sums) {
      const mine = points.filter((p) => p.client === s.tags?.['client']);
      expect(s.values[0]?.[1]).toBeCloseTo(mine.reduce((a, p) => a + p.recvKb, 0), 6);
      expect(s.values[0]?.[2]).toBeCloseTo(mine.reduce((a, p) => a + p.sentKb, 0), 6);
    }
  });

  it('writing the same point again overwrites it: no double counting', async () => {
    const sink = sinkFor();
    const p = { ...point, network: 'N_overwrite' };
    await sink.write([encodeUsagePoint(p)]);
    await sink.write([encodeUsagePoint({ ...p, recvKb: 10.5, sentKb: 20.25 })]);
    await sink.write([encodeUsagePoint({ ...p, recvKb: 11.5, sentKb: 21.25 })]);
    const rows = await influxQuery(url, `SELECT count(recv), sum(recv), sum(sent) FROM client_usage WHERE network = 'N_overwrite'`, db);
    expect(rows[0]?.values[0]?.slice(1)).toEqual([1, 11.5, 21.25]);
  });

  it('keeps fractional kilobytes and float field types, integral values included', async () => {
    const values = [0, 3, 0.000123, 123456789.987654, 1e21];
    const lines = values.map((v, i) => encodeUsagePoint({ ...point, network: 'N_frac', timeSeconds: DAY0 + i * 86400, recvKb: v, sentKb: v }));
    await sinkFor().write(lines);
    const rows = await influxQuery(url, `SELECT recv FROM client_usage WHERE network = 'N_frac'`, db);
    expect(rows[0]?.values.map((v) => v[1])).toEqual(values);
    const types = await influxQuery(url, 'SHOW FIELD KEYS FROM client_usage', db);
    expect(types[0]?.values).toEqual([
      ['recv', 'float'],
      ['sent', 'float'],
    ]);
  });

  it.each([
    ['spaces', 'Corp WiFi 5 GHz'],
    ['commas', 'a,b,,c'],
    ['equals', 'x=y=='],
    ['all together', 'My SSID, band=5 GHz'],
    ['backslash before a letter', 'C:\\dir'],
    ['unicode', 'Café 📶'],
  ])('tag values with %s round-trip', async (_name, ssid) => {
    const network = `N_tags ${ssid}`;
    await sinkFor().write([encodeUsagePoint({ ...point, network, ssid, client: 'k,=x y' })]);
    const rows = await influxQuery(url, `SELECT recv FROM client_usage WHERE network = '${network.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}' GROUP BY *`, db);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tags).toMatchObject({ ssid, network, client: 'k,=x y', ip: '10.0.0.1' });
  });

  it('leaves out empty ip and ssid tags', async () => {
    await sinkFor().write([encodeUsagePoint({ ...point, network: 'N_empty', ip: '', ssid: '' })]);
    const rows = await influxQuery(url, `SELECT recv FROM client_usage WHERE network = 'N_empty' GROUP BY *`, db);
    expect(rows[0]?.tags).toEqual({ client: 'kone', ip: '', mac: 'aa:bb', network: 'N_empty', org: 'o1', ssid: '' });
  });

  it('bad data is not retried and the error names the batch', async () => {
    const good = encodeUsagePoint({ ...point, network: 'N_bad' });
    const lines = [good, good, good, 'client_usage,client=x recv=oops 1', good];
    const error = await sinkFor(db, 2)
      .write(lines)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkWriteError);
    const e = error as SinkWriteError;
    expect(e.status).toBe(400);
    expect(e.retryable).toBe(false);
    expect(e.attempts).toBe(1);
    expect(e.batch).toEqual({ index: 1, count: 3, firstLine: 2, lines: 2 });
    expect(e.message).toMatch(/batch 2\/3 \(lines 2-3\) not stored: HTTP 400: partial write: unable to parse .*\(not retried\)$/);
  });

  it('a field type conflict (integer into a float field) is refused as bad data', async () => {
    const error = await sinkFor()
      .write([`client_usage,client=kone,network=N_1 recv=1i,sent=2i ${DAY0}`])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect((error as Error).message).toMatch(/field type conflict/);
  });

  it('a missing database gives a clear error and a failing ping', async () => {
    const sink = sinkFor('no_such_db_here');
    await expect(sink.write([encodeUsagePoint(point)])).rejects.toThrow(/HTTP 404: database not found.*CREATE DATABASE "no_such_db_here"/);
    await expect(sink.ping()).rejects.toThrow(/ping failed: HTTP 404/);
    await expect(sinkFor().ping()).resolves.toBeUndefined();
  });

  it('writes to a retention policy', async () => {
    await influxQuery(url, `CREATE RETENTION POLICY "short" ON "${db}" DURATION 1000d REPLICATION 1`);
    const sink = new InfluxV1Sink({ url, database: db, retentionPolicy: 'short' }, silentLogger);
    expect(sink.description).toBe(`InfluxDB 1.x ${url} db=${db} rp=short`);
    await sink.write([encodeUsagePoint({ ...point, network: 'N_rp' })]);
    const rows = await influxQuery(url, `SELECT recv FROM "short".client_usage WHERE network = 'N_rp'`, db);
    expect(rows[0]?.values).toHaveLength(1);
  });

  it('an empty write stores nothing and resolves', async () => {
    await expect(sinkFor().write([])).resolves.toBeUndefined();
  });
});
