/**
 * `meraki-usage verify` against the simulator (over HTTP) and the real InfluxDB 1.6.7: after a backfill it agrees;
 * on damaged data (points deleted, values changed, a second series written for some days) it reports each kind
 * with the right counts; `--repair` restores the truth, compared client-day by client-day with the simulator's.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { VerifyReport } from '../../src/collector/verify.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createDatabase, diffUsage, storedUsage, usageFromTruth, type UsageMap } from '../helpers/collector-harness.js';
import { runCli } from '../cli/run-cli.js';
import { influxQuery } from '../sink/influx-query.js';
import { backfill, comparedFromS, comparedToS, NOW, verifyEnv } from './verify-support.js';

const influxUrl = inject('influxUrl');
const db = 'e2e_verify';

interface StoredPoint {
  key: string;
  tags: Record<string, string>;
  timeS: number;
  recv: number;
  sent: number;
}

/** Every stored client_usage point with its tag set, in the compared days. */
async function storedPoints(): Promise<StoredPoint[]> {
  const series = await influxQuery(influxUrl, `SELECT recv, sent FROM client_usage WHERE time >= ${comparedFromS}s AND time < ${comparedToS}s GROUP BY *`, db);
  return series.flatMap((s) =>
    s.values.map((v) => {
      const timeS = Date.parse(String(v[0])) / 1000;
      return { key: `${s.tags!['network']}|${s.tags!['client']}|${timeS}`, tags: s.tags!, timeS, recv: Number(v[1]), sent: Number(v[2]) };
    }),
  );
}

function lineOf(p: StoredPoint, tags: Record<string, string>, recv: number): string {
  const t = Object.entries(tags).filter(([, v]) => v !== '').sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);
  return `client_usage,${t.join(',')} recv=${recv},sent=${p.sent} ${p.timeS}`;
}

function truthInRange(sim: Simulator): UsageMap {
  const all = usageFromTruth(sim, { fromMs: comparedFromS * 1000 });
  for (const k of all.keys()) if (Number(k.split('|')[2]) >= comparedToS) all.delete(k);
  return all;
}

