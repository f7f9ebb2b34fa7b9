import { createCollector } from '../src/collector/collector.js';
import { silentLogger } from '../src/log/logger.js';
import { createSink } from '../src/sink/create-sink.js';
import { bulkLoad } from './helpers/bulk-load.js';
import { benchConfig } from './helpers/collector-config.js';
import { FixedClock } from './helpers/fixed-clock.js';
import { startInfluxd, type InfluxdServer } from '../test/helpers/influxd.js';
import { cpuMs, elapsedMs, ratio, round } from './helpers/numbers.js';
import { RecordingSink } from './helpers/recording-sink.js';
import { startSimProcess } from './helpers/sim-process.js';

export interface EndToEndOptions {
  networks: number;
  clientsPerNetwork: number;
  /** Requests in flight of the parallel bulk load. */
  bulkInFlight: number;
}

export const DEFAULT_END_TO_END_OPTIONS: Readonly<EndToEndOptions> = Object.freeze({ networks: 20, clientsPerNetwork: 500, bulkInFlight: 4 });

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);

/**
 * End to end: a backfill (simulator in its own process, rate limits off) into a real InfluxDB 1.6.7 started on a
 * free port, versus a bulk load of the very same lines with plain fetch (same batch size) into another database of
 * the same server, sequential and with `bulkInFlight` requests at a time. Reports points/s and the ratios.
 */
export async function benchEndToEnd(options: Partial<EndToEndOptions> = {}): Promise<Record<string, unknown>> {
  const o = { ...DEFAULT_END_TO_END_OPTIONS, ...options };
  const influx = await startInfluxd();
  const sim = await startSimProcess({ seed: 10, orgs: 1, networksPerOrg: o.networks, clientsPerNetwork: o.clientsPerNetwork, now: NOW, rate: false }).catch(async (err: unknown) => {
    await influx.stop();
    throw err;
  });
  const { config, cleanup } = await benchConfig({
    baseUrl: sim.url,
    influxV1: { url: influx.url, database: 'collector' },
    overrides: { meraki: { ratePerOrgPerSecond: 100_000, ratePerIpPerSecond: 100_000 } },
  });
  const sink = new RecordingSink(createSink(config, silentLogger));
  const collector = createCollector({ config, logger: silentLogger, clock: new FixedClock(NOW), sink });
  try {
    for (const db of ['collector', 'bulk_sequential', 'bulk_parallel']) await influx.query(`CREATE DATABASE ${db}`);
    const cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    const summary = await collector.runOnce({ mode: 'backfill' });
    const collectorMs = elapsedMs(t);
    const collectorCpuMs = cpuMs(process.cpuUsage(cpu));
    const batchSize = config.influx?.batchSize ?? 5000;
    const lines = sink.lines();
    const sequentialMs = await bulkLoad(influx.url, 'bulk_sequential', lines, batchSize, 1);
    const parallelMs = await bulkLoad(influx.url, 'bulk_parallel', lines, batchSize, o.bulkInFlight);
    const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);
    const collectorRate = rate(summary.points, collectorMs);
    const bestBulk = Math.max(rate(lines.length, sequentialMs), rate(lines.length, parallelMs));
    return {
      name: 'end-to-end',
      description: 'backfill into InfluxDB 1.6.7 (points/s) / bulk load of the same line protocol with fetch, same batch size',
      influxdb: await influxVersion(influx),
      organization: { networks: o.networks, clients: o.networks * o.clientsPerNetwork },
      batchSize,
      goal: { ratioAtLeast: 0.8 },
      collector: {
        ok: summary.ok,
        points: summary.points,
        requests: summary.requests,
        seconds: round(collectorMs / 1000),
        pointsPerSecond: collectorRate,
        cpuMsPerThousandPoints: round((collectorCpuMs * 1000) / Math.max(1, summary.points)),
      },
      bulkSequential: { lines: lines.length, seconds: round(sequentialMs / 1000), pointsPerSecond: rate(lines.length, sequentialMs) },
      bulkParallel: { inFlight: o.bulkInFlight, seconds: round(parallelMs / 1000), pointsPerSecond: rate(lines.length, parallelMs) },
      ratio: ratio(collectorRate, bestBulk),
      ratioToSequential: ratio(collectorRate, rate(lines.length, sequentialMs)),
      stored: {
        collector: await countPoints(influx, 'collector'),
        bulkSequential: await countPoints(influx, 'bulk_sequential'),
        bulkParallel: await countPoints(influx, 'bulk_parallel'),
      },
    };
  } finally {
    await collector.close();
    await sim.stop();
    await influx.stop();
    await cleanup();
  }
}

async function countPoints(influx: InfluxdServer, db: string): Promise<number | null> {
  const series = await influx.query('SELECT count(recv) FROM client_usage', db);
  const value = series[0]?.values[0]?.[1];
  return typeof value === 'number' ? value : null;
}

async function influxVersion(influx: InfluxdServer): Promise<string | null> {
  const res = await fetch(`${influx.url}/ping`);
  return res.headers.get('x-influxdb-version');
}
