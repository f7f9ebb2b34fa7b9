import { describe, expect, it } from 'vitest';
import type { NetworkStatus, RunSummary } from '../../src/collector/collector-api.js';
import { createHealthTracker, FIRST_RUN_IN_PROGRESS } from '../../src/observe/health.js';
import { createLivenessTracker } from '../../src/observe/liveness.js';
import { runSummary } from '../helpers/run-summary.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 23, 0);

function manualClock(start = T0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('liveness (injected clock)', () => {
  it('a run that moves stays live however long it takes; one without progress past the limit is wedged', () => {
    const clock = manualClock();
    const live = createLivenessTracker({ stallLimitMs: 15 * MIN, expectedIntervalMs: 120 * MIN, clock });
    expect(live.check()).toMatchObject({ live: true, runInProgress: false });
    live.onRunStart();
    for (let i = 0; i < 20; i++) {
      clock.advance(14 * MIN);
      expect(live.check().live).toBe(true);
      live.onProgress();
    }
    clock.advance(15 * MIN);
    expect(live.check()).toMatchObject({ live: true, lastProgressAtMs: T0 + 280 * MIN });
    clock.advance(1);
    const wedged = live.check();
    expect(wedged).toMatchObject({ live: false, runInProgress: true, runStartedAtMs: T0 });
    expect(wedged.reason).toBe('wedged: the run started 17700 s ago has made no progress for 900 s (limit 900 s, schedule.stallLimitSeconds)');
    live.onProgress();
    expect(live.check().live).toBe(true);
    live.onRunEnd();
    clock.advance(60 * MIN);
    expect(live.check()).toMatchObject({ live: true, runInProgress: false, reason: null });
  });

  it('idle longer than the expected interval: the scheduler stopped firing', () => {
    const clock = manualClock();
    const live = createLivenessTracker({ stallLimitMs: 15 * MIN, expectedIntervalMs: 120 * MIN, clock });
    clock.advance(120 * MIN);
    expect(live.check().live).toBe(true);
    clock.advance(MIN);
    expect(live.check()).toMatchObject({ live: false, reason: 'the scheduler has started no run for 7260 s, more than the expected 7200 s' });
    live.onRunStart();
    live.onRunEnd();
    expect(live.check().live).toBe(true);
    live.onSchedulerStopped();
    expect(live.check()).toMatchObject({ live: false, reason: 'the scheduler has stopped' });
  });

  it('progress outside a run is ignored (it cannot hide a wedge of the next run)', () => {
    const clock = manualClock();
    const live = createLivenessTracker({ stallLimitMs: 15 * MIN, expectedIntervalMs: 120 * MIN, clock });
    live.onProgress();
    expect(live.check().lastProgressAtMs).toBeNull();
  });
});

describe('readiness: first run, freshness, every reason', () => {
  const summary = (startedAtMs: number, over: Partial<RunSummary> = {}): RunSummary =>
    runSummary({ startedAtMs, durationMs: 5 * MIN, organizations: 1, networks: 2, clients: 3, requests: 4, points: 9, ...over });
  const status = (networkId: string, fetchedToMs: number | null): NetworkStatus => ({
    orgId: 'o1', networkId, networkName: networkId, checkpointMs: null, checkpointAgeMs: null, fetchedToMs, freshnessMs: null,
    lastRunAtMs: null, lastResult: 'ok', lastError: null, pointsWritten: 0, gaps: [],
  });

  it('says "first run in progress" while the first run goes, then judges freshness per network', async () => {
    const clock = manualClock();
    const ready = createHealthTracker({ expectedIntervalMs: 120 * MIN, sink: { ping: async () => {} }, clock });
    expect((await ready.check()).reason).toBe('no run has finished yet');
    ready.onRunStart();
    expect(await ready.check()).toMatchObject({ healthy: false, firstRunInProgress: true, reason: FIRST_RUN_IN_PROGRESS });
    clock.advance(5 * MIN);
    ready.onRunDone(summary(T0));
    ready.onNetworkStatuses([status('L_1', T0), status('L_2', T0 - 90 * MIN), status('L_3', null)]);
    expect(await ready.check()).toMatchObject({ healthy: true, firstRunInProgress: false, stalestNetwork: { org: 'o1', network: 'L_2', freshnessSeconds: 95 * 60 } });
    clock.advance(26 * MIN);
    const stale = await ready.check();
    expect(stale).toMatchObject({ healthy: false, reasons: ['the data of network L_2 is 7260 s old, more than the expected 7200 s'] });
    ready.onRunStart();
    expect((await ready.check()).firstRunInProgress).toBe(false);
  });

  it('a first run that ended without a summary (it threw) is no longer "in progress"', async () => {
    const ready = createHealthTracker({ expectedIntervalMs: 120 * MIN, sink: { ping: async () => {} }, clock: manualClock() });
    ready.onRunStart();
    expect((await ready.check()).firstRunInProgress).toBe(true);
    ready.onRunEnd();
    expect(await ready.check()).toMatchObject({ healthy: false, firstRunInProgress: false, reason: 'no run has finished yet' });
  });
});
