import { EventEmitter } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FIRST_RUN_IN_PROGRESS } from '../../src/observe/health.js';
import type { ScheduleFn } from '../../src/scheduler/cron-schedule.js';
import type { SignalSource } from '../../src/scheduler/scheduler.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli, type CliResult } from '../cli/run-cli.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { freePort, waitFor } from '../helpers/free-port.js';
import { startGateProxy, type GateProxy } from '../helpers/gate-proxy.js';
import { influxQuery, uniqueDatabase } from '../sink/influx-query.js';

const NOW = Date.UTC(2026, 5, 10, 6, 19);
const MIN = 60_000;
const STALL_LIMIT_MIN = 10;
const NETWORKS = 4;
const influxUrl = inject('influxUrl');
/** Bound of each wait for the daemon (wall clock, generous: only the simulated clock is asserted on). */
const WAIT_MS = 60_000;

interface Probe {
  status: number;
  body: Record<string, unknown> & { reason: string | null; reasons?: string[] };
}

/**
 * The real daemon (`run`, in process) against the simulator behind a gate that holds each usage request until the
 * test lets it through, and InfluxDB behind a proxy that can cut it off. The clock is the simulator's (manual).
 */
describe('/livez and /readyz of the running daemon', { timeout: 240_000 }, () => {
  let sim: Simulator;
  let gate: GateProxy;
  let influx: FaultProxy;
  let base: string;
  const ticks: (() => void)[] = [];
  const signals = new EventEmitter();
  let done: Promise<CliResult>;

  const probe = async (path: string): Promise<Probe> => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: (await res.json()) as Probe['body'] };
  };

  beforeAll(async () => {
    sim = await startSimulator({ seed: 15, orgs: 1, networksPerOrg: NETWORKS, clientsPerNetwork: 20, now: NOW });
    gate = await startGateProxy(sim.url, (path) => path.includes('/clients/usageHistories'));
    influx = await startFaultProxy(influxUrl);
    influx.faultPaths = ['/'];
    const database = uniqueDatabase('livez');
    await influxQuery(influxUrl, `CREATE DATABASE ${database}`);
    const dir = await mkdtemp(join(tmpdir(), 'livez-'));
    const port = await freePort();
    const yaml = [
      'collection:',
      '  networkConcurrency: 1',
      // A week of backfill: t0 stays inside the API's lookback while a request is held for simulated minutes.
      '  lookbackSeconds: 604800',
      'influx:',
      '  apiVersion: 1',
      `  url: ${influx.url}`,
      `  database: ${database}`,
      '  maxRetries: 0',
      '  timeoutMs: 5000',
      'schedule:',
      '  cron: "7 * * * *"',
      `  stallLimitSeconds: ${STALL_LIMIT_MIN * 60}`,
    ].join('\n');
    await writeFile(join(dir, 'config.yaml'), `${yaml}\n`);
    const env = {
      MERAKI_API_KEY: 'test-key-0123456789abcdef',
      MERAKI_BASE_URL: `${gate.url}/api/v1`,
      COLLECTOR_STATE_DIR: join(dir, 'state'),
      COLLECTOR_HTTP_PORT: String(port),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
    };
    const schedule: ScheduleFn = (_cron, _tz, onTick) => {
      ticks.push(onTick);
      return { stop: () => {}, nextRunAt: () => null };
    };
    base = `http://127.0.0.1:${port}`;
    done = runCli(['run', '--config', join(dir, 'config.yaml')], { env, cwd: dir, clock: sim.clock, schedule, signals: signals as unknown as SignalSource });
  }, 240_000);

  afterAll(async () => {
    signals.emit('SIGTERM');
    gate?.setClosed(false);
    await done;
    await gate?.stop();
    await influx?.stop();
    await sim?.stop();
  }, 120_000);

  it('a first backfill that takes simulated minutes: /livez 200 while /readyz says "first run in progress"', async () => {
    await waitFor(async () => gate.held === 1, WAIT_MS, 'the first usage request');
    const seen: { livez: number; readyz: number; reason: string | null; minutes: number }[] = [];
    for (let i = 1; i < NETWORKS; i++) {
      // Each step lasts 6 simulated minutes (under the 10-minute stall limit): 18 minutes in all, progress in each.
      sim.clock.advance(6 * MIN);
      const [live, ready] = [await probe('/livez'), await probe('/readyz')];
      seen.push({ livez: live.status, readyz: ready.status, reason: ready.body.reason, minutes: (sim.clock.now() - NOW) / MIN });
      expect(live.body).toMatchObject({ live: true, runInProgress: true, stallLimitMs: STALL_LIMIT_MIN * MIN });
      expect(ready.body).toMatchObject({ healthy: false, firstRunInProgress: true });
      expect(gate.releaseOne()).toBe(true);
      await waitFor(async () => gate.arrived === i + 1 && gate.held === 1, WAIT_MS, `usage request ${i + 1}`);
    }
    expect(seen).toEqual([6, 12, 18].map((minutes) => ({ livez: 200, readyz: 503, reason: FIRST_RUN_IN_PROGRESS, minutes })));
    const healthz = await probe('/healthz');
    expect(healthz).toEqual({ status: 503, body: expect.objectContaining({ reason: FIRST_RUN_IN_PROGRESS }) });
  });

  it('a run with no progress for longer than schedule.stallLimitSeconds is wedged: /livez 503', async () => {
    expect(gate.held).toBe(1);
    sim.clock.advance((STALL_LIMIT_MIN - 1) * MIN);
    expect((await probe('/livez')).status).toBe(200);
    sim.clock.advance(2 * MIN);
    const live = await probe('/livez');
    expect(live.status).toBe(503);
    expect(live.body.reason).toMatch(/^wedged: the run started 1740 s ago has made no progress for 660 s \(limit 600 s, schedule\.stallLimitSeconds\)$/);
    expect((await probe('/readyz')).body.reason).toBe(FIRST_RUN_IN_PROGRESS);
  });

  it('once the run ends: both 200', async () => {
    gate.setClosed(false);
    await waitFor(async () => (await probe('/readyz')).status === 200, WAIT_MS, '/readyz 200');
    const [live, ready, healthz] = [await probe('/livez'), await probe('/readyz'), await probe('/healthz')];
    expect(live).toMatchObject({ status: 200, body: { live: true, runInProgress: false, reason: null } });
    expect(ready.body).toMatchObject({ healthy: true, reason: null, reasons: [], lastRunOk: true, sinkReachable: true });
    expect(healthz.status).toBe(200);
    expect(gate.arrived).toBe(NETWORKS);
  });

  it('InfluxDB down: /livez stays 200, /readyz 503 saying the sink does not answer, and after a run in the outage', async () => {
    influx.mode = { kind: 'reset' };
    const ready = await probe('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.reason).toMatch(/^the sink does not answer: /);
    expect(ready.body.sinkReachable).toBe(false);
    expect((await probe('/livez')).status).toBe(200);

    sim.clock.advance(60 * MIN);
    ticks[0]!();
    await waitFor(async () => (await probe('/readyz')).body.lastRunOk === false, WAIT_MS, 'the run in the outage to end');
    const after = await probe('/readyz');
    expect(after.status).toBe(503);
    expect(after.body.reasons).toEqual([`the last run failed (${NETWORKS} network(s) failed)`, expect.stringMatching(/^the sink does not answer: /)]);
    expect(await probe('/livez')).toMatchObject({ status: 200, body: { live: true, runInProgress: false } });
    influx.mode = { kind: 'pass' };
    expect((await probe('/readyz')).body.reasons).toEqual([`the last run failed (${NETWORKS} network(s) failed)`]);
  });

  it('exits 0 on SIGTERM', async () => {
    signals.emit('SIGTERM');
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('test-key-0123456789abcdef');
  });
});
