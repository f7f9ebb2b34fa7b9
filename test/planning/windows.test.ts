import { describe, expect, it } from 'vitest';
import { DAY_MS, LOOKBACK_MARGIN_MS, nextCheckpoint, planWindow } from '../../src/planning/windows.js';

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
