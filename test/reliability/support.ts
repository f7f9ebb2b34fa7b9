/** Shared pieces of the reliability suite: InfluxDB 1.x queries, scenario settings, random kill moments. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DAY_MS, usageFromSeries, type UsageMap } from '../helpers/collector-harness.js';
import type { InfluxSeries } from '../helpers/influxd.js';

/** Trials of the crash test: RELIABILITY_TRIALS (full suite: 20), default 4 (CI). */
export function reliabilityTrials(fallback = 4): number {
  const raw = process.env.RELIABILITY_TRIALS;
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`RELIABILITY_TRIALS must be a whole number >= 1, got ${raw}`);
  return n;
}

/** True for the full suite (RELIABILITY_TRIALS >= 20): longer soak stretches and more fault rounds. */
export const FULL_SUITE = reliabilityTrials() >= 20;

/** A seeded generator (mulberry32) so that a failing trial can be replayed with the same RELIABILITY_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const RELIABILITY_SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_101);

export async function influxQuery(url: string, q: string, db?: string, auth?: { u: string; p: string }): Promise<InfluxSeries[]> {
  // InfluxDB 1.6 reads u/p from the URL or Basic auth, not from a form body.
  const headers: Record<string, string> = auth ? { authorization: `Basic ${Buffer.from(`${auth.u}:${auth.p}`).toString('base64')}` } : {};
  const res = await fetch(`${url}/query`, { method: 'POST', headers, body: new URLSearchParams({ q, ...(db ? { db } : {}) }) });
  const body = (await res.json()) as { results?: { series?: InfluxSeries[]; error?: string }[]; error?: string };
  const first = body.results?.[0];
  if (!res.ok || body.error || first?.error) throw new Error(`InfluxQL failed (${res.status}): ${body.error ?? first?.error} for ${q}`);
  return first?.series ?? [];
}

export async function createDatabase(url: string, name: string, auth?: { u: string; p: string }): Promise<string> {
  await influxQuery(url, `CREATE DATABASE "${name}"`, undefined, auth);
  return name;
}

export async function storedUsage(url: string, db: string, auth?: { u: string; p: string }): Promise<UsageMap> {
  return usageFromSeries(await influxQuery(url, 'SELECT client, network, recv, sent FROM client_usage', db, auth));
}

/** A fresh folder with a YAML config file; returns the folder and the file. */
export async function configFolder(yaml: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'reliability-'));
  const file = join(dir, 'config.yaml');
  await writeFile(file, yaml);
  return { dir, file };
}

/** The collector settings of the suite: no client-side rate limit worth waiting for, small pages (many writes). */
export const FAST_YAML = 'meraki:\n  ratePerOrgPerSecond: 400\n  ratePerIpPerSecond: 800\n';

export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** Start of the first bucket a full lookback collects when it runs at `nowMs`. */
export const lookbackStart = (nowMs: number): number => dayOf(nowMs - 31 * DAY_MS);

/** `global.gc` when the process has it (--expose-gc), else the same function obtained through V8's flags. */
function gcFunction(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Heap in use after two full garbage collections, bytes. */
export function heapUsedAfterGc(): number {
  const gc = gcFunction();
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Closed days before each checkpoint that are not stored exactly (a checkpoint ahead of stored data), as
 * "key: got/want" texts (every one, with `lostKeys`), and every key `compared`; `truth` holds closed days' final
 * values.
 */
export function aheadOfStored(
  states: readonly { networkId: string; checkpointMs: number | null; ssidNumber?: number }[],
  stored: UsageMap,
  truth: UsageMap,
): { lost: string[]; checked: number; compared: string[]; lostKeys: string[] } {
  const lost: string[] = [];
  const lostKeys: string[] = [];
  const compared: string[] = [];
  let checked = 0;
  for (const s of states) {
    if (s.checkpointMs === null || s.ssidNumber !== undefined) continue;
    for (const [key, want] of truth) {
      const [network, , seconds] = key.split('|');
      if (network !== s.networkId || Number(seconds) * 1000 >= s.checkpointMs) continue;
      checked++;
      compared.push(key);
      const got = stored.get(key);
      if (got && got.recv === want.recv && got.sent === want.sent) continue;
      lost.push(`${key}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      lostKeys.push(key);
    }
  }
  return { lost, checked, compared, lostKeys };
}
