import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunSummary } from '../../src/collector/collector-api.js';
import { collectData, END_MS, RUN_OFFSETS_MS, type CollectedData } from './collected-data.js';
import { selfMetricLines } from '../../src/collector/self-metrics.js';
import type { MerakiStats } from '../../src/meraki/index.js';
import { runSummary } from '../helpers/run-summary.js';
import { influxQuery } from '../sink/influx-query.js';
import { dataPanels, loadDashboard, substitute, type MacroValues } from './grafana.js';
import { ALL, close, panelChecks, runPanel, variableValues } from './panel-runner.js';

// The collector-health dashboard against the self-metrics of four real runs; checked against the runs' summaries
// and the simulator's own counters (requests and 429s it answered), so the panels show what really happened.

const HOUR_MS = 3_600_000;
const RATE_PER_ORG = 8;
const influxUrl = inject('influxUrl');
const NO_STATS: MerakiStats = { requests: 0, retries: 0, rateLimited: 0, failures: 0, perOrg: {} };
const d = loadDashboard('meraki-usage-collector-health');
let data: CollectedData;
let m: MacroValues;

beforeAll(async () => {
  data = await collectData(influxUrl, 'deploy_health', { throttle: true });
  m = { fromMs: END_MS + RUN_OFFSETS_MS[0]! - HOUR_MS, toMs: END_MS + HOUR_MS, interval: '1h', vars: { org: ALL, network: ALL, rate_per_org: String(RATE_PER_ORG) } };
}, 60_000);
afterAll(async () => {
  await data?.stop();
});

const sum = (key: keyof RunSummary): number => data.summaries.reduce((s, r) => s + Number(r[key]), 0);
const run = (title: string) => runPanel(data, d, title, m);

describe('collector health variables', () => {
  it('org and network offer every organization and network collected', async () => {
    expect(await variableValues(data, d, 'org', {})).toEqual(data.sim.world.organizations.map((o) => o.id).sort());
    expect(await variableValues(data, d, 'network', { org: ALL })).toEqual(data.sim.world.networks.map((n) => n.id).sort());
  });
});

