import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { networkMetricLine, selfMetricLines } from '../../src/collector/self-metrics.js';
import type { MerakiStats } from '../../src/meraki/index.js';
import { runSummary } from '../helpers/run-summary.js';
import { influxQuery, uniqueDatabase } from '../sink/influx-query.js';

// config/grafana/provisioning/alerting: Grafana alert rules on the self-metrics in InfluxDB. Their shape is checked,
// and each rule is evaluated as Grafana does (query A on InfluxDB over the rule's relative time range, reduce B,
// threshold C, no data -> noDataState) on self-metrics written by the collector's own encoders: a healthy history
// fires nothing, and each failure history fires its rule.

const FILE = join(import.meta.dirname, '../../config/grafana/provisioning/alerting/meraki-usage-alerts.yaml');
const DATASOURCE_UID = 'meraki-influxql';
const HOUR_MS = 3_600_000;
const influxUrl = inject('influxUrl');

interface Query { refId: string; datasourceUid: string; relativeTimeRange?: { from: number; to: number }; model: Record<string, unknown> }
interface Rule { uid: string; title: string; condition: string; data: Query[]; noDataState: string; execErrState: string; for: string; labels: Record<string, string>; annotations: Record<string, string> }
const provisioning = parse(readFileSync(FILE, 'utf8')) as { apiVersion: number; groups: { orgId: number; name: string; folder: string; interval: string; rules: Rule[] }[] };
const rules = provisioning.groups.flatMap((g) => g.rules);
const byTitle = (title: string): Rule => rules.find((r) => r.title === title)!;

describe('Grafana alert rules: provisioning', () => {
  it('cover the issue: collector down, data stale, runs / organizations failing, gap recorded, 429s sustained', () => {
    expect(provisioning.apiVersion).toBe(1);
    expect(provisioning.groups).toMatchObject([{ orgId: 1, folder: 'Meraki usage', interval: '1m' }]);
    expect(rules.map((r) => r.title)).toEqual([
      'Meraki usage: collector down',
      'Meraki usage: data stale',
      'Meraki usage: runs failing',
      'Meraki usage: organization failing',
      'Meraki usage: gap recorded',
      'Meraki usage: 429s sustained',
    ]);
    expect(new Set(rules.map((r) => r.uid)).size).toBe(rules.length);
  });

  it.each(rules.map((r) => [r.title, r] as const))('%s: InfluxQL on the provisioned data source, reduce, threshold', (_t, r) => {
    const [a, b, c] = r.data;
    expect(r.data).toHaveLength(3);
    expect(a).toMatchObject({ refId: 'A', datasourceUid: DATASOURCE_UID, model: { refId: 'A', rawQuery: true } });
    expect(a!.relativeTimeRange!.from).toBeGreaterThan(0);
    expect(String(a!.model.query)).toMatch(/^SELECT .* FROM "collector_(runs|networks)" WHERE \$timeFilter( GROUP BY .*)?$/);
    expect(b).toMatchObject({ refId: 'B', datasourceUid: '__expr__', model: { type: 'reduce', expression: 'A' } });
    expect(c).toMatchObject({ refId: 'C', datasourceUid: '__expr__', model: { type: 'threshold', expression: 'B' } });
    expect(r.condition).toBe('C');
    expect(['OK', 'Alerting', 'NoData']).toContain(r.noDataState);
    expect(['warning', 'critical']).toContain(r.labels.severity);
    expect(r.annotations.summary).toBeTruthy();
    expect(r.for).toMatch(/^\d+[smh]$/);
  });

  it('the data source they name is the provisioned one, and the compose stack mounts this folder into Grafana', () => {
    const ds = readFileSync(join(import.meta.dirname, '../../config/grafana/provisioning/datasources/influxdb.yaml'), 'utf8');
    expect(ds).toContain(`uid: ${DATASOURCE_UID}`);
    const compose = parse(readFileSync(join(import.meta.dirname, '../../docker-compose.yml'), 'utf8')) as { services: { grafana: { volumes: string[] } } };
    expect(compose.services.grafana.volumes).toContain('./config/grafana/provisioning:/etc/grafana/provisioning:ro');
  });
});

// ---- evaluation on InfluxDB ----

const NOW = Date.UTC(2026, 4, 12, 9, 17);
/** Hourly runs at :07, the newest 10 minutes before NOW. */
const RUNS = [5, 4, 3, 2, 1, 0].map((k) => NOW - 10 * 60_000 - k * HOUR_MS);
const NETWORKS = [['o1', 'N_1'], ['o1', 'N_2'], ['o2', 'N_3'], ['o2', 'N_4']] as const;
const STATS: MerakiStats = { requests: 0, retries: 0, rateLimited: 0, failures: 0, perOrg: {} };

interface RunSpec { ok?: boolean; gaps?: number; rateLimited?: number; failing?: (network: string) => boolean }

