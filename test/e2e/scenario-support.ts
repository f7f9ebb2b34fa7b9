/** Shared steps of the self-healing scenarios: collectors on fresh or kept state, and whole-history comparisons. */
import { createCollector, type Collector } from '../../src/collector/collector.js';
import type { Config } from '../../src/config/types.js';
import { createSink } from '../../src/sink/create-sink.js';
import type { Sink } from '../../src/sink/sink.js';
import type { Simulator } from '../../src/simulator/index.js';
import { captureLogger, type CapturedLine } from '../helpers/capture-logger.js';
import { diffUsage, harnessConfig, storedUsage, usageFromTruth, type UsageMap } from '../helpers/collector-harness.js';

export const FAST = 'meraki:\n  ratePerOrgPerSecond: 400\n  ratePerIpPerSecond: 800\n';

export interface ScenarioCollector {
  collector: Collector;
  config: Config;
  lines: CapturedLine[];
  /** Read-back queries made (`sink.storedSeries` calls). */
  readBacks: { count: number };
}

/**
 * A collector on a fresh, empty state folder (each call: a new folder), writing to InfluxDB 1.6 `db`.
 * `readBack: false` takes the sink's read-back away: the collector then behaves as before the database decided
 * tag sets (the control that shows a scenario can fail).
 */
export async function freshCollector(
  sim: Simulator,
  influxUrl: string,
  db: string,
  options: { yaml?: string; env?: Record<string, string>; readBack?: boolean } = {},
): Promise<ScenarioCollector> {
  const config = await harnessConfig({
    sim,
    influx: { v1: { url: influxUrl, database: db } },
    yaml: FAST + (options.yaml ?? ''),
    ...(options.env ? { env: options.env } : {}),
  });
  const logger = captureLogger();
  const sink = createSink(config, logger);
  const readBacks = { count: 0 };
  const used: Sink = {
    description: sink.description,
    write: (l, s) => sink.write(l, s),
    ping: (s) => sink.ping(s),
    close: () => sink.close(),
    ...(options.readBack === false || !sink.storedSeries
      ? {}
      : { storedSeries: (q, s) => (readBacks.count++, sink.storedSeries!(q, s)) }),
  };
  return { collector: createCollector({ config, logger, clock: sim.clock, sink: used }), config, lines: logger.lines, readBacks };
}

/** One run on a collector that is closed afterwards. */
export async function runOnceAndClose(c: ScenarioCollector, mode: 'incremental' | 'backfill' = 'incremental') {
  try {
    return await c.collector.runOnce({ mode });
  } finally {
    await c.collector.close();
  }
}

/** Client-days stored under more than one tag set (network|client|seconds), in `measurement`. */
export async function duplicatedClientDays(influxUrl: string, db: string, measurement = 'client_usage'): Promise<number> {
  const q = `SELECT recv, client, network, ssid_number FROM ${measurement}`;
  const res = await fetch(`${influxUrl}/query?db=${db}&epoch=ms&q=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { results: { series?: { columns: string[]; values: unknown[][] }[] }[] };
  const seen = new Map<string, number>();
  for (const s of body.results[0]?.series ?? []) {
    const [t, c, n, sn] = ['time', 'client', 'network', 'ssid_number'].map((k) => s.columns.indexOf(k)) as [number, number, number, number];
    for (const v of s.values) {
      const key = `${String(v[n])}|${String(v[c])}|${String(v[sn] ?? '')}|${String(v[t])}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  return [...seen.values()].filter((count) => count > 1).length;
}

/**
 * Every client-day stored (client_usage, and with SSID splitting client_usage_by_ssid per enabled SSID) against the
 * truth from `fromMs` (optionally before `toMs`, or without `skip` keys): the differences (at most 10 per
 * measurement) and the number of client-days compared.
 */
export async function compareWithTruth(
  sim: Simulator,
  influxUrl: string,
  db: string,
  window: { fromMs: number; toMs?: number; splitBySsid?: boolean; skip?: ReadonlySet<string> },
): Promise<{ diffs: string[]; compared: number }> {
  const range = { fromMs: window.fromMs, ...(window.toMs === undefined ? {} : { toMs: window.toMs }) };
  const within = (map: UsageMap): UsageMap => {
    for (const k of map.keys()) {
      const seconds = Number(k.split('|')[2]);
      if (seconds * 1000 < range.fromMs || (range.toMs !== undefined && seconds * 1000 >= range.toMs) || window.skip?.has(k)) map.delete(k);
    }
    return map;
  };
  const truth = within(usageFromTruth(sim, range));
  const diffs = diffUsage(within(await storedUsage(influxUrl, db)), truth);
  let compared = truth.size;
  if (window.splitBySsid) {
    for (const network of sim.world.networks) {
      for (const ssid of network.ssids.filter((s) => s.enabled)) {
        const where = `network = '${network.id}' AND ssid_number = '${ssid.number}'`;
        const stored = within(await storedUsage(influxUrl, db, { measurement: 'client_usage_by_ssid', where }));
        const expected = within(usageFromTruth(sim, { ...range, networkId: network.id, ssidNumber: ssid.number }));
        diffs.push(...diffUsage(stored, expected).map((d) => `ssid ${ssid.number}: ${d}`));
        compared += expected.size;
      }
    }
  }
  return { diffs: diffs.slice(0, 20), compared };
}
