import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { InfluxConfig } from '../../src/config/types.js';
import { silentLogger } from '../../src/log/logger.js';
import { createSink } from '../../src/sink/create-sink.js';
import { InfluxV1Sink } from '../../src/sink/influx-v1-sink.js';
import { createInfluxQlClient } from '../../src/sink/influxql-client.js';
import { readStoredSeries, readStoredUsage, storedUsageStatement, StoredUsageUnsupportedError } from '../../src/sink/stored-usage.js';
import { startStub } from './stub-server.js';
import { startVictoria } from '../helpers/victoria.js';
import { LineFileSink } from '../../src/sink/line-file-sink.js';
import type { Sink } from '../../src/sink/sink.js';
import { influxQuery, uniqueDatabase } from './influx-query.js';

const url = inject('influxUrl');
const db = uniqueDatabase('stored_usage');
const DAY = 86_400;
const D0 = 1_760_000_000 - (1_760_000_000 % DAY);
const common = { batchSize: 100, timeoutMs: 5000, maxRetries: 0 };
const v1: InfluxConfig = { apiVersion: 1, url, database: db, retentionPolicy: null, username: null, password: null, ...common };

const lines = [
  // Network N_1: kone on two days (IP moved on day 1), ktwo stored twice on day 0 (two tag sets), wired kthree.
  `client_usage,client=kone,ip=10.0.0.1,mac=aa:01,network=N_1,org=o1,ssid=Corp recv=1.5,sent=2 ${D0}`,
  `client_usage,client=kone,ip=10.0.0.9,mac=aa:01,network=N_1,org=o1,ssid=Corp recv=3,sent=4.25 ${D0 + DAY}`,
  `client_usage,client=ktwo,ip=10.0.0.2,mac=aa:02,network=N_1,org=o1,ssid=Corp recv=5,sent=6 ${D0}`,
  `client_usage,client=ktwo,ip=10.0.0.3,mac=aa:02,network=N_1,org=o1,ssid=Guest recv=7,sent=8 ${D0}`,
  `client_usage,client=kthree,mac=aa:03,network=N_1,org=o1 recv=9,sent=10 ${D0 + DAY}`,
  // Outside the query: another day, another network, another organization.
  `client_usage,client=kone,ip=10.0.0.1,mac=aa:01,network=N_1,org=o1,ssid=Corp recv=11,sent=12 ${D0 + 2 * DAY}`,
  `client_usage,client=kone,ip=10.0.0.1,mac=aa:01,network=N_2,org=o1,ssid=Corp recv=13,sent=14 ${D0}`,
  `client_usage,client=kone,ip=10.0.0.1,mac=aa:01,network=N_1,org=o2,ssid=Corp recv=15,sent=16 ${D0}`,
  // Per-SSID measurement: SSIDs 0 and 1.
  `client_usage_by_ssid,client=kone,ip=10.0.0.1,mac=aa:01,network=N_1,org=o1,ssid=Corp,ssid_number=0 recv=1,sent=2 ${D0}`,
  `client_usage_by_ssid,client=kone,ip=10.0.0.1,mac=aa:01,network=N_1,org=o1,ssid=Guest,ssid_number=1 recv=0.5,sent=0.25 ${D0}`,
];

beforeAll(async () => {
  await influxQuery(url, `CREATE DATABASE "${db}"`);
  await new InfluxV1Sink({ url, database: db, maxRetries: 0 }, silentLogger).write(lines);
});