describe('collector health panels', () => {
  const { check, unchecked } = panelChecks(d, it);

  check('Last run', async () => expect((await run('Last run'))[0]?.ok).toBe(1));
  check('Runs / failed', async () => expect((await run('Runs / failed'))[0]).toMatchObject({ runs: 4, failed: 0 }));

  check('429 responses / retries', async () => {
    const [got] = await run('429 responses / retries');
    // The simulator counted every 429 it sent; the collector must have seen (and reported) exactly those.
    expect(data.sim.counters.throttled).toBeGreaterThan(0);
    expect(got?.['429s']).toBe(data.sim.counters.throttled);
    expect(got?.['429s']).toBe(sum('rateLimited'));
    expect(got?.retries).toBe(sum('retries'));
  });

  check('Gaps / rejected records', async () => expect((await run('Gaps / rejected records'))[0]).toMatchObject({ gaps: 0, 'rejected records': 0 }));

  check('Runs', async () => {
    const got = await run('Runs');
    expect(got.map((r) => r.time)).toEqual(data.runAtMs.map((t) => Math.floor(t / HOUR_MS) * HOUR_MS));
    expect(got.every((r) => r.runs === 1 && r.failed === 0 && r['failed networks'] === 0)).toBe(true);
  });

  check('Run duration', async () => {
    const got = await run('Run duration');
    got.forEach((r, i) => close(r.duration, data.summaries[i]!.durationMs / 1000));
  });

  check('Requests, 429s and retries', async () => {
    const got = await run('Requests, 429s and retries');
    expect(got.map((r) => [r.requests, r['429s'], r.retries])).toEqual(data.summaries.map((s) => [s.requests, s.rateLimited, s.retries]));
    // Every HTTP request the simulator received, 429s included.
    expect(got.reduce((s, r) => s + Number(r.requests), 0)).toBe(data.sim.counters.requests);
  });

  check('429s per organization', async () => {
    const got = await run('429s per organization');
    expect(got.some((r) => Number(r['429s']) > 0)).toBe(true);
    // Increase of the cumulative counter between runs (the first run has no predecessor).
    const after = data.throttledByOrgAfterRun;
    const want = data.sim.world.organizations.flatMap((o) =>
      after.slice(1).map((counts, i) => `${o.id}|${(counts[o.id] ?? 0) - (after[i]![o.id] ?? 0)}`),
    );
    expect(got.map((r) => `${String(r.org)}|${String(r['429s'])}`).sort()).toEqual(want.sort());
  });

  check('Checkpoint age per network', async () => {
    const got = await run('Checkpoint age per network');
    const want = data.sim.world.networks.flatMap((n) =>
      data.runAtMs.map((t) => `${n.id}|${Math.floor(t / HOUR_MS) * HOUR_MS}|${(t - data.sim.truth.dayStart(n.id, t)) / 1000}`),
    );
    expect(got.map((r) => `${String(r.network)}|${String(r.time)}|${String(r.age)}`).sort()).toEqual(want.sort());
  });

  check('Points written and gaps', async () => {
    const got = await run('Points written and gaps');
    expect(got.map((r) => [r.points, r.gaps, r['rejected records']])).toEqual(data.summaries.map((s) => [s.points, 0, 0]));
  });

  check('Networks', async () => {
    const got = await run('Networks');
    expect(got.map((r) => `${String(r.org)}|${String(r.network)}`).sort()).toEqual(data.sim.world.networks.map((n) => `${n.organizationId}|${n.id}`).sort());
    expect(got.every((r) => r.ok === 1 && r.gaps === 0 && r['checkpoint age'] === 9 * 3600 && r.freshness === 0)).toBe(true);
    expect(got.reduce((s, r) => s + Number(r.points), 0)).toBe(sum('points'));
    expect(got.reduce((s, r) => s + Number(r.clients), 0)).toBe(data.summaries.at(-1)!.clients);
  });

  check('Data freshness per network', async () => {
    const got = await run('Data freshness per network');
    // Every run fetched every network: at each run, the data is as fresh as the run (0 s).
    const want = data.sim.world.networks.flatMap((n) => data.runAtMs.map((t) => `${n.id}|${Math.floor(t / HOUR_MS) * HOUR_MS}|0`));
    expect(got.map((r) => `${String(r.network)}|${String(r.time)}|${String(r.freshness)}`).sort()).toEqual(want.sort());
  });

  check('Results per organization', async () => {
    const got = await run('Results per organization');
    const perOrg = (org: string) => data.sim.world.networks.filter((n) => n.organizationId === org).length;
    const slots = data.sim.world.organizations.flatMap((o) => data.runAtMs.map((t) => `${o.id}|${Math.floor(t / HOUR_MS) * HOUR_MS}`));
    const row = (r: Record<string, unknown>) => `${String(r.org)}|${String(r.time)}`;
    expect(got.filter((r) => 'ok networks' in r).map((r) => `${row(r)}|${String(r['ok networks'])}`).sort()).toEqual(slots.map((k) => `${k}|${perOrg(k.split('|')[0]!)}`).sort());
    expect(got.filter((r) => 'failed networks' in r).map((r) => `${row(r)}|${String(r['failed networks'])}`).sort()).toEqual(slots.map((k) => `${k}|0`).sort());
  });

  check('Gaps per network', async () => {
    const got = await run('Gaps per network');
    expect(got).toHaveLength(data.sim.world.networks.length * data.runAtMs.length);
    expect(got.every((r) => r.gaps === 0)).toBe(true);
  });

  check('Rate budget used', async () => {
    // The simulated runs last 0 s (manual clock), so the panel is checked on runs of known length, written as the
    // collector writes them (selfMetricLines) into a database of their own.
    const database = `${data.database}_budget`;
    await influxQuery(influxUrl, `CREATE DATABASE ${database}`);
    const runs = [
      { startedAtMs: END_MS - 2 * HOUR_MS, durationMs: 60_000, organizations: 2, requests: 480 },
      { startedAtMs: END_MS - HOUR_MS, durationMs: 120_000, organizations: 3, requests: 2880 },
    ];
    const lines = runs.flatMap((r) => selfMetricLines(runSummary(r), NO_STATS, []));
    const res = await fetch(`${influxUrl}/write?db=${database}&precision=s`, { method: 'POST', body: lines.join('\n') });
    expect(res.status).toBe(204);
    const panel = dataPanels(d).find((p) => p.title === 'Rate budget used')!;
    const got = await influxQuery(influxUrl, substitute(panel.targets![0]!.query!, m), database);
    expect(got[0]?.values.map((v) => v[1])).toEqual([50, 100]);
  });

  it('has a check for every panel', () => expect(unchecked()).toEqual([]));
});
