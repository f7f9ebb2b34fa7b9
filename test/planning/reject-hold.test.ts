import { describe, expect, it } from 'vitest';
import { decideRejectHold, MAX_REJECTS_TRACKED } from '../../src/planning/reject-hold.js';

const D = 20_000 * 86_400_000;

describe('decideRejectHold', () => {
  it('holds at the oldest bucket for limit-1 runs, gives up at the limit (once), then never holds again', () => {
    const rejected = new Map([['ka@' + (D + 86_400_000), D + 86_400_000], ['kb@' + D, D]]);
    let prev: Record<string, number> | undefined;
    const seen = [];
    for (let run = 0; run < 5; run++) {
      const r = decideRejectHold(prev, rejected, 3);
      seen.push([r.hold, r.givenUp.length]);
      prev = r.runs ?? undefined;
    }
    expect(seen).toEqual([[D, 0], [D, 0], [null, 2], [null, 0], [null, 0]]);
  });

  it('a run without the record resets its count; nothing rejected: no state', () => {
    const one = new Map([['ka@' + D, D]]);
    const first = decideRejectHold(undefined, one, 3);
    expect(decideRejectHold(first.runs!, new Map(), 3)).toEqual({ hold: null, runs: null, givenUp: [] });
    expect(decideRejectHold(undefined, one, 3).runs).toEqual({ ['ka@' + D]: 1 });
  });

  it("a record without a time holds everything ('all') until given up; limit 0 holds forever", () => {
    const rejected = new Map<string, number | null>([['ka@?', null], ['kb@' + D, D]]);
    expect(decideRejectHold(undefined, rejected, 3).hold).toBe('all');
    expect(decideRejectHold({ 'ka@?': 2, ['kb@' + D]: 1 }, rejected, 3)).toMatchObject({ hold: D, givenUp: ['ka@?'] });
    expect(decideRejectHold({ 'ka@?': 99, ['kb@' + D]: 99 }, rejected, 0)).toMatchObject({ hold: 'all', givenUp: [] });
  });

  it('counts at most MAX_REJECTS_TRACKED records (the oldest); the others hold, uncounted', () => {
    const rejected = new Map<string, number>();
    for (let i = 0; i < MAX_REJECTS_TRACKED + 10; i++) rejected.set(`k${i}@${D + i * 1000}`, D + i * 1000);
    const r = decideRejectHold(undefined, rejected, 1);
    expect(Object.keys(r.runs!)).toHaveLength(MAX_REJECTS_TRACKED);
    expect(r.givenUp).toHaveLength(MAX_REJECTS_TRACKED);
    expect(r.hold).toBe(D + MAX_REJECTS_TRACKED * 1000);
  });
});
