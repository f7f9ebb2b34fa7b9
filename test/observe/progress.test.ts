import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/collector/collector-api.js';
import type { MerakiEvent } from '../../src/meraki/events.js';
import { createProgress } from '../../src/observe/progress.js';
import { createProgressState, formatDuration } from '../../src/observe/progress-state.js';
import { captureLogger } from '../helpers/capture-logger.js';

const T0 = 1_700_000_000_000;
const request = (orgId: string | null, atMs: number): MerakiEvent => ({ type: 'request', orgId, operation: 'usageHistories', status: 200, startedAtMs: atMs, durationMs: 5, attempt: 1 });
const limited = (orgId: string): MerakiEvent => ({ type: 'rateLimited', orgId, operation: 'usageHistories', retryAfterMs: 1000, waitMs: 1000, atMs: T0 });
const soFar = (networks: number, clients: number): RunSummary => ({
  ok: true, startedAtMs: T0, durationMs: 0, organizations: 2, networks, networksFailed: 0, clients,
  requests: 0, rateLimited: 0, retries: 0, points: networks * 100, rejectedRecords: 0, gaps: 0,
  orgsFailed: 0, usagePagesParsedFallback: 0, orgResults: [],
});

describe('progress state', () => {
  it('counts requests in the rate window, the budget of the organizations seen, and the ETA', () => {
    const state = createProgressState({ startedAtMs: T0, ratePerOrgPerSecond: 8, ratePerIpPerSecond: 90, rateWindowSeconds: 10 });
    for (let i = 0; i < 30; i++) state.event(request('o1', T0 + i * 1000)); // 1 request/s for 30 s
    for (let i = 0; i < 20; i++) state.event(request('o2', T0 + 20_000 + i * 500)); // 2/s from 20 s on; the window is (20 s, 30 s]
    state.event(limited('o2'));
    state.event(request(null, T0 + 29_000));
    state.planned(8);
    state.networkDone(soFar(2, 40));
    expect(state.snapshot(T0 + 30_000)).toEqual({
      elapsedMs: 30_000, networksDone: 2, networksTotal: 8, networksFailed: 0, clients: 40, points: 200,
      requests: 51, rateLimited: 1, retries: 0, requestsPerSecond: 2.8, budgetPerSecond: 16, etaMs: 90_000,
    });
  });

  it('caps the budget at the per-IP rate and leaves the ETA unknown until there is a total and progress', () => {
    const state = createProgressState({ startedAtMs: T0, ratePerOrgPerSecond: 8, ratePerIpPerSecond: 20 });
    for (const org of ['a', 'b', 'c']) state.event(request(org, T0));
    expect(state.snapshot(T0 + 1000)).toMatchObject({ budgetPerSecond: 20, etaMs: null, networksTotal: null });
    state.planned(3);
    expect(state.snapshot(T0 + 1000).etaMs).toBeNull();
    state.networkDone(soFar(3, 1));
    expect(state.snapshot(T0 + 1000).etaMs).toBe(0);
  });

  it.each([[null, '?'], [42_000, '42s'], [185_000, '3m05s'], [3_725_000, '1h02m']])('formatDuration(%j) = %s', (ms, want) => {
    expect(formatDuration(ms)).toBe(want);
  });
});

describe('progress display', () => {
  it('not a TTY: plain log lines with the counters', () => {
    const logger = captureLogger();
    let now = T0;
    const stream = Object.assign(new PassThrough(), { isTTY: false });
    const progress = createProgress({ ratePerOrgPerSecond: 8, ratePerIpPerSecond: 90, logger, stream, clock: { now: () => now }, logIntervalMs: 0, label: 'backfill' });
    try {
      progress.onPlanned(4);
      progress.onMerakiEvent(request('o1', T0));
      progress.onMerakiEvent(limited('o1'));
      now += 20_000;
      progress.onNetworkDone(soFar(1, 25));
      progress.logNow();
    } finally {
      progress.stop();
    }
    expect(stream.read()).toBeNull();
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({
      level: 'info',
      msg: 'backfill progress',
      fields: { networksDone: 1, networksTotal: 4, clients: 25, requests: 1, rateLimited: 1, budgetPerSecond: 8, etaMs: 60_000, eta: '1m00s' },
    });
  });

  it('a TTY: a cli-progress bar with networks, clients, requests, rate against the budget, 429s and ETA', () => {
    const chunks: string[] = [];
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 200 });
    stream.on('data', (c: Buffer) => chunks.push(c.toString()));
    let now = T0;
    const logger = captureLogger();
    const progress = createProgress({ ratePerOrgPerSecond: 8, ratePerIpPerSecond: 90, logger, stream, clock: { now: () => now } });
    try {
      progress.onPlanned(4);
      for (let i = 0; i < 6; i++) progress.onMerakiEvent(request('o1', T0 + i * 1000));
      progress.onMerakiEvent(limited('o1'));
      now += 10_000;
      progress.onNetworkDone(soFar(2, 50));
    } finally {
      progress.stop();
    }
    const out = chunks.join('');
    expect(out).toContain('run ');
    expect(out).toMatch(/2\/4 networks \| 50 clients \| 6 req \| 0\.5\/8 req\/s \| 1 429s \| ETA 10s/);
    expect(logger.lines).toEqual([]);
  });
});
