import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import type { NetworkStatus, RunSummary } from '../../src/collector/collector-api.js';
import { createHealthTracker } from '../../src/observe/health.js';
import { startObserveServer, type ObserveServer } from '../../src/observe/http-server.js';
import { createCollectorMetrics } from '../../src/observe/metrics.js';
import { createSink } from '../../src/sink/create-sink.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { DAY_MS, harnessConfig } from '../helpers/collector-harness.js';
import { influxQuery, uniqueDatabase } from '../sink/influx-query.js';
import { parsePromText, sumOf, type PromSample } from './prom-text.js';

const NOW = Date.UTC(2026, 2, 3, 9, 15);
const influxUrl = inject('influxUrl');
const HOUR_MS = 3_600_000;

describe('/metrics and /healthz after a real run with injected 429s', () => {
  let sim: Simulator;
  let server: ObserveServer;
  let summary: RunSummary;
  let statuses: NetworkStatus[];
  let samples: PromSample[];
  let types: Map<string, string>;
  const healthBefore: { status: number; body: { reason: string } }[] = [];

  beforeAll(async () => {
    // The simulator holds one request per organization (1/s, no burst) while the collector is set to 10/s and starts
    // both networks of an organization at once: the second of any two requests to an organization within a second
    // is answered 429, however fast or slow the machine is.
    sim = await startSimulator({ seed: 3, orgs: 2, networksPerOrg: 2, clientsPerNetwork: 40, now: NOW, rate: { perOrgPerSecond: 1, orgBurst: 0, perIpPerSecond: 100 } });
    const database = uniqueDatabase('observe');
    await influxQuery(influxUrl, `CREATE DATABASE ${database}`);
    const yaml = 'meraki:\n  ratePerOrgPerSecond: 10\n  maxRetryAfterMs: 2000\n  maxRetries: 20\n';
    const config = await harnessConfig({ sim, influx: { v1: { url: influxUrl, database } }, yaml });
    const logger = captureLogger();
    const sink = createSink(config, logger);
    const registry = new Registry();
    const metrics = createCollectorMetrics(registry, { clock: sim.clock });
    const health = createHealthTracker({ expectedIntervalMs: 2 * HOUR_MS, sink, clock: sim.clock });
    server = await startObserveServer({ port: 0, registry, health: health.check });
    const healthz = async () => {
      const res = await fetch(`${server.url}/healthz`);
      return { status: res.status, body: (await res.json()) as { reason: string } };
    };
    healthBefore.push(await healthz());
    const collector = createCollector({ config, logger, sink, clock: sim.clock, onMerakiEvent: metrics.onMerakiEvent });
    try {
      summary = await collector.runOnce();
      statuses = await collector.status();
    } finally {
      await collector.close();
    }
    metrics.onRunDone(summary);
    metrics.onNetworkStatuses(statuses);
    health.onRunDone(summary);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    ({ samples, types } = parsePromText(await res.text()));
  });
  afterAll(async () => {
    await server?.close();
    await sim?.stop();
  });

  it('the run hit 429s and still succeeded', () => {
    expect(summary).toMatchObject({ ok: true, networks: 4, networksFailed: 0 });
    expect(summary.rateLimited).toBeGreaterThan(0);
  });

  it('requests, 429s and retries per organization match the run', () => {
    const orgs = sim.world.organizations.map((o) => o.id);
    expect(sumOf(samples, 'meraki_usage_requests_total')).toBe(summary.requests);
    expect(sumOf(samples, 'meraki_usage_rate_limited_total')).toBe(summary.rateLimited);
    expect(sumOf(samples, 'meraki_usage_retries_total')).toBe(summary.retries);
    expect(sumOf(samples, 'meraki_usage_retries_total', { reason: 'rate-limited' })).toBeGreaterThan(0);
    for (const org of orgs) {
      expect(sumOf(samples, 'meraki_usage_requests_total', { org })).toBe(sim.counters.byOrg[org]!.requests);
      expect(sumOf(samples, 'meraki_usage_rate_limited_total', { org })).toBe(sim.counters.byOrg[org]!.throttled);
    }
    expect(types.get('meraki_usage_rate_limited_total')).toBe('counter');
  });

  it('runs by result, points, gaps, last run duration and time', () => {
    expect(sumOf(samples, 'meraki_usage_runs_total', { result: 'ok' })).toBe(1);
    expect(sumOf(samples, 'meraki_usage_runs_total', { result: 'failed' })).toBe(0);
    expect(sumOf(samples, 'meraki_usage_points_written_total')).toBe(summary.points);
    expect(summary.points).toBeGreaterThan(0);
    expect(sumOf(samples, 'meraki_usage_gaps_recorded_total')).toBe(summary.gaps);
    expect(sumOf(samples, 'meraki_usage_last_run_timestamp_seconds')).toBe(summary.startedAtMs / 1000);
    expect(sumOf(samples, 'meraki_usage_last_run_duration_seconds')).toBe(summary.durationMs / 1000);
    expect(types.get('meraki_usage_last_run_duration_seconds')).toBe('gauge');
  });

  it('checkpoint age and known gaps per network, at scrape time', () => {
    expect(statuses).toHaveLength(4);
    for (const s of statuses) {
      const labels = { org: s.orgId, network: s.networkId };
      expect(s.checkpointMs).not.toBeNull();
      expect(sumOf(samples, 'meraki_usage_checkpoint_age_seconds', labels)).toBe((sim.clock.now() - s.checkpointMs!) / 1000);
      expect(samples.filter((x) => x.name === 'meraki_usage_network_gaps' && x.labels.network === s.networkId)).toEqual([{ name: 'meraki_usage_network_gaps', labels, value: s.gaps.length }]);
      expect(sumOf(samples, 'meraki_usage_network_last_result_ok', labels)).toBe(1);
    }
  });

  it('/healthz: 503 before the first run, 200 after it, 503 once the last success is older than the expected interval', async () => {
    expect(healthBefore).toEqual([{ status: 503, body: expect.objectContaining({ status: 'unhealthy', reason: 'no run has finished yet', sinkReachable: true }) }]);
    const ok = await fetch(`${server.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', healthy: true, reason: null, lastRunOk: true, sinkReachable: true });
    sim.clock.advance(DAY_MS);
    const stale = await fetch(`${server.url}/healthz`);
    expect(stale.status).toBe(503);
    expect(((await stale.json()) as { reason: string }).reason).toMatch(/more than the expected 7200 s/);
  });
});
