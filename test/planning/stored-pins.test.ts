import { describe, expect, it } from 'vitest';
import { needsStoredTags, pinnedAfter, pinsFromStored, storedTagsRange } from '../../src/planning/stored-pins.js';
import { pinTags } from '../../src/planning/tag-pins.js';
import { DAY_MS } from '../../src/planning/windows.js';
import type { StoredSeries } from '../../src/sink/stored-usage.js';

const D = 20_000 * DAY_MS;
const series = (client: string, days: number[], ip?: string, ssid?: string): StoredSeries => ({
  tags: { client, ...(ip ? { ip } : {}), ...(ssid ? { ssid } : {}) },
  timesMs: days.map((d) => D + d * DAY_MS),
  recvKb: days.map(() => 1),
  sentKb: days.map(() => 1),
});

describe('pinsFromStored', () => {
  it('a stored day is written again under its stored tags; later days take the current tags', () => {
    const pins = pinsFromStored([series('kb', [1]), series('ka', [2], '10.0.0.2', 'Guest'), series('ka', [0, 1], '10.0.0.1', 'Corp')]);
    expect(pins).toEqual({
      ka: { lastMs: D + 2 * DAY_MS, segs: [[D, '10.0.0.1', 'Corp'], [D + 2 * DAY_MS, '10.0.0.2', 'Guest']] },
      kb: { lastMs: D + DAY_MS, segs: [[D + DAY_MS, '', '']] },
    });
    const now = { ip: '10.9.9.9', ssid: 'New' };
    expect([0, 1, 2, 3].map((d) => pinTags(pins, 'ka', D + d * DAY_MS, now)).map((t) => `${t.ip}/${t.ssid}`)).toEqual([
      '10.0.0.1/Corp',
      '10.0.0.1/Corp',
      '10.0.0.2/Guest',
      '10.9.9.9/New',
    ]);
    expect(pinTags(pins, 'kb', D + DAY_MS, now)).toMatchObject({ ip: '', ssid: '' });
    expect(pinTags(pins, 'knew', D, now)).toMatchObject({ ip: '10.9.9.9', ssid: 'New' });
  });

  it('a day already stored twice keeps the tag set that continues the previous day', () => {
    const pins = pinsFromStored([series('ka', [1], '10.0.0.1'), series('ka', [0, 1, 3], '10.0.0.2')]);
    expect(pins.ka).toEqual({ lastMs: D + 3 * DAY_MS, segs: [[D, '10.0.0.2', '']] });
    expect(pinsFromStored([series('ka', [1], '10.0.0.1'), series('ka', [1], '10.0.0.2')]).ka!.segs).toEqual([[D + DAY_MS, '10.0.0.1', '']]);
  });

  it('no series (or empty ones): no pins', () => {
    expect(pinsFromStored([])).toEqual({});
    expect(pinsFromStored([series('ka', [])])).toEqual({});
  });
});

describe('needsStoredTags', () => {
  const w = { t0Ms: D, t1Ms: D + 2 * DAY_MS + 3_600_000, gap: null };
  it.each([
    { name: 'no state (or an earlier version)', pinned: undefined, want: true },
    { name: 'the next hourly run', pinned: { fromMs: D - 5 * DAY_MS, toMs: w.t1Ms - 3_600_000 }, want: false },
    { name: 'a window starting before what the state knows (backfill)', pinned: { fromMs: D + DAY_MS, toMs: w.t1Ms }, want: true },
    { name: 'the next daily run, a few seconds late', pinned: { fromMs: D - 5 * DAY_MS, toMs: w.t1Ms - DAY_MS - 5000 }, want: false },
    { name: 'a whole day began and ended since the state last wrote (another owner may have)', pinned: { fromMs: D - DAY_MS, toMs: D + 3_600_000 }, want: true },
    { name: 'last wrote at midnight: the day since is still open', pinned: { fromMs: D - DAY_MS, toMs: D + DAY_MS }, want: false },
  ])('$name: $want', ({ pinned, want }) => {
    expect(needsStoredTags(pinned, w)).toBe(want);
  });

  it('the range read and the range known after the run', () => {
    expect(storedTagsRange(w)).toEqual({ fromMs: D - DAY_MS, toMs: w.t1Ms });
    expect(pinnedAfter(undefined, false, w)).toEqual({ fromMs: D - DAY_MS, toMs: w.t1Ms });
    expect(pinnedAfter({ fromMs: D - 9 * DAY_MS, toMs: D }, false, w)).toEqual({ fromMs: D - 9 * DAY_MS, toMs: w.t1Ms });
    expect(pinnedAfter({ fromMs: D - 9 * DAY_MS, toMs: D }, true, w)).toEqual({ fromMs: D - DAY_MS, toMs: w.t1Ms });
  });
});
