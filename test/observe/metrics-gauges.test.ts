import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { NetworkStatus, RunSummary } from '../../src/collector/collector-api.js';
import { createCollectorMetrics } from '../../src/observe/metrics.js';
import { runSummary } from '../helpers/run-summary.js';
import { parsePromText, sumOf } from './prom-text.js';

const summary = (ok: boolean): RunSummary =>
  runSummary({ ok, startedAtMs: 1_000_000, durationMs: 5_000, organizations: 1, networks: 2, networksFailed: ok ? 0 : 1, clients: 3, requests: 4, points: 9 });

describe('run and freshness gauges', () => {
  it('meraki_usage_consecutive_failed_runs counts failed runs in a row and drops to 0 after a success', async () => {
    const registry = new Registry();
    const metrics = createCollectorMetrics(registry, { clock: { now: () => 0 } });
    const value = async () => sumOf(parsePromText(await registry.metrics()).samples, 'meraki_usage_consecutive_failed_runs');
    const seen = [await value()];
    for (const ok of [false, false, false, true, false]) {
      metrics.onRunDone(summary(ok));
      seen.push(await value());
    }
    expect(seen).toEqual([0, 1, 2, 3, 0, 1]);
  });

  it('freshness and checkpoint age per network at scrape time; none for a network never fetched', async () => {
    let now = Date.UTC(2026, 0, 1, 23, 30);
    const registry = new Registry();
    const metrics = createCollectorMetrics(registry, { clock: { now: () => now } });
    const base: Omit<NetworkStatus, 'networkId' | 'checkpointMs' | 'fetchedToMs'> = { orgId: 'o1', networkName: 'n', checkpointAgeMs: null, freshnessMs: null, lastRunAtMs: null, lastResult: 'ok', lastError: null, pointsWritten: 0, gaps: [] };
    const statuses: NetworkStatus[] = [
      { ...base, networkId: 'N_1', checkpointMs: Date.UTC(2026, 0, 1), fetchedToMs: Date.UTC(2026, 0, 1, 23, 7) },
      { ...base, networkId: 'N_2', checkpointMs: null, fetchedToMs: null },
    ];
    metrics.onNetworkStatuses(statuses);
    now += 60_000;
    const { samples } = parsePromText(await registry.metrics());
    expect(samples.filter((s) => s.name === 'meraki_usage_data_freshness_seconds')).toEqual([{ name: 'meraki_usage_data_freshness_seconds', labels: { org: 'o1', network: 'N_1' }, value: 24 * 60 }]);
    expect(samples.filter((s) => s.name === 'meraki_usage_checkpoint_age_seconds')).toEqual([{ name: 'meraki_usage_checkpoint_age_seconds', labels: { org: 'o1', network: 'N_1' }, value: 23 * 3600 + 31 * 60 }]);
    expect(samples.some((s) => s.name === 'meraki_usage_checkpoint_lag_seconds')).toBe(false);
  });
});
