import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/collector/collector-api.js';
import type { ScheduleFn } from '../../src/scheduler/cron-schedule.js';
import type { SignalSource } from '../../src/scheduler/scheduler.js';
import { fakeCollector, OK_SUMMARY } from './fake-collector.js';
import { runCli } from './run-cli.js';

const KEY = 'f'.repeat(40);
const ENV = { MERAKI_API_KEY: KEY, COLLECTOR_HTTP_PORT: '0' };
const clock = { now: () => Date.UTC(2024, 4, 10, 12) };

describe('once and backfill', () => {
  it('once: an incremental run, the summary on stdout, exit 0, collector closed', async () => {
    const { factory, calls } = fakeCollector();
    const r = await runCli(['once'], { env: ENV, createCollector: factory });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'run ok: 1 organization, 3 networks (0 failed), 150 clients, 12 requests (1 rate-limited, 2 retries), ' +
        '4650 points written, 0 rejected records, 0 gaps, 1.5 s\n',
    );
    expect(calls.runs[0]?.mode).toBe('incremental');
    expect(calls.deps[0]?.config.meraki.apiKey).toBe(KEY);
    expect(calls.closed).toBe(1);
  });

  it('exit 1 when the run failed', async () => {
    const failed: RunSummary = { ...OK_SUMMARY, ok: false, networksFailed: 1 };
    const { factory, calls } = fakeCollector({ runOnce: () => Promise.resolve(failed) });
    const r = await runCli(['once'], { env: ENV, createCollector: factory });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('run FAILED');
    expect(calls.closed).toBe(1);
  });

  it('backfill --since passes the mode and the UTC midnight', async () => {
    const { factory, calls } = fakeCollector();
    const r = await runCli(['backfill', '--since', '2024-05-01'], { env: ENV, createCollector: factory, clock });
    expect(r.code).toBe(0);
    expect(calls.runs[0]).toMatchObject({ mode: 'backfill', sinceMs: Date.UTC(2024, 4, 1) });
    const all = fakeCollector();
    await runCli(['backfill'], { env: ENV, createCollector: all.factory, clock });
    expect(all.calls.runs[0]?.mode).toBe('backfill');
    expect(all.calls.runs[0]?.sinceMs).toBeUndefined();
  });

  it('SIGINT aborts the run signal and still closes', async () => {
    const signals = new EventEmitter();
    const { factory, calls } = fakeCollector({
      runOnce: (o) =>
        new Promise((resolve) => {
          o.signal?.addEventListener('abort', () => resolve({ ...OK_SUMMARY, ok: false }));
          signals.emit('SIGINT');
        }),
    });
    const r = await runCli(['once'], { env: ENV, createCollector: factory, signals: signals as unknown as SignalSource });
    expect(r.code).toBe(1);
    expect(calls.runs[0]?.signal?.aborted).toBe(true);
    expect(calls.closed).toBe(1);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});

describe('run (daemon)', () => {
  it('runs on ticks, never two at once, and exits 0 after SIGTERM', async () => {
    const signals = new EventEmitter();
    const ticks: (() => void)[] = [];
    const schedule: ScheduleFn = (_cron, _tz, onTick) => {
      ticks.push(onTick);
      return { stop: () => {}, nextRunAt: () => null };
    };
    let release: () => void = () => {};
    const { factory, calls } = fakeCollector({
      runOnce: () => new Promise<RunSummary>((resolve) => (release = () => resolve(OK_SUMMARY))),
    });
    const env = { ...ENV, COLLECTOR_RUN_AT_START: 'false', LOG_FORMAT: 'json' };
    const done = runCli(['run'], { env, createCollector: factory, schedule, signals: signals as unknown as SignalSource });
    await waitFor(() => ticks.length === 1);
    ticks[0]?.();
    ticks[0]?.();
    expect(calls.runs).toHaveLength(1);
    signals.emit('SIGTERM');
    expect(calls.runs[0]?.signal?.aborted).toBe(true);
    release();
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('run skipped: the previous run is still going');
    expect(r.stderr).toContain('scheduler stopped');
    expect(r.stderr).not.toContain(KEY);
  });
});

describe('status and check', () => {
  const status = [
    {
      orgId: 'o1', networkId: 'L_1', networkName: 'Branch', checkpointMs: Date.UTC(2024, 4, 10), checkpointAgeMs: 12 * 3600_000,
      fetchedToMs: Date.UTC(2024, 4, 10, 10), freshnessMs: 2 * 3600_000 + 5 * 60_000, lastRunAtMs: Date.UTC(2024, 4, 10, 11), lastResult: 'failed' as const, lastError: 'sink: 503\nService Unavailable',
      pointsWritten: 4650, gaps: [{ fromMs: Date.UTC(2024, 2, 1), toMs: Date.UTC(2024, 2, 20) }],
    },
    {
      orgId: 'o1', networkId: 'L_2', networkName: 'L_2', checkpointMs: null, checkpointAgeMs: null, fetchedToMs: null, freshnessMs: null, lastRunAtMs: null,
      lastResult: null, lastError: null, pointsWritten: 0, gaps: [],
    },
  ];

  it('status prints a table', async () => {
    const r = await runCli(['status'], { env: {}, createCollector: fakeCollector({ status }).factory });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ORG\s+NETWORK\s+FRESHNESS\s+CHECKPOINT \(UTC\)\s+CHECKPOINT AGE\s+LAST RESULT\s+LAST ERROR\s+POINTS\s+GAPS$/);
    expect(lines[1]).toMatch(/^o1\s+Branch \(L_1\)\s+2h 5m\s+2024-05-10 00:00\s+12h 0m\s+failed 2024-05-10 11:00\s+sink: 503 Service Unavailable\s+4650\s+1 \(2024-03-01 00:00\.\.2024-03-20 00:00\)$/);
    expect(lines[2]).toMatch(/^o1\s+L_2\s+-\s+-\s+-\s+-\s+-\s+0\s+0$/);
  });

  it('status --json prints the statuses', async () => {
    const r = await runCli(['status', '--json'], { env: {}, createCollector: fakeCollector({ status }).factory });
    expect(JSON.parse(r.stdout)).toEqual(status);
  });

  it('status says so when nothing was collected', async () => {
    const r = await runCli(['status'], { env: {}, createCollector: fakeCollector().factory });
    expect(r.stdout).toContain('no network collected yet');
  });

  it('check prints the report line by line, redacted, exit 0 or 1', async () => {
    const ok = await runCli(['check'], {
      env: ENV, createCollector: fakeCollector({ check: { ok: true, lines: ['meraki: ok', `key ${KEY}`] } }).factory,
    });
    expect(ok).toMatchObject({ code: 0, stdout: 'meraki: ok\nkey ***\ncheck ok\n' });
    const bad = await runCli(['check'], {
      env: ENV, createCollector: fakeCollector({ check: { ok: false, lines: ['FAIL sink: refused'] } }).factory,
    });
    expect(bad).toMatchObject({ code: 1, stdout: 'FAIL sink: refused\ncheck FAILED\n' });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setImmediate(r));
}
