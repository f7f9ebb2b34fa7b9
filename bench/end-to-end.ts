import { createCollector } from '../src/collector/collector.js';
import { silentLogger } from '../src/log/logger.js';
import { createSink } from '../src/sink/create-sink.js';
import { bulkLoad } from './helpers/bulk-load.js';
import { benchConfig } from './helpers/collector-config.js';
import { FixedClock } from './helpers/fixed-clock.js';
import { startInfluxd, type InfluxdServer } from '../test/helpers/influxd.js';
import { cpuMs, elapsedMs, ratio, round } from './helpers/numbers.js';
import { RecordingSink } from './helpers/recording-sink.js';
import { runCollectorChild } from './helpers/collector-child-process.js';
import { startSimProcess, type SimProcess } from './helpers/sim-process.js';

export interface EndToEndOptions {
  networks: number;
  clientsPerNetwork: number;
  /** Requests in flight of the parallel bulk load. */
  bulkInFlight: number;
  /** Longest time the collector child may run, milliseconds (it is killed after). */
  childTimeoutMs: number;
  /** Rounds of (collector, sequential bulk load, parallel bulk load); the round with the median ratio is reported. */
  rounds: number;
}

export const DEFAULT_END_TO_END_OPTIONS: Readonly<EndToEndOptions> = Object.freeze({ networks: 40, clientsPerNetwork: 500, bulkInFlight: 4, childTimeoutMs: 120_000, rounds: 3 });

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);

/**
 * End to end: backfills (simulator in its own process, rate limits off) into a real InfluxDB 1.6.7 started on a
 * free port, versus a bulk load of the very same lines with plain fetch (same batch size), sequential and with
 * `bulkInFlight` requests at a time. Every load gets a fresh server (an empty data folder), so that none pays for
 * the compactions of another; the three loads are repeated `rounds` times (the machine is shared: ratios within a
 * round, the median round reported). Two kinds of backfill:
 * - `collector`: a collector in its own process (started cold) while the simulator answers from memory
 *   (`cacheResponses`, warmed by the first backfill): the API's CPU is Meraki's in reality, not on our two cores,
 *   which the database and the collector share as in production. This is the figure the goal is about.
 * - `liveSimulator`: the first backfill, in this process, with the simulator computing every answer on the same
 *   cores; its lines (recorded) are what the bulk loads send.
 */
export async function benchEndToEnd(options: Partial<EndToEndOptions> = {}): Promise<Record<string, unknown>> {
  const o = { ...DEFAULT_END_TO_END_OPTIONS, ...options };
  const sim = await startSimProcess({ seed: 10, orgs: 1, networksPerOrg: o.networks, clientsPerNetwork: o.clientsPerNetwork, now: NOW, rate: false, cacheResponses: true });
  try {
    const live = await liveBackfill(sim);
    const { lines, batchSize } = live;
    const rounds: Round[] = [];
    for (let i = 0; i < o.rounds; i++) rounds.push(await measureRound(sim, lines, batchSize, o));
    const byRatio = [...rounds].sort((x, y) => (x.ratio ?? 0) - (y.ratio ?? 0));
    const median = byRatio[Math.floor(byRatio.length / 2)]!;
    const liveRate = rate(live.points, live.ms);
    return {
      name: 'end-to-end',
      description: 'backfill into InfluxDB 1.6.7 (points/s) / bulk load of the same line protocol with fetch, same batch size',
      influxdb: live.influxdb,
      organization: { networks: o.networks, clients: o.networks * o.clientsPerNetwork },
      batchSize,
      goal: { ratioAtLeast: 0.8 },
      rounds: rounds.length,
      // The round with the median ratio; every round is in `byRound`.
      collector: median.collector,
      bulkSequential: median.bulkSequential,
      bulkParallel: median.bulkParallel,
      ratio: median.ratio,
      ratioToSequential: median.ratioToSequential,
      byRound: rounds.map((r) => ({ collector: r.collector.pointsPerSecond, bulkSequential: r.bulkSequential.pointsPerSecond, bulkParallel: r.bulkParallel.pointsPerSecond, ratio: r.ratio })),
      liveSimulator: {
        ok: live.ok,
        points: live.points,
        seconds: round(live.ms / 1000),
        pointsPerSecond: liveRate,
        cpuMsPerThousandPoints: perThousand(live.cpuMs, live.points),
        simulatorCpuMsPerThousandPoints: perThousand(live.simulatorCpuMs, live.points),
        // Against the median round's best bulk load.
        ratio: ratio(liveRate, Math.max(median.bulkSequential.pointsPerSecond, median.bulkParallel.pointsPerSecond)),
        stored: live.stored,
      },
    };
  } finally {
    await sim.stop();
  }
}

