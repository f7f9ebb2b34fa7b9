import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/collector/collector-api.js';
import { startDaemonObserver } from '../../src/observe/daemon-observer.js';
import { expectedIntervalMs } from '../../src/observe/expected-interval.js';
import { createHealthTracker } from '../../src/observe/health.js';
import { startObserveServer, type ObserveServer } from '../../src/observe/http-server.js';
import { observeAddressFromEnv } from '../../src/observe/observe-env.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { freePort } from '../helpers/free-port.js';
import type { Config } from '../../src/config/types.js';

const MIN = 60_000;
const summary = (over: Partial<RunSummary> = {}): RunSummary => ({
  ok: true, startedAtMs: 1_000_000, durationMs: 5_000, organizations: 1, networks: 2, networksFailed: 0,
  clients: 3, requests: 4, rateLimited: 0, retries: 0, points: 9, rejectedRecords: 0, gaps: 0,
  orgsFailed: 0, usagePagesParsedFallback: 0, orgResults: [], ...over,
});
const okSink = { ping: async () => {} };

describe('health tracker', () => {
  it('needs a successful last run, within the interval, and a sink that answers', async () => {
    let now = 1_000_000;
    const clock = { now: () => now };
    const tracker = createHealthTracker({ expectedIntervalMs: 10 * MIN, sink: okSink, clock });
    expect(await tracker.check()).toMatchObject({ healthy: false, reason: 'no run has finished yet' });
    tracker.onRunDone(summary());
    now += 10 * MIN;
    expect(await tracker.check()).toMatchObject({ healthy: true, reason: null, lastRunAtMs: 1_005_000, lastSuccessAtMs: 1_005_000 });
    now += 10 * MIN;
    expect((await tracker.check()).reason).toMatch(/ended 1195 s ago, more than the expected 600 s/);
    tracker.onRunDone(summary({ ok: false, networksFailed: 1, startedAtMs: now }));
    expect(await tracker.check()).toMatchObject({ healthy: false, lastRunOk: false, lastSuccessAtMs: 1_005_000, reason: 'the last run failed (1 network(s) failed)' });
  });

  it('is unhealthy when the sink does not answer ping()', async () => {
    const sink = { ping: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8086')) };
    const tracker = createHealthTracker({ expectedIntervalMs: 10 * MIN, sink, clock: { now: () => 1_010_000 } });
    tracker.onRunDone(summary());
    expect(await tracker.check()).toMatchObject({ healthy: false, sinkReachable: false, reason: 'the sink does not answer: connect ECONNREFUSED 127.0.0.1:8086' });
  });
});

describe('expected interval from the cron schedule', () => {
  it.each([
    ['7 * * * *', 2 * 60 * MIN],
    ['*/5 * * * *', 10 * MIN],
    ['0 9 * * 1-5', 2 * 3 * 24 * 60 * MIN],
    ['30 2 * * *', 2 * 24 * 60 * MIN],
  ])('%s -> %d ms', (cron, want) => {
    expect(expectedIntervalMs(cron, 'UTC')).toBe(want);
  });

  it('rejects an invalid expression', () => {
    expect(() => expectedIntervalMs('not cron', 'UTC')).toThrow();
  });
});

describe('HTTP address from the environment', () => {
  it.each([
    [{}, { host: '127.0.0.1', port: 9464 }],
    [{ COLLECTOR_HTTP_PORT: '9100', COLLECTOR_HTTP_HOST: '0.0.0.0' }, { host: '0.0.0.0', port: 9100 }],
    [{ COLLECTOR_HTTP_PORT: '0' }, null],
  ])('%j -> %j', (env, want) => {
    expect(observeAddressFromEnv(env)).toEqual(want);
  });

  it('names the variable when the port is bad', () => {
    expect(() => observeAddressFromEnv({ COLLECTOR_HTTP_PORT: '70000' })).toThrow(/`COLLECTOR_HTTP_PORT`/);
  });
});

describe('observe HTTP server', () => {
  let server: ObserveServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('binds loopback by default; 404 elsewhere, 405 for other methods, 503 when the health check throws', async () => {
    server = await startObserveServer({ port: 0, registry: new Registry(), health: async () => Promise.reject(new Error('boom')) });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    const post = await fetch(`${server.url}/metrics`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unhealthy', healthy: false, reason: 'health check failed: boom' });
  });

  it('the daemon observer serves on COLLECTOR_HTTP_PORT and is off with 0', async () => {
    const config = { schedule: { cron: '7 * * * *', timezone: 'UTC', runAtStart: true } } as Config;
    const off = await startDaemonObserver({ config, sink: okSink, logger: captureLogger(), env: { COLLECTOR_HTTP_PORT: '0' } });
    expect(off.url).toBeNull();
    await off.close();
    const port = await freePort();
    const on = await startDaemonObserver({ config, sink: okSink, logger: captureLogger(), env: { COLLECTOR_HTTP_PORT: String(port) }, clock: { now: () => 2_000_000 } });
    try {
      expect(on.url).toBe(`http://127.0.0.1:${port}`);
      on.onRunDone(summary(), []);
      expect((await fetch(`${on.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${on.url}/metrics`)).text()).toContain('meraki_usage_runs_total{result="ok"} 1');
    } finally {
      await on.close();
    }
  });
});
