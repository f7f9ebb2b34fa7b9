import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { InfluxV2Sink } from '../../src/sink/influx-v2-sink.js';
import { SinkWriteError } from '../../src/sink/sink-write-error.js';
import { encodeUsagePoint, encodeUsagePoints } from '../../src/transform/line-protocol.js';
import { toPoints } from '../../src/transform/usage-to-points.js';
import { startVictoria, type VictoriaServer } from '../helpers/victoria.js';
import { apiRecords } from './influx-query.js';

const DAY0 = 1_760_000_000 - (1_760_000_000 % 86400);
const token = 'v2-T0ken-do-not-leak';

describe('InfluxV2Sink against VictoriaMetrics (/api/v2/write)', () => {
  let vm: VictoriaServer;
  beforeAll(async () => {
    vm = await startVictoria();
  });
  afterAll(async () => {
    await vm?.stop();
  });

  it('stores every point with exact values, in batches; rewriting the same points does not double count', async () => {
    const { points } = toPoints(apiRecords(40, 31, DAY0), { org: 'o1', network: 'N_vm' });
    const sink = new InfluxV2Sink({ url: vm.url, token, org: 'o', bucket: 'b', batchSize: 333 }, silentLogger);
    await sink.ping();
    await sink.write(encodeUsagePoints(points));
    await sink.write(encodeUsagePoints(points)); // a re-run: same series and timestamps

    const recv = await vm.exportSeries('client_usage_recv{network="N_vm"}');
    const sent = await vm.exportSeries('client_usage_sent{network="N_vm"}');
    expect(recv).toHaveLength(40);
    const stored = new Map<string, number>();
    for (const s of recv) s.timestamps.forEach((t, i) => stored.set(`${s.metric['client']}@${t / 1000}`, s.values[i]!));
    expect(stored.size).toBe(points.length);
    for (const p of points) expect(stored.get(`${p.client}@${p.timeSeconds}`)).toBe(p.recvKb);
    // VictoriaMetrics keeps each (series, timestamp) once, as InfluxDB does.
    expect(recv.reduce((n, s) => n + new Set(s.timestamps).size, 0)).toBe(points.length);
    const sentSum = sent.reduce((a, s) => a + [...new Map(s.timestamps.map((t, i) => [t, s.values[i]!])).values()].reduce((x, y) => x + y, 0), 0);
    expect(sentSum).toBeCloseTo(
      points.reduce((a, p) => a + p.sentKb, 0),
      6,
    );
  });

  it('tags with spaces, commas, equals signs and backslashes round-trip', async () => {
    const sink = new InfluxV2Sink({ url: vm.url, token, org: 'o', bucket: 'b' }, silentLogger);
    const ssid = 'My SSID, band=5 GHz C:\\x';
    await sink.write([encodeUsagePoint({ timeSeconds: DAY0, org: 'o 1', network: 'N_tags', client: 'k,1', mac: 'm=1', ip: '', ssid, recvKb: 1.25, sentKb: 2 })]);
    const series = await vm.exportSeries('client_usage_recv{network="N_tags"}');
    expect(series[0]?.metric).toEqual({ __name__: 'client_usage_recv', org: 'o 1', network: 'N_tags', client: 'k,1', mac: 'm=1', ssid });
    expect(series[0]?.values).toEqual([1.25]);
  });

  it('describes itself without the token', () => {
    const sink = new InfluxV2Sink({ url: vm.url, token, org: 'o', bucket: 'b' }, silentLogger);
    expect(sink.description).toBe(`InfluxDB v2 API ${vm.url} org=o bucket=b`);
  });
});

describe('InfluxV2Sink against InfluxDB 1.6 (no /api/v2/write)', () => {
  const url = inject('influxUrl');

  it('is refused clearly, without retries', async () => {
    const sink = new InfluxV2Sink({ url, token: `user:${token}`, org: 'o', bucket: 'meraki/autogen', maxRetries: 5 }, silentLogger);
    const error = (await sink.write([encodeUsagePoint({ timeSeconds: DAY0, org: 'o', network: 'n', client: 'c', mac: 'm', ip: '', ssid: '', recvKb: 1, sentKb: 1 })]).catch((e: unknown) => e)) as SinkWriteError;
    expect(error).toBeInstanceOf(SinkWriteError);
    expect(error).toMatchObject({ status: 404, attempts: 1, retryable: false });
    expect(error.message).toMatch(/HTTP 404.*InfluxDB before 1\.8 needs apiVersion 1/);
    expect(error.message).not.toContain(token);
    await expect(sink.ping()).resolves.toBeUndefined(); // reachable, though: /ping exists on 1.6
  });
});
