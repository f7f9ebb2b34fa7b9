import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import type { Config } from '../../src/config/types.js';
import type { Simulator, TruthFilter } from '../../src/simulator/index.js';
import type { InfluxSeries } from './influxd.js';

export interface HarnessConfigOptions {
  sim: Simulator;
  /** InfluxDB 1.x URL and database (API v1), VictoriaMetrics URL (API v2), or null for the file sink. */
  influx: { v1: { url: string; database: string } } | { v2: { url: string } } | null;
  /** YAML text merged over the env-built config (collection options, targets...). */
  yaml?: string;
  env?: Record<string, string>;
}

/** A Config for a collector aimed at the simulator, built through the real loader (env + optional YAML). */
export async function harnessConfig(options: HarnessConfigOptions): Promise<Config> {
  const dir = await mkdtemp(join(tmpdir(), 'collector-'));
  const env: Record<string, string> = {
    MERAKI_API_KEY: 'test-key-0123456789abcdef',
    MERAKI_BASE_URL: options.sim.url,
    COLLECTOR_STATE_DIR: join(dir, 'state'),
    COLLECTOR_OUT_DIR: join(dir, 'out'),
    ...options.env,
  };
  if (options.influx && 'v1' in options.influx) {
    Object.assign(env, { INFLUX_URL: options.influx.v1.url, INFLUX_API_VERSION: '1', INFLUX_DATABASE: options.influx.v1.database });
  } else if (options.influx) {
    Object.assign(env, { INFLUX_URL: options.influx.v2.url, INFLUX_API_VERSION: '2', INFLUX_TOKEN: 'vm-token-secret', INFLUX_ORG: 'o', INFLUX_BUCKET: 'b' });
  }
  let file: string | undefined;
  if (options.yaml) {
    file = join(dir, 'config.yaml');
    await writeFile(file, options.yaml);
  }
  return loadConfig({ env, cwd: dir, dotenv: false, requireApiKey: true, ...(file ? { file } : {}) });
}

export type UsageMap = Map<string, { recv: number; sent: number }>;

/** Creates an InfluxDB 1.x database (if missing) and returns its name. */
export async function createDatabase(url: string, name: string): Promise<string> {
  await fetch(`${url}/query?q=${encodeURIComponent(`CREATE DATABASE ${name}`)}`, { method: 'POST' });
  return name;
}

/** The usage stored in `measurement` (default client_usage), optionally narrowed by an InfluxQL `WHERE`. */
export async function storedUsage(url: string, db: string, options: { measurement?: string; where?: string } = {}): Promise<UsageMap> {
  const q = `SELECT client, network, recv, sent FROM ${options.measurement ?? 'client_usage'}${options.where ? ` WHERE ${options.where}` : ''}`;
  const res = await fetch(`${url}/query?db=${db}&q=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { results: { series?: InfluxSeries[] }[] };
  return usageFromSeries(body.results[0]?.series ?? []);
}

/** Every `client_usage` point as network|client|seconds -> usage; points of the same key in several series add up. */
export function usageFromSeries(series: InfluxSeries[]): UsageMap {
  const map: UsageMap = new Map();
  for (const s of series) {
    const col = (name: string) => s.columns.indexOf(name);
    const [t, n, c, r, se] = [col('time'), col('network'), col('client'), col('recv'), col('sent')];
    for (const v of s.values) {
      const key = `${String(v[n])}|${String(v[c])}|${Date.parse(String(v[t])) / 1000}`;
      const prev = map.get(key);
      const recv = Number(v[r]);
      const sent = Number(v[se]);
      map.set(key, prev ? { recv: prev.recv + recv, sent: prev.sent + sent } : { recv, sent });
    }
  }
  for (const [k, u] of map) if (u.recv === 0 && u.sent === 0) map.delete(k);
  return map;
}

export function usageFromTruth(sim: Simulator, filter: TruthFilter): UsageMap {
  const map: UsageMap = new Map();
  for (const row of sim.truth.rows(filter)) {
    map.set(`${row.networkId}|${row.clientId}|${row.dayStartMs / 1000}`, { recv: row.recvKb, sent: row.sentKb });
  }
  return map;
}

/** Differences between two usage maps, at most `limit` of them, for readable failures. */
export function diffUsage(actual: UsageMap, expected: UsageMap, limit = 10): string[] {
  const out: string[] = [];
  for (const [k, e] of expected) {
    const a = actual.get(k);
    if (!a) out.push(`missing ${k} (want ${e.recv}/${e.sent})`);
    else if (a.recv !== e.recv || a.sent !== e.sent) out.push(`wrong ${k}: got ${a.recv}/${a.sent}, want ${e.recv}/${e.sent}`);
    if (out.length >= limit) return out;
  }
  for (const k of actual.keys()) {
    if (!expected.has(k)) out.push(`unexpected ${k}`);
    if (out.length >= limit) break;
  }
  return out;
}

export const DAY_MS = 86_400_000;

/** What a spawned CLI needs against the simulator: the key, its URLs (the shard host trusted), state and output under `dir`. */
export function simulatorCliEnv(sim: Simulator, dir: string, apiKey: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MERAKI_API_KEY: apiKey,
    MERAKI_BASE_URL: sim.url,
    MERAKI_TRUSTED_HOSTS: new URL(sim.shardUrl).host,
    COLLECTOR_STATE_DIR: join(dir, 'state'),
    COLLECTOR_OUT_DIR: join(dir, 'out'),
    ...extra,
  };
}
