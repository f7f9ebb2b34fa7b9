/** `verify` on SSID-split units (InfluxDB 1.6.7), and on a sink that cannot read back (VictoriaMetrics). */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { VerifyReport } from '../../src/collector/verify.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createDatabase, diffUsage, storedUsage } from '../helpers/collector-harness.js';
import { startVictoria, type VictoriaServer } from '../helpers/victoria.js';
import { runCli } from '../cli/run-cli.js';
import { influxQuery } from '../sink/influx-query.js';
import { backfill, comparedFromS, comparedToS, NOW, verifyEnv } from './verify-support.js';

const influxUrl = inject('influxUrl');

describe('verify with SSID splitting (client_usage_by_ssid units)', () => {
  let sim: Simulator;
  let env: Record<string, string>;
  const ssidDb = 'e2e_verify_ssid';

  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, orgs: 1, networksPerOrg: 1, clientsPerNetwork: 12, now: NOW, rate: false });
    await createDatabase(influxUrl, ssidDb);
    const setup = await verifyEnv(sim, influxUrl, ssidDb, 'collection:\n  splitBySsid: true\n');
    env = setup.env;
    await backfill(sim, env, setup.dir);
  }, 60_000);
  afterAll(() => sim.stop());

  it('compares every SSID unit; a point deleted from client_usage_by_ssid is missing there only, and repaired', async () => {
    const series = await influxQuery(influxUrl, `SELECT recv FROM client_usage_by_ssid WHERE recv > 0 AND time >= ${comparedFromS}s AND time < ${comparedToS}s GROUP BY *`, ssidDb);
    expect(series.length).toBeGreaterThan(0);
    const victim = series[0]!;
    const timeS = Date.parse(String(victim.values[0]![0])) / 1000;
    await influxQuery(influxUrl, `DELETE FROM client_usage_by_ssid WHERE "client" = '${victim.tags!['client']}' AND "ssid_number" = '${victim.tags!['ssid_number']}' AND time = ${timeS}s`, ssidDb);
    const r = await runCli(['verify', '--json'], { env, clock: sim.clock });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.units.length).toBeGreaterThan(1);
    const bad = report.units.filter((u) => u.counts.missing + u.counts.wrong + u.counts.duplicated + u.counts.extra > 0);
    expect(bad.map((u) => [u.ssidNumber, u.counts.missing])).toEqual([[Number(victim.tags!['ssid_number']), 1]]);
    expect(bad[0]!.examples[0]).toMatchObject({ kind: 'missing', client: victim.tags!['client'], dayMs: timeS * 1000 });
    const repaired = await runCli(['verify', '--repair'], { env, clock: sim.clock });
    expect(repaired.code).toBe(0);
    expect((await runCli(['verify'], { env, clock: sim.clock })).code).toBe(0);
    const back = await influxQuery(influxUrl, `SELECT recv FROM client_usage_by_ssid WHERE "client" = '${victim.tags!['client']}' AND "ssid_number" = '${victim.tags!['ssid_number']}' AND time = ${timeS}s GROUP BY *`, ssidDb);
    expect(back.map((x) => [x.tags, x.values[0]![1]])).toEqual([[victim.tags, victim.values[0]![1]]]);
  }, 60_000);
});

describe('verify with a sink that cannot read back', () => {
  let sim: Simulator;
  let vm: VictoriaServer;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, orgs: 1, networksPerOrg: 1, clientsPerNetwork: 4, now: NOW, rate: false });
    vm = await startVictoria();
  }, 60_000);
  afterAll(async () => {
    await sim.stop();
    await vm.stop();
  });

  it('VictoriaMetrics (API v2 writes, no InfluxQL): exit 2 before any usage request', async () => {
    const { env: v1Env } = await verifyEnv(sim, influxUrl, 'unused');
    const { INFLUX_API_VERSION: _v, INFLUX_DATABASE: _db, ...common } = v1Env;
    const env = { ...common, INFLUX_URL: vm.url, INFLUX_TOKEN: 'vm-token-secret', INFLUX_ORG: 'o', INFLUX_BUCKET: 'b' };
    const r = await runCli(['verify'], { env, clock: sim.clock });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('this server does not run InfluxQL; verify needs an InfluxDB that answers InfluxQL');
    expect(r.stdout).toBe('');
    expect(sim.counters.byEndpoint['usageHistories'] ?? 0).toBe(0);
    expect(r.stderr).not.toContain('vm-token-secret');
  });
});

describe('verify when Meraki answers some buckets malformed', () => {
  let sim: Simulator;
  let env: Record<string, string>;
  const badDb = 'e2e_verify_malformed';
  beforeAll(async () => {
    sim = await startSimulator({ seed: 17, orgs: 1, networksPerOrg: 1, clientsPerNetwork: 12, now: NOW, rate: false });
    await createDatabase(influxUrl, badDb);
    const setup = await verifyEnv(sim, influxUrl, badDb);
    env = setup.env;
    await backfill(sim, env, setup.dir);
  }, 60_000);
  afterAll(() => sim.stop());

  it('their stored days are not called extra, and --repair leaves them alone', async () => {
    const truth = () => storedUsage(influxUrl, badDb, { where: `time >= ${comparedFromS}s AND time < ${comparedToS}s` });
    const before = await truth();
    sim.setFaults({ stickyMalformedRate: 0.05 });
    const r = await runCli(['verify', '--json', '--repair'], { env, clock: sim.clock });
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.units[0]!.rejected).toBeGreaterThan(0);
    expect(report.totals).toMatchObject({ missing: 0, wrong: 0, duplicated: 0, extra: 0 });
    expect(r.code).toBe(0);
    expect(diffUsage(await truth(), before)).toEqual([]);
  });
});
