import { describe, expect, it } from 'vitest';
import type { ClientPins } from '../../src/planning/network-state.js';
import { pinTags, prunePins } from '../../src/planning/tag-pins.js';

const D = 86_400_000;
const A = { ip: '10.0.0.1', ssid: 'Corp' };
const B = { ip: '10.0.0.2', ssid: 'Guest' };

describe('pinTags', () => {
  it('re-writing a day after the client moved keeps the first tags; new days take the new ones', () => {
    const pins: Record<string, ClientPins> = {};
    expect(pinTags(pins, 'k1', 10 * D, A)).toEqual({ ...A, changed: true });
    expect(pinTags(pins, 'k1', 10 * D, B)).toEqual({ ...A, changed: false }); // the open day, fetched again after a move
    expect(pinTags(pins, 'k1', 11 * D, B)).toEqual({ ...B, changed: true }); // a new day
    expect(pinTags(pins, 'k1', 10 * D, B)).toEqual({ ...A, changed: false }); // still A for day 10
    expect(pinTags(pins, 'k1', 11 * D, A)).toEqual({ ...B, changed: false }); // and B for day 11 even after moving back
    expect(pinTags(pins, 'k1', 12 * D, A)).toEqual({ ...A, changed: true });
    expect(pins.k1).toEqual({ lastMs: 12 * D, segs: [[10 * D, A.ip, A.ssid], [11 * D, B.ip, B.ssid], [12 * D, A.ip, A.ssid]] });
  });

  it('days older than anything written take the first segment (repeatable backfills)', () => {
    const pins: Record<string, ClientPins> = {};
    pinTags(pins, 'k1', 10 * D, A);
    expect(pinTags(pins, 'k1', 5 * D, B)).toMatchObject(A);
    expect(pinTags(pins, 'k1', 5 * D, B)).toMatchObject(A);
  });

  it('clients are independent', () => {
    const pins: Record<string, ClientPins> = {};
    pinTags(pins, 'k1', 10 * D, A);
    expect(pinTags(pins, 'k2', 10 * D, B)).toMatchObject(B);
  });
});

describe('prunePins', () => {
  it('drops clients and segments out of reach, keeping the segment that covers the oldest kept day', () => {
    const pins: Record<string, ClientPins> = {
      gone: { lastMs: 3 * D, segs: [[1 * D, 'x', '']] },
      kept: { lastMs: 50 * D, segs: [[1 * D, 'a', ''], [5 * D, 'b', ''], [40 * D, 'c', '']] },
    };
    prunePins(pins, 20 * D);
    expect(pins).toEqual({ kept: { lastMs: 50 * D, segs: [[5 * D, 'b', ''], [40 * D, 'c', '']] } });
  });
});
