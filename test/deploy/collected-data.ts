import { createCollector } from '../../src/collector/collector.js';
import type { RunSummary } from '../../src/collector/collector-api.js';
import { startSimulator, type Simulator, type TruthRow } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { DAY_MS, harnessConfig } from '../helpers/collector-harness.js';
import type { InfluxSeries } from '../helpers/influxd.js';

/** End of the collection: the simulated "now" of the last run (09:00 UTC, so day buckets are partial today). */
export const END_MS = Date.UTC(2026, 2, 20, 9, 0, 0);
/** Run times: every ~25 days (inside the 31-day lookback: no gaps), the first 75 days before the end. */
export const RUN_OFFSETS_MS = [-75 * DAY_MS, -50 * DAY_MS, -25 * DAY_MS, 0];

export interface CollectedData {
  sim: Simulator;
  database: string;
  summaries: RunSummary[];
  runAtMs: number[];
  /** Start of the first day bucket collected (the first run's 31-day lookback). */
  collectedFromMs: number;
  /** The simulator's per-organization 429 counts after each run (counted since just before the first run). */
  throttledByOrgAfterRun: Record<string, number>[];
  query(q: string): Promise<InfluxSeries[]>;
  /** Truth rows (every client-day with usage) whose bucket start is in [fromMs, toMs]. */
  rows(fromMs: number, toMs: number): TruthRow[];
  stop(): Promise<void>;
}

/**
 * Collects with the real collector from the simulator into a fresh database of the suite's InfluxDB 1.6:
 * 2 organizations x 2 networks x 25 clients, four runs over 75 days (optionally SSID splitting). With `throttle`, the
 * simulator's per-organization rate limit is tight enough to answer some 429s (which costs a few seconds).
 */
export async function collectData(influxUrl: string, database: string, options: { throttle?: boolean; splitBySsid?: boolean } = {}): Promise<CollectedData> {
  const sim = await startSimulator({
    seed: 21, orgs: 2, networksPerOrg: 2, clientsPerNetwork: 25, now: END_MS + RUN_OFFSETS_MS[0]!,
    rate: options.throttle ? { perOrgPerSecond: 2, orgBurst: 0, perIpPerSecond: 200 } : false,
  });
  await fetch(`${influxUrl}/query?q=${encodeURIComponent(`DROP DATABASE "${database}"`)}`, { method: 'POST' });
  await fetch(`${influxUrl}/query?q=${encodeURIComponent(`CREATE DATABASE "${database}"`)}`, { method: 'POST' });
  const yaml = 'meraki:\n  ratePerOrgPerSecond: 200\n  ratePerIpPerSecond: 400\n  maxRetryAfterMs: 1000\n' +
    `collection:\n  splitBySsid: ${options.splitBySsid === true}\n`;
  const config = await harnessConfig({ sim, influx: { v1: { url: influxUrl, database } }, yaml });
  const collector = createCollector({ config, logger: captureLogger(), clock: sim.clock });
  const summaries: RunSummary[] = [];
  const runAtMs: number[] = [];
  const throttledByOrgAfterRun: Record<string, number>[] = [];
  try {
    sim.resetCounters();
    for (const offset of RUN_OFFSETS_MS) {
      sim.clock.set(END_MS + offset);
      runAtMs.push(sim.clock.now());
      summaries.push(await collector.runOnce());
      throttledByOrgAfterRun.push(Object.fromEntries(Object.entries(sim.counters.byOrg).map(([org, c]) => [org, c.throttled])));
    }
  } finally {
    await collector.close();
  }
  return {
    sim, database, summaries, runAtMs, throttledByOrgAfterRun,
    collectedFromMs: Math.floor((runAtMs[0]! - 31 * DAY_MS) / DAY_MS) * DAY_MS,
    query: (q) => influxQuery(influxUrl, database, q),
    rows: (fromMs, toMs) => [...sim.truth.rows({ fromMs, toMs: toMs + 1 })],
    stop: () => sim.stop(),
  };
}

/** One InfluxQL statement over HTTP (GET, as Grafana's default), its series; throws on an error answer. */
export async function influxQuery(url: string, db: string, q: string): Promise<InfluxSeries[]> {
  const res = await fetch(`${url}/query?db=${encodeURIComponent(db)}&epoch=ms&q=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { results?: { series?: InfluxSeries[]; error?: string }[]; error?: string };
  const first = body.results?.[0];
  if (!res.ok || body.error || first?.error) throw new Error(`InfluxQL failed (${res.status}): ${body.error ?? first?.error}\n${q}`);
  return first?.series ?? [];
}

/** The rows of every series as objects (column -> value), with the series' GROUP BY tags merged in. */
export function records(series: InfluxSeries[]): Record<string, unknown>[] {
  return series.flatMap((s) =>
    s.values.map((v) => ({ ...s.tags, ...Object.fromEntries(s.columns.map((c, i) => [c, v[i]])) })),
  );
}

/** Sums of recv/sent of truth rows by a key. */
export function sumBy(rows: readonly TruthRow[], key: (r: TruthRow) => string): Map<string, { recv: number; sent: number }> {
  const out = new Map<string, { recv: number; sent: number }>();
  for (const r of rows) {
    const k = key(r);
    const prev = out.get(k) ?? { recv: 0, sent: 0 };
    out.set(k, { recv: prev.recv + r.recvKb, sent: prev.sent + r.sentKb });
  }
  return out;
}
