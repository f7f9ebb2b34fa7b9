import { InfluxDB, type Transport } from '@influxdata/influxdb-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../../src/log/logger.js';
import { silentLogger } from '../../src/log/logger.js';
import { InfluxV1Sink } from '../../src/sink/influx-v1-sink.js';
import { SinkWriteError } from '../../src/sink/sink-write-error.js';
import { encodeUsagePoints } from '../../src/transform/line-protocol.js';
import { toPoints } from '../../src/transform/usage-to-points.js';
import { startInfluxd, type InfluxdServer } from '../helpers/influxd.js';
import { apiRecords, influxQuery } from './influx-query.js';

const DAY0 = 1_760_000_000 - (1_760_000_000 % 86400);
const admin = { username: 'collector', password: 'S3cr3t-p@ss:word' };
const db = 'faults';

/** A logger that keeps every line, to check that nothing secret is logged. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (msg: string, fields?: LogFields) => void lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  const logger = { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

describe('InfluxV1Sink with auth and a server that goes away (private InfluxDB 1.6)', () => {
  let server: InfluxdServer;
  const lines = encodeUsagePoints(toPoints(apiRecords(50, 31, DAY0), { org: 'o1', network: 'N_f' }).points);
  const expectedRecv = Math.round(lines.reduce((a, l) => a + Number(/ recv=([^,]+),/.exec(l)?.[1]), 0) * 1000) / 1000;
  const storedRecv = async () => {
    const rows = await influxQuery(server.url, 'SELECT sum(recv), count(recv) FROM client_usage', db, admin);
    const [, sum, count] = rows[0]?.values[0] ?? [];
    return { sum: Math.round(Number(sum) * 1000) / 1000, count };
  };

  beforeAll(async () => {
    server = await startInfluxd({ admin });
    await influxQuery(server.url, `CREATE DATABASE "${db}"`, undefined, admin);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('writes with user and password (Basic auth)', async () => {
    const logger = recordingLogger();
    const sink = new InfluxV1Sink({ url: server.url, database: db, ...admin, batchSize: 400 }, logger);
    await sink.ping();
    await sink.write(lines);
    expect(await storedRecv()).toEqual({ sum: expectedRecv, count: lines.length });
    expect(logger.lines.join('\n')).not.toContain(admin.password);
  });

  it('a wrong password fails clearly, without the password anywhere', async () => {
    const logger = recordingLogger();
    const wrong = 'WrongPassw0rd!';
    const sink = new InfluxV1Sink({ url: server.url, database: db, username: admin.username, password: wrong, maxRetries: 3 }, logger);
    const error = (await sink.write(lines.slice(0, 3)).catch((e: unknown) => e)) as SinkWriteError;
    expect(error).toBeInstanceOf(SinkWriteError);
    expect(error.status).toBe(401);
    expect(error.attempts).toBe(1);
    expect(error.message).toMatch(/HTTP 401: authorization failed \(check the credentials\)/);
    const ping = (await sink.ping().catch((e: unknown) => e)) as Error;
    expect(ping.message).toMatch(/ping failed: HTTP 401/);
    const everything = [error.message, error.stack, String(error.cause), ping.message, sink.description, JSON.stringify(error), ...logger.lines].join('\n');
    const basic = Buffer.from(`${admin.username}:${wrong}`).toString('base64');
    for (const secret of [wrong, encodeURIComponent(wrong), basic, admin.password]) expect(everything).not.toContain(secret);
  });

  it('no credentials on an auth server: 401, not retried', async () => {
    const sink = new InfluxV1Sink({ url: server.url, database: db, maxRetries: 3 }, silentLogger);
    await expect(sink.write(lines.slice(0, 1))).rejects.toMatchObject({ status: 401, attempts: 1, retryable: false });
  });

  it('credentials in the URL never reach the description', () => {
    const url = server.url.replace('http://', `http://${admin.username}:${encodeURIComponent(admin.password)}@`);
    const sink = new InfluxV1Sink({ url, database: db, ...admin }, silentLogger);
    expect(sink.description).toBe(`InfluxDB 1.x ${server.url} db=${db}`);
  });

  it('server killed: write rejects after its retries; after a restart the same write succeeds, counted once', async () => {
    const sleeps: number[] = [];
    const sink = new InfluxV1Sink(
      { url: server.url, database: db, ...admin, batchSize: 500, maxRetries: 2, sleep: async (ms) => void sleeps.push(ms) },
      silentLogger,
    );
    await server.kill();
    const error = (await sink.write(lines).catch((e: unknown) => e)) as SinkWriteError;
    expect(error).toBeInstanceOf(SinkWriteError);
    expect(error).toMatchObject({ retryable: true, attempts: 3, batch: { index: 0, count: 4, firstLine: 0, lines: 500 } });
    expect(error.message).toMatch(/ECONNREFUSED.*\(gave up after 3 attempts\)/);
    expect(sleeps).toHaveLength(2);
    await expect(sink.ping()).rejects.toThrow(/ping failed: .*ECONNREFUSED/);

    await server.restart();
    await sink.write(lines);
    expect(await storedRecv()).toEqual({ sum: expectedRecv, count: lines.length });
  });

  it('server killed mid-write (after the first batch) and back before the retries are spent: nothing lost or doubled', async () => {
    // The real transport, with the server killed just before the second request of the write.
    const real = new InfluxDB({ url: server.url }).transport;
    let requests = 0;
    const transport: Transport = {
      chunkCombiner: real.chunkCombiner,
      send: (...args) => real.send(...args),
      iterate: (...args) => real.iterate(...args),
      request: async (...args) => {
        if (++requests === 2) await server.kill();
        return await real.request(...args);
      },
    };
    let waits = 0;
    const logger = recordingLogger();
    const sink = new InfluxV1Sink(
      {
        url: server.url,
        database: db,
        ...admin,
        transport,
        batchSize: 300,
        maxRetries: 5,
        // The first wait for a retry brings the server back (instead of a real delay).
        sleep: async () => {
          if (++waits === 1) await server.restart();
        },
      },
      logger,
    );
    await influxQuery(server.url, 'DROP SERIES FROM client_usage', db, admin);
    await sink.write(lines);
    expect(waits).toBe(1);
    expect(logger.lines.filter((l) => l.startsWith('warn sink write failed, retrying'))).toEqual([
      // Refused, or reset when the kept-alive socket of batch 1 is reused just as the server dies.
      expect.stringMatching(/batch 2\/6.*(ECONNREFUSED|ECONNRESET)/),
    ]);
    expect(await storedRecv()).toEqual({ sum: expectedRecv, count: lines.length });
  });

  it('an abort ends the retries at once with the signal reason', async () => {
    const controller = new AbortController();
    const sink = new InfluxV1Sink(
      { url: server.url, database: db, ...admin, maxRetries: 100, sleep: async () => controller.abort(new Error('shutting down')) },
      silentLogger,
    );
    await server.kill();
    try {
      await expect(sink.write(lines, controller.signal)).rejects.toThrow('shutting down');
    } finally {
      await server.restart();
    }
  });
});