describe('readStoredUsage against InfluxDB 1.6', () => {
  it('one query returns every point of the unit and range, each tag set as stored, with its values', async () => {
    const client = createInfluxQlClient(v1);
    const statements: string[] = [];
    const counting = { description: client.description, query: (s: string, signal?: AbortSignal) => (statements.push(s), client.query(s, signal)) };
    const rows = await readStoredUsage(counting, { measurement: 'client_usage', org: 'o1', network: 'N_1', fromMs: D0 * 1000, toMs: (D0 + 2 * DAY) * 1000 });
    expect(statements).toHaveLength(1);
    expect(rows).toEqual([
      { timeMs: D0 * 1000, client: 'kone', mac: 'aa:01', ip: '10.0.0.1', ssid: 'Corp', recvKb: 1.5, sentKb: 2 },
      { timeMs: (D0 + DAY) * 1000, client: 'kone', mac: 'aa:01', ip: '10.0.0.9', ssid: 'Corp', recvKb: 3, sentKb: 4.25 },
      { timeMs: (D0 + DAY) * 1000, client: 'kthree', mac: 'aa:03', recvKb: 9, sentKb: 10 },
      { timeMs: D0 * 1000, client: 'ktwo', mac: 'aa:02', ip: '10.0.0.2', ssid: 'Corp', recvKb: 5, sentKb: 6 },
      { timeMs: D0 * 1000, client: 'ktwo', mac: 'aa:02', ip: '10.0.0.3', ssid: 'Guest', recvKb: 7, sentKb: 8 },
    ]);
  });

  it('readStoredSeries: the same points, one entry per tag set, times ascending', async () => {
    const q = { measurement: 'client_usage', org: 'o1', network: 'N_1', fromMs: D0 * 1000, toMs: (D0 + 2 * DAY) * 1000 };
    const series = await readStoredSeries(createInfluxQlClient(v1), q);
    const byTags = (s: { tags: object }) => JSON.stringify(s.tags);
    expect([...series].sort((a, b) => byTags(a).localeCompare(byTags(b)))).toEqual([
      { tags: { client: 'kone', mac: 'aa:01', ip: '10.0.0.1', ssid: 'Corp' }, timesMs: [D0 * 1000], recvKb: [1.5], sentKb: [2] },
      { tags: { client: 'kone', mac: 'aa:01', ip: '10.0.0.9', ssid: 'Corp' }, timesMs: [(D0 + DAY) * 1000], recvKb: [3], sentKb: [4.25] },
      { tags: { client: 'kthree', mac: 'aa:03' }, timesMs: [(D0 + DAY) * 1000], recvKb: [9], sentKb: [10] },
      { tags: { client: 'ktwo', mac: 'aa:02', ip: '10.0.0.2', ssid: 'Corp' }, timesMs: [D0 * 1000], recvKb: [5], sentKb: [6] },
      { tags: { client: 'ktwo', mac: 'aa:02', ip: '10.0.0.3', ssid: 'Guest' }, timesMs: [D0 * 1000], recvKb: [7], sentKb: [8] },
    ]);
  });

  it('client_usage_by_ssid: one SSID number', async () => {
    const rows = await readStoredUsage(createInfluxQlClient(v1), {
      measurement: 'client_usage_by_ssid',
      org: 'o1',
      network: 'N_1',
      ssidNumber: 1,
      fromMs: D0 * 1000,
      toMs: (D0 + DAY) * 1000,
    });
    expect(rows).toEqual([{ timeMs: D0 * 1000, client: 'kone', mac: 'aa:01', ip: '10.0.0.1', ssid: 'Guest', ssidNumber: 1, recvKb: 0.5, sentKb: 0.25 }]);
  });

  it('an empty range or an unknown network: no rows, no error', async () => {
    const client = createInfluxQlClient(v1);
    expect(await readStoredUsage(client, { measurement: 'client_usage', org: 'o1', network: 'N_9', fromMs: 0, toMs: D0 * 1000 * 2 })).toEqual([]);
    expect(await readStoredUsage(client, { measurement: 'client_usage', org: 'o1', network: 'N_1', fromMs: 0, toMs: D0 * 1000 })).toEqual([]);
  });

  it('quotes values: a quote in a network id cannot change the statement', () => {
    const s = storedUsageStatement({ measurement: 'client_usage', org: "o' OR '1'='1", network: 'N\\1', fromMs: 1000, toMs: 2000 });
    expect(s).toBe(`SELECT "recv", "sent" FROM "client_usage" WHERE "org" = 'o\\' OR \\'1\\'=\\'1' AND "network" = 'N\\\\1' AND time >= 1000ms AND time < 2000ms GROUP BY *`);
  });
});

describe('Sink.storedUsage', () => {
  it('the InfluxDB sinks of createSink can read back; the file sink cannot', async () => {
    const base = { fileSink: { dir: '/nonexistent' } } as never;
    const sink1 = createSink({ ...(base as object), influx: v1 } as never, silentLogger);
    const rows = await sink1.storedUsage!({ measurement: 'client_usage', org: 'o1', network: 'N_1', fromMs: D0 * 1000, toMs: (D0 + 1) * 1000 });
    expect(rows.map((r) => r.client)).toEqual(['kone', 'ktwo', 'ktwo']);
    const v2: InfluxConfig = { apiVersion: 2, url, token: 't', org: 'o', bucket: db, ...common };
    const sink2 = createSink({ ...(base as object), influx: v2 } as never, silentLogger);
    expect([typeof sink2.storedUsage, typeof sink2.storedSeries, typeof sink1.storedSeries]).toEqual(['function', 'function', 'function']);
    const fileSink: Sink = new LineFileSink({ dir: '/nonexistent' }, silentLogger);
    expect([fileSink.storedUsage, fileSink.storedSeries]).toEqual([undefined, undefined]);
  });

  it('API v2 sends the same statement to /query of the bucket (DBRP), with token auth', async () => {
    const stub = await startStub(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ results: [{ statement_id: 0 }] }) }));
    try {
      const v2: InfluxConfig = { apiVersion: 2, url: stub.url, token: 't', org: 'o', bucket: 'meraki/autogen', ...common };
      const q = { measurement: 'client_usage', org: 'o1', network: 'N_1', fromMs: 0, toMs: 1000 };
      expect(await readStoredUsage(createInfluxQlClient(v2), q)).toEqual([]);
      const seen = new URL(stub.requests[0]!.url, stub.url);
      expect([seen.pathname, seen.searchParams.get('db'), seen.searchParams.get('rp')]).toEqual(['/query', 'meraki', 'autogen']);
      expect(seen.searchParams.get('q')).toBe(storedUsageStatement(q));
      expect(stub.requests[0]!.headers.authorization).toBe('Token t');
    } finally {
      await stub.stop();
    }
  });
});

describe('a server without InfluxQL (VictoriaMetrics, real)', () => {
  it('answers /query with a list of databases: read-back says it is unsupported instead of "nothing stored"', async () => {
    const vm = await startVictoria();
    try {
      const v2: InfluxConfig = { apiVersion: 2, url: vm.url, token: 't', org: 'o', bucket: 'b', ...common };
      const q = { measurement: 'client_usage', org: 'o1', network: 'N_1', fromMs: 0, toMs: D0 * 1000 };
      await expect(readStoredUsage(createInfluxQlClient(v2), q)).rejects.toBeInstanceOf(StoredUsageUnsupportedError);
    } finally {
      await vm.stop();
    }
  });
});
