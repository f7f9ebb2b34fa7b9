import { afterEach, describe, expect, inject, it } from 'vitest';
import type { InfluxConfig } from '../../src/config/types.js';
import { createInfluxDeleter, influxQlDelete, v2Predicate } from '../../src/sink/influx-delete.js';
import { InfluxV1Sink } from '../../src/sink/influx-v1-sink.js';
import { silentLogger } from '../../src/log/logger.js';
import { influxQuery, uniqueDatabase } from './influx-query.js';
import { startStub, type StubServer } from './stub-server.js';

const url = inject('influxUrl');
const T = Date.UTC(2026, 2, 3);
const common = { batchSize: 100, timeoutMs: 5000, maxRetries: 0 };

let stub: StubServer | null = null;
afterEach(async () => {
  await stub?.stop();
  stub = null;
});

describe('InfluxDeleter', () => {
  it('builds exact InfluxQL and v2 predicates (quotes escaped, absent tags as empty on 1.x only)', () => {
    const s = { measurement: 'client_usage', tags: { client: "k'1", ssid: '' }, fromMs: T, toMs: T };
    expect(influxQlDelete(s)).toBe(
      `DELETE FROM "client_usage" WHERE "client" = 'k\\'1' AND "ssid" = '' AND time >= '2026-03-03T00:00:00.000Z' AND time <= '2026-03-03T00:00:00.000Z'`,
    );
    expect(v2Predicate(s)).toBe('_measurement="client_usage" AND client="k\'1"');
  });

  it('on InfluxDB 1.6.7 deletes exactly the selected series point: not its other days, not a series with one more tag', async () => {
    const db = uniqueDatabase('delete');
    await influxQuery(url, `CREATE DATABASE ${db}`);
    const s = T / 1000;
    await new InfluxV1Sink({ url, database: db, maxRetries: 0 }, silentLogger).write([
      `m,client=a,ip=1 recv=1 ${s}`,
      `m,client=a,ip=1 recv=2 ${s + 86_400}`,
      `m,client=a,ip=1,ssid=x recv=3 ${s}`,
      `m,client=b,ip=1 recv=4 ${s}`,
    ]);
    const v1: InfluxConfig = { apiVersion: 1, url, database: db, retentionPolicy: null, username: null, password: null, ...common };
    await createInfluxDeleter(v1).deletePoints([{ measurement: 'm', tags: { client: 'a', ip: '1', ssid: '' }, fromMs: T, toMs: T }]);
    const left = await influxQuery(url, 'SELECT recv FROM m GROUP BY *', db);
    expect(left.flatMap((x) => x.values.map((v) => Number(v[1]))).sort()).toEqual([2, 3, 4]);
  });

  it('on 2.x posts one /api/v2/delete per selector with org, bucket, range and predicate, token in the header only', async () => {
    stub = await startStub(() => ({ status: 204 }));
    const v2: InfluxConfig = { apiVersion: 2, url: stub.url, token: 'tok-secret-9', org: 'my org', bucket: 'meraki', ...common };
    await createInfluxDeleter(v2).deletePoints([
      { measurement: 'client_usage', tags: { client: 'a', ip: '10.0.0.1' }, fromMs: T, toMs: T },
      { measurement: 'client_usage', tags: { client: 'b' }, fromMs: T, toMs: T + 1000 },
    ]);
    expect(stub.requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/api/v2/delete?org=my+org&bucket=meraki'],
      ['POST', '/api/v2/delete?org=my+org&bucket=meraki'],
    ]);
    expect(JSON.parse(stub.requests[0]!.body)).toEqual({
      start: '2026-03-03T00:00:00.000Z', stop: '2026-03-03T00:00:00.000Z', predicate: '_measurement="client_usage" AND client="a" AND ip="10.0.0.1"',
    });
    expect(stub.requests[0]!.headers['authorization']).toBe('Token tok-secret-9');
    expect(stub.requests.every((r) => !r.url.includes('tok-secret-9'))).toBe(true);
  });

  it('an error answer rejects, naming the endpoint and the server message', async () => {
    stub = await startStub(() => ({ status: 400, body: '{"code":"invalid","message":"invalid predicate"}' }));
    const v2: InfluxConfig = { apiVersion: 2, url: stub.url, token: 't', org: 'o', bucket: 'b', ...common };
    await expect(createInfluxDeleter(v2).deletePoints([{ measurement: 'm', tags: {}, fromMs: T, toMs: T }])).rejects.toThrow(
      /\/api\/v2\/delete http:\/\/127\.0\.0\.1:\d+: HTTP 400: invalid predicate/,
    );
  });
});
