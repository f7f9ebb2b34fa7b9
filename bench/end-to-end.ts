import { readFileSync } from 'node:fs';
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

export const DEFAULT_END_TO_END_OPTIONS: Readonly<EndToEndOptions> = Object.freeze({ networks: 40, clientsPerNetwork: 500, bulkInFlight: 4 });

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);

/**
 * End to end: a backfill (simulator in its own process, rate limits off) into a real InfluxDB 1.6.7 started on a
 * free port, versus a bulk load of the very same lines with plain fetch (same batch size), sequential and with
 * `bulkInFlight` requests at a time. Each of the three loads gets a fresh server (an empty data folder), so that
 * none pays for the compactions of another. Reports points/s and the ratios.
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
    await influx.query('CREATE DATABASE collector');
    const version = await influxVersion(influx);
    const cpu = process.cpuUsage();
    const simCpu = processCpuMs(sim.pid);
    const t = process.hrtime.bigint();
    const summary = await collector.runOnce({ mode: 'backfill' });
    const collectorMs = elapsedMs(t);
    const collectorCpuMs = cpuMs(process.cpuUsage(cpu));
    const simulatorCpuMs = processCpuMs(sim.pid) - simCpu;
    const storedByCollector = await countPoints(influx, 'collector');
    await sim.stop();
    await influx.stop();
    const batchSize = config.influx?.batchSize ?? 5000;
    const lines = sink.lines();
    const sequential = await bulkLoadFresh(lines, batchSize, 1);
    const parallel = await bulkLoadFresh(lines, batchSize, o.bulkInFlight);
    const sequentialMs = sequential.ms;
    const parallelMs = parallel.ms;
    const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);
    const collectorRate = rate(summary.points, collectorMs);
    const bestBulk = Math.max(rate(lines.length, sequentialMs), rate(lines.length, parallelMs));
    return {
      name: 'end-to-end',
      description: 'backfill into InfluxDB 1.6.7 (points/s) / bulk load of the same line protocol with fetch, same batch size',
      influxdb: version,
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
        // The simulated Meraki API runs on the same cores (Meraki's own servers in reality): CPU the bulk loads do not compete with.
        simulatorCpuMsPerThousandPoints: round((simulatorCpuMs * 1000) / Math.max(1, summary.points)),
      },
      bulkSequential: { lines: lines.length, seconds: round(sequentialMs / 1000), pointsPerSecond: rate(lines.length, sequentialMs) },
      bulkParallel: { inFlight: o.bulkInFlight, seconds: round(parallelMs / 1000), pointsPerSecond: rate(lines.length, parallelMs) },
      ratio: ratio(collectorRate, bestBulk),
      ratioToSequential: ratio(collectorRate, rate(lines.length, sequentialMs)),
      stored: { collector: storedByCollector, bulkSequential: sequential.stored, bulkParallel: parallel.stored },
    };
  } finally {
    await collector.close();
    await sim.stop();
    await influx.stop();
    await cleanup();
  }
}

/** A bulk load into a fresh server; its wall time and the points it stored. */
async function bulkLoadFresh(lines: readonly string[], batchSize: number, inFlight: number): Promise<{ ms: number; stored: number | null }> {
  const influx = await startInfluxd();
  try {
    await influx.query('CREATE DATABASE bulk');
    const ms = await bulkLoad(influx.url, 'bulk', lines, batchSize, inFlight);
    return { ms, stored: await countPoints(influx, 'bulk') };
  } finally {
    await influx.stop();
  }
}

/** User + system CPU of a process so far (Linux /proc), milliseconds; NaN elsewhere. */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
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
