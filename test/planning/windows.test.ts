import { describe, expect, it } from 'vitest';
import { DAY_MS, LOOKBACK_MARGIN_MS, nextCheckpoint, planWindow, settleStartMs } from '../../src/planning/windows.js';

const now = Date.UTC(2026, 10, 26, 14, 0, 0);
const lookbackSeconds = 31 * 86_400;
const oldest = now - 31 * DAY_MS + LOOKBACK_MARGIN_MS;

describe('planWindow', () => {
  it.each([
    { name: 'first run backfills the lookback', checkpointMs: null, t0: oldest, gap: null },
    { name: 'checkpoint within reach is t0', checkpointMs: now - 3 * DAY_MS, t0: now - 3 * DAY_MS, gap: null },
    { name: 'checkpoint out of reach is a gap', checkpointMs: now - 40 * DAY_MS, t0: oldest, gap: { fromMs: now - 40 * DAY_MS, toMs: oldest } },
    { name: 'a checkpoint in the future is clamped to now', checkpointMs: now + DAY_MS, t0: now, gap: null },
  ])('incremental: $name', ({ checkpointMs, t0, gap }) => {
    const w = planWindow({ checkpointMs, nowMs: now, lookbackSeconds, mode: 'incremental' });
    expect(w).toEqual({ t0Ms: t0, t1Ms: now, gap });
  });

  it.each([
    { name: 'whole lookback by default', checkpointMs: now - DAY_MS, sinceMs: undefined, t0: oldest, gap: null },
    { name: '--since within reach', checkpointMs: now - DAY_MS, sinceMs: now - 5 * DAY_MS, t0: now - 5 * DAY_MS, gap: null },
    { name: '--since before collected data loses nothing', checkpointMs: now - DAY_MS, sinceMs: now - 90 * DAY_MS, t0: oldest, gap: null },
    { name: '--since never collected out of reach', checkpointMs: null, sinceMs: now - 90 * DAY_MS, t0: oldest, gap: { fromMs: now - 90 * DAY_MS, toMs: oldest } },
    { name: 'stale checkpoint is still a gap', checkpointMs: now - 60 * DAY_MS, sinceMs: undefined, t0: oldest, gap: { fromMs: now - 60 * DAY_MS, toMs: oldest } },
  ])('backfill: $name', ({ checkpointMs, sinceMs, t0, gap }) => {
    const w = planWindow({ checkpointMs, nowMs: now, lookbackSeconds, mode: 'backfill', ...(sinceMs === undefined ? {} : { sinceMs }) });
    expect(w).toEqual({ t0Ms: t0, t1Ms: now, gap });
  });
});

describe('planWindow: settle window', () => {
  const today = Date.UTC(2026, 10, 26);
  it.each([
    { name: 'hourly run: t0 goes back 2 closed days before today', checkpointMs: today, settleDays: 2, t0: today - 2 * DAY_MS },
    { name: 'an older checkpoint stays t0 (the earlier of the two)', checkpointMs: today - 5 * DAY_MS, settleDays: 2, t0: today - 5 * DAY_MS },
    { name: 'settleDays 0 is off', checkpointMs: today, settleDays: 0, t0: today },
    { name: 'a checkpoint in the future', checkpointMs: now + DAY_MS, settleDays: 1, t0: today - DAY_MS },
  ])('incremental: $name', ({ checkpointMs, settleDays, t0 }) => {
    expect(planWindow({ checkpointMs, nowMs: now, lookbackSeconds, mode: 'incremental', settleDays })).toEqual({ t0Ms: t0, t1Ms: now, gap: null });
  });

  it('clamped to the lookback', () => {
    const w = planWindow({ checkpointMs: today, nowMs: now, lookbackSeconds: 5 * 86_400, mode: 'incremental', settleDays: 30 });
    expect(w.t0Ms).toBe(now - 5 * DAY_MS + LOOKBACK_MARGIN_MS);
  });

  it('a stale checkpoint is still a gap (the settle window never hides one); backfill --since gets it too', () => {
    const stale = planWindow({ checkpointMs: now - 40 * DAY_MS, nowMs: now, lookbackSeconds, mode: 'incremental', settleDays: 2 });
    expect(stale).toEqual({ t0Ms: oldest, t1Ms: now, gap: { fromMs: now - 40 * DAY_MS, toMs: oldest } });
    const since = planWindow({ checkpointMs: today, nowMs: now, lookbackSeconds, mode: 'backfill', sinceMs: now - 3_600_000, settleDays: 2 });
    expect(since).toEqual({ t0Ms: today - 2 * DAY_MS, t1Ms: now, gap: null });
  });

  it('settleStartMs: UTC day starts; 0 = never', () => {
    expect(settleStartMs(today, 2)).toBe(today - 2 * DAY_MS);
    expect(settleStartMs(today + DAY_MS - 1, 1)).toBe(today - DAY_MS);
    expect(settleStartMs(now, 0)).toBe(Infinity);
  });
});

describe('nextCheckpoint', () => {
  it.each([
    { prev: null, newest: 1000 * DAY_MS, t1: 1001 * DAY_MS, want: 1000 * DAY_MS },
    { prev: 1000 * DAY_MS, newest: 999 * DAY_MS, t1: 1001 * DAY_MS, want: 1000 * DAY_MS },
    { prev: null, newest: null, t1: 1001 * DAY_MS + 5, want: 1000 * DAY_MS + 5 },
    { prev: 1000 * DAY_MS + 10, newest: null, t1: 1001 * DAY_MS, want: 1000 * DAY_MS + 10 },
  ])('prev $prev newest $newest -> $want (never backwards)', ({ prev, newest, t1, want }) => {
    expect(nextCheckpoint(prev, newest, t1)).toBe(want);
  });
});