const rate = (n: number, ms: number): number => Math.round((n * 1000) / ms);
const perThousand = (ms: number, points: number): number => round((ms * 1000) / Math.max(1, points));

interface Round {
  collector: Record<string, unknown> & { pointsPerSecond: number };
  bulkSequential: { seconds: number; pointsPerSecond: number; stored: number | null };
  bulkParallel: { inFlight: number; seconds: number; pointsPerSecond: number; stored: number | null };
  ratio: number | null;
  ratioToSequential: number | null;
}

/** One round, each load on a fresh server: the collector (own process, API from memory), then both bulk loads. */
async function measureRound(sim: SimProcess, lines: readonly string[], batchSize: number, o: EndToEndOptions): Promise<Round> {
  const before = await sim.counters();
  const c = await onFreshServer(async (influx) => {
    const simCpu = await simulatorCpuMs(sim);
    const r = await runCollectorChild({ simUrl: sim.url, nowMs: NOW, influxV1: { url: influx.url, database: 'collector' } }, o.childTimeoutMs);
    return { ...r, simulatorCpuMs: (await simulatorCpuMs(sim)) - simCpu, stored: await countPoints(influx, 'collector') };
  }, 'collector');
  const answeredFromMemory = (await sim.counters()).cachedAnswers - before.cachedAnswers;
  const bulk = (inFlight: number) =>
    onFreshServer(async (influx) => {
      const ms = await bulkLoad(influx.url, 'bulk', lines, batchSize, inFlight);
      return { seconds: round(ms / 1000), pointsPerSecond: rate(lines.length, ms), stored: await countPoints(influx, 'bulk') };
    }, 'bulk');
  const bulkSequential = await bulk(1);
  const bulkParallel = { inFlight: o.bulkInFlight, ...(await bulk(o.bulkInFlight)) };
  const pointsPerSecond = rate(c.points, c.seconds * 1000);
  return {
    collector: {
      ok: c.ok,
      points: c.points,
      stored: c.stored,
      requests: c.requests,
      answeredFromSimulatorMemory: answeredFromMemory,
      seconds: round(c.seconds),
      pointsPerSecond,
      cpuMsPerThousandPoints: perThousand(c.cpuMs, c.points),
      simulatorCpuMsPerThousandPoints: perThousand(c.simulatorCpuMs, c.points),
    },
    bulkSequential,
    bulkParallel,
    ratio: ratio(pointsPerSecond, Math.max(bulkSequential.pointsPerSecond, bulkParallel.pointsPerSecond)),
    ratioToSequential: ratio(pointsPerSecond, bulkSequential.pointsPerSecond),
  };
}

/** The first backfill, in this process, recording its lines; the simulator computes (and keeps) every answer. */
async function liveBackfill(sim: SimProcess) {
  return onFreshServer(async (influx) => {
    const { config, cleanup } = await benchConfig({
      baseUrl: sim.url,
      influxV1: { url: influx.url, database: 'collector' },
      overrides: { meraki: { ratePerOrgPerSecond: 100_000, ratePerIpPerSecond: 100_000 } },
    });
    const sink = new RecordingSink(createSink(config, silentLogger));
    const collector = createCollector({ config, logger: silentLogger, clock: new FixedClock(NOW), sink });
    try {
      const cpu = process.cpuUsage();
      const simCpu = await simulatorCpuMs(sim);
      const t = process.hrtime.bigint();
      const summary = await collector.runOnce({ mode: 'backfill' });
      const ms = elapsedMs(t);
      return {
        ok: summary.ok,
        points: summary.points,
        ms,
        cpuMs: cpuMs(process.cpuUsage(cpu)),
        simulatorCpuMs: (await simulatorCpuMs(sim)) - simCpu,
        stored: await countPoints(influx, 'collector'),
        influxdb: await influxVersion(influx),
        lines: sink.lines(),
        batchSize: config.influx?.batchSize ?? 5000,
      };
    } finally {
      await collector.close();
      await cleanup();
    }
  }, 'collector');
}

/** Runs `use` against a fresh InfluxDB holding an empty `database`, then removes the server and its data. */
async function onFreshServer<T>(use: (influx: InfluxdServer) => Promise<T>, database: string): Promise<T> {
  const influx = await startInfluxd();
  try {
    await influx.query(`CREATE DATABASE ${database}`);
    return await use(influx);
  } finally {
    await influx.stop();
  }
}

/** The simulator process's CPU so far (user + system), ms. */
async function simulatorCpuMs(sim: SimProcess): Promise<number> {
  return cpuMs((await sim.usage()).cpu);
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
