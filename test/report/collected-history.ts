import { createCollector } from '../../src/collector/collector.js';
import type { Config } from '../../src/config/types.js';
import type { Simulator, TruthFilter } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { DAY_MS, harnessConfig } from '../helpers/collector-harness.js';
import { influxQuery, uniqueDatabase } from '../sink/influx-query.js';

/**
 * Fills a fresh InfluxDB 1.x database with the real collector: one run at the simulator's "now", then `runs - 1`
 * more after advancing the simulated clock by `stepDays` each, so the stored history is longer than one lookback.
 */
export async function collectHistory(sim: Simulator, influxUrl: string, runs: number, stepDays: number): Promise<Config> {
  const database = uniqueDatabase('report');
  await influxQuery(influxUrl, `CREATE DATABASE ${database}`);
  const config = await harnessConfig({ sim, influx: { v1: { url: influxUrl, database } } });
  const collector = createCollector({ config, logger: captureLogger(), clock: sim.clock });
  try {
    for (let i = 0; i < runs; i++) {
      if (i > 0) sim.clock.advance(stepDays * DAY_MS);
      const summary = await collector.runOnce();
      if (!summary.ok) throw new Error(`collector run ${i} failed: ${JSON.stringify(summary)}`);
    }
  } finally {
    await collector.close();
  }
  return config;
}

export interface TruthAggregates {
  clients: Map<string, { network: string; client: string; mac: string; recv: number; sent: number }>;
  /** network -> UTC day start -> total kilobytes. */
  networkDays: Map<string, Map<number, { recv: number; sent: number }>>;
}

/** The simulator's truth summed the way the report should: per client, and per network per UTC day. */
export function truthAggregates(sim: Simulator, filter: TruthFilter): TruthAggregates {
  const clients: TruthAggregates['clients'] = new Map();
  const networkDays: TruthAggregates['networkDays'] = new Map();
  for (const row of sim.truth.rows(filter)) {
    const key = `${row.networkId}|${row.clientId}`;
    const c = clients.get(key) ?? { network: row.networkId, client: row.clientId, mac: row.mac, recv: 0, sent: 0 };
    c.recv += row.recvKb;
    c.sent += row.sentKb;
    clients.set(key, c);
    const days = networkDays.get(row.networkId) ?? new Map<number, { recv: number; sent: number }>();
    const dayStart = Math.floor(row.dayStartMs / DAY_MS) * DAY_MS;
    const d = days.get(dayStart) ?? { recv: 0, sent: 0 };
    d.recv += row.recvKb;
    d.sent += row.sentKb;
    days.set(dayStart, d);
    networkDays.set(row.networkId, days);
  }
  return { clients, networkDays };
}

/** Nearest-rank 95th percentile, written out independently of the code under test. */
export function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.95) - 1] ?? 0;
}