describe('verify on InfluxDB 1.6.7', () => {
  let sim: Simulator;
  let env: Record<string, string>;
  const cli = (args: string[]) => runCli(args, { env, clock: sim.clock });

  beforeAll(async () => {
    sim = await startSimulator({ seed: 13, orgs: 1, networksPerOrg: 2, clientsPerNetwork: 15, now: NOW, rate: false });
    await createDatabase(influxUrl, db);
    const setup = await verifyEnv(sim, influxUrl, db);
    env = setup.env;
    await backfill(sim, env, setup.dir);
  }, 60_000);
  afterAll(() => sim.stop());

  it('agrees after a backfill; prints its plan (the usage requests it then makes) first', async () => {
    const before = sim.counters.byEndpoint['usageHistories'] ?? 0;
    const r = await cli(['verify']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const planned = Number(/needs ~(\d+) usage request/.exec(lines[0] ?? '')?.[1]);
    expect(lines[0]).toMatch(/^verify: 2 network\(s\), 2 unit\(s\), \d+ client\(s\), closed days 2026-05-14 to 2026-06-13; discovery made \d+ request/);
    expect(planned).toBeGreaterThan(0);
    expect((sim.counters.byEndpoint['usageHistories'] ?? 0) - before).toBe(planned);
    const truth = truthInRange(sim);
    expect(truth.size).toBeGreaterThan(500);
    expect(r.stdout).toContain(`${truth.size} ok, 0 missing, 0 wrong, 0 duplicated, 0 extra`);
    expect(lines.at(-1)).toBe('verify ok: the sink agrees with Meraki');
  });

  it('reports deleted, changed and duplicated client-days with their counts; --repair restores the truth', async () => {
    const points = (await storedPoints()).filter((p) => p.recv > 0);
    const truth = truthInRange(sim);
    expect(diffUsage(await storedUsage(influxUrl, db), usageFromTruth(sim, { fromMs: comparedFromS * 1000 }))).toEqual([]);
    // Distinct client-days for each kind of damage, spread over clients and days.
    const pick = (from: number, n: number) => Array.from({ length: n }, (_, i) => points[(from + i * 37) % points.length]!);
    const deleted = pick(0, 6);
    const changed = pick(3, 4);
    const doubled = pick(11, 5);
    expect(new Set([...deleted, ...changed, ...doubled].map((p) => p.key)).size).toBe(15);
    for (const p of deleted) {
      await influxQuery(influxUrl, `DELETE FROM client_usage WHERE "client" = '${p.tags['client']}' AND time = ${p.timeS}s`, db);
    }
    const lines = [
      ...changed.map((p) => lineOf(p, p.tags, p.recv + 1000)),
      // The same day under another tag set (the client's IP or SSID changed and the state was lost); two of them
      // differ by a tag that one of the series does not have (the delete must hit the extra series only).
      ...doubled.map((p, i) => lineOf(p, i < 2 ? { ...p.tags, ssid: p.tags['ssid'] ? '' : 'Lobby' } : { ...p.tags, ip: '192.0.2.77' }, p.recv)),
    ];
    const res = await fetch(`${influxUrl}/write?db=${db}&precision=s`, { method: 'POST', body: lines.join('\n') });
    expect(res.status).toBe(204);

    const damaged = await cli(['verify', '--json']);
    expect(damaged.code).toBe(1);
    const report = JSON.parse(damaged.stdout) as VerifyReport;
    expect(report.totals).toEqual({ ok: truth.size - 15, missing: 6, wrong: 4, duplicated: 5, extra: 0, notChecked: 0 });
    const kinds = report.units.flatMap((u) => u.examples.map((e) => e.kind));
    expect(new Set(kinds)).toEqual(new Set(['missing', 'wrong', 'duplicated']));
    expect(damaged.stderr).toMatch(/^verify: 2 network\(s\)/);

    const text = await cli(['verify']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/duplicated client \S+ \d{4}-\d\d-\d\d: 2 series/);
    expect(text.stdout).toContain('verify FAILED');

    const repaired = await cli(['verify', '--repair']);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain(`verify after repair: ${truth.size} ok, 0 missing, 0 wrong, 0 duplicated, 0 extra`);
    expect(repaired.stdout).toMatch(/repaired: \d+ point\(s\) deleted, \d+ written/);

    // The truth, client-day by client-day, and one series per client-day.
    const after = await storedPoints();
    const perDay = new Map<string, number>();
    for (const p of after) perDay.set(p.key, (perDay.get(p.key) ?? 0) + 1);
    expect([...perDay].filter(([, n]) => n > 1)).toEqual([]);
    expect(diffUsage(await storedUsage(influxUrl, db, { where: `time >= ${comparedFromS}s AND time < ${comparedToS}s` }), truth)).toEqual([]);
    // The duplicated days kept their original series (the tag set of the client's other days).
    for (const p of doubled) expect(after.find((a) => a.key === p.key)?.tags).toEqual(p.tags);
    expect((await cli(['verify'])).code).toBe(0);
  }, 60_000);

  it('--network narrows to one network; an unknown one, or the file sink, is bad usage (exit 2)', async () => {
    const networkId = sim.world.organizations[0]!.networks[0]!.id;
    const one = await runCli(['verify', '--network', networkId], { env: { ...env, LOG_LEVEL: 'debug' }, clock: sim.clock });
    expect(one.code).toBe(0);
    expect(one.stdout + one.stderr).not.toContain(env['MERAKI_API_KEY']);
    expect(one.stdout).toMatch(/^verify: 1 network\(s\), 1 unit\(s\)/);
    const unknown = await cli(['verify', '--network', 'L_nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--network L_nope: not among the planned networks');
    const { INFLUX_URL: _url, INFLUX_API_VERSION: _v, INFLUX_DATABASE: _db, ...fileEnv } = env;
    const file = await runCli(['verify'], { env: fileEnv, clock: sim.clock });
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('INFLUX_URL: verify compares Meraki with what InfluxDB holds, and the file sink cannot be read back');
  });
});