/** Writes what the collector writes after each run (collector_runs, collector_networks), for `RUNS` minus `skip`. */
async function history(name: string, spec: (runIndex: number) => RunSpec | null): Promise<string> {
  const database = uniqueDatabase(`alerts_${name}`);
  await influxQuery(influxUrl, `CREATE DATABASE ${database}`);
  const lastGood = new Map<string, number>();
  const lines: string[] = [];
  RUNS.forEach((startedAtMs, i) => {
    const s = spec(i);
    if (s === null) return;
    const networkLines = NETWORKS.map(([org, network]) => {
      const ok = !(s.failing?.(network) ?? false);
      if (ok) lastGood.set(network, startedAtMs);
      const fetchedToMs = lastGood.get(network) ?? null;
      return networkMetricLine(org, network, { ok, clients: 5, points: ok ? 10 : 0, gaps: 0, checkpointMs: startedAtMs - 9 * HOUR_MS, fetchedToMs }, startedAtMs);
    });
    const failed = NETWORKS.filter(([, n]) => s.failing?.(n) ?? false).length;
    const summary = runSummary({
      ok: (s.ok ?? true) && failed === 0, startedAtMs, durationMs: 30_000, organizations: 2, networks: 4, networksFailed: failed,
      clients: 20, requests: 40, rateLimited: s.rateLimited ?? 0, retries: s.rateLimited ?? 0, points: 40, gaps: s.gaps ?? 0,
    });
    lines.push(...selfMetricLines(summary, STATS, networkLines));
  });
  const res = await fetch(`${influxUrl}/write?db=${database}&precision=s`, { method: 'POST', body: lines.join('\n') });
  expect(res.status).toBe(204);
  return database;
}

type Verdict = 'firing' | 'normal' | 'nodata-alerting' | 'nodata-ok';

/** Grafana's evaluation of one rule at NOW: per series, reduce then threshold; no series -> noDataState. */
async function evaluate(rule: Rule, database: string): Promise<{ verdict: Verdict; firing: string[] }> {
  const [a, b, c] = rule.data as [Query, Query, Query];
  const range = a.relativeTimeRange!;
  const timeFilter = `time >= ${NOW - range.from * 1000}ms and time <= ${NOW - range.to * 1000}ms`;
  const series = await influxQuery(influxUrl, String(a.model.query).replaceAll('$timeFilter', timeFilter), database);
  if (series.length === 0) return { verdict: rule.noDataState === 'Alerting' ? 'nodata-alerting' : 'nodata-ok', firing: [] };
  const reducer = String(b.model.reducer);
  const { type, params } = (c.model.conditions as { evaluator: { type: string; params: number[] } }[])[0]!.evaluator;
  const firing: string[] = [];
  for (const s of series) {
    const values = s.values.map((v) => v[1]).filter((v): v is number => typeof v === 'number');
    const reduced = reducer === 'last' ? values.at(-1) : reducer === 'max' ? Math.max(...values) : reducer === 'min' ? Math.min(...values) : NaN;
    if (reduced === undefined || Number.isNaN(reduced)) throw new Error(`reducer ${reducer} not emulated`);
    const fires = type === 'gt' ? reduced > params[0]! : type === 'lt' ? reduced < params[0]! : Number.NaN;
    if (typeof fires !== 'boolean') throw new Error(`threshold ${type} not emulated`);
    if (fires) firing.push([s.tags?.org, s.tags?.network].filter((t) => t !== undefined).join('/') || '*');
  }
  return { verdict: firing.length > 0 ? 'firing' : 'normal', firing };
}

async function firingRules(database: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const r of rules) {
    const { verdict, firing } = await evaluate(r, database);
    if (verdict === 'firing') out[r.title] = firing;
    if (verdict === 'nodata-alerting') out[r.title] = ['no data'];
  }
  return out;
}

describe('Grafana alert rules: evaluated on self-metrics in InfluxDB', () => {
  const db: Record<string, string> = {};
  beforeAll(async () => {
    db.healthy = await history('healthy', (i) => (i === 2 ? { rateLimited: 30, gaps: 0 } : {}));
    db.down = await history('down', (i) => (i < 2 ? {} : null));
    db.stale = await history('stale', (i) => ({ failing: (n) => n === 'N_2' && i >= 3 }));
    db.runs = await history('runs', (i) => ({ ok: i < 3 }));
    db.org = await history('org', (i) => ({ failing: (n) => (n === 'N_3' || n === 'N_4') && i >= 3 }));
    db.gap = await history('gap', (i) => ({ gaps: i === 5 ? 1 : 0 }));
    db.throttled = await history('throttled', (i) => ({ rateLimited: i >= 3 ? 25 : 0 }));
  });

  it('a healthy collector (one run with 429s, no gaps, every network ok) fires nothing', async () => {
    expect(await firingRules(db.healthy!)).toEqual({});
  });

  it('collector down: no run for 3 hours fires (no data = alerting), and nothing else', async () => {
    expect(await firingRules(db.down!)).toEqual({ 'Meraki usage: collector down': ['no data'] });
  });

  it('one network failing for 3 runs: data stale for that network, runs failing, organization not (its other network is ok)', async () => {
    // One failed network makes a run failed.
    expect(await firingRules(db.stale!)).toEqual({ 'Meraki usage: data stale': ['o1/N_2'], 'Meraki usage: runs failing': ['*'] });
    expect((await evaluate(byTitle('Meraki usage: data stale'), db.healthy!)).verdict).toBe('normal');
  });

  it('3 failed runs in a row: runs failing', async () => {
    expect(await firingRules(db.runs!)).toEqual({ 'Meraki usage: runs failing': ['*'] });
  });

  it('every network of an organization failing 3 runs: organization failing, runs failing, and its data stale', async () => {
    expect(await firingRules(db.org!)).toEqual({
      'Meraki usage: data stale': ['o2/N_3', 'o2/N_4'],
      'Meraki usage: runs failing': ['*'],
      'Meraki usage: organization failing': ['o2'],
    });
  });

  it('a gap in the last run: gap recorded', async () => {
    expect(await firingRules(db.gap!)).toEqual({ 'Meraki usage: gap recorded': ['*'] });
  });

  it('429s in each of the last 3 runs: 429s sustained (one run with 429s is not)', async () => {
    expect(await firingRules(db.throttled!)).toEqual({ 'Meraki usage: 429s sustained': ['*'] });
  });
});
