import { describe, expect, it } from 'vitest';
import type { ClientPins } from '../../src/planning/network-state.js';
import { pinTagsInto } from '../../src/planning/tag-pins.js';
import { encodeUsagePage, type PointTags } from '../../src/transform/encode-usage-page.js';
import { encodeUsagePoints } from '../../src/transform/line-protocol.js';
import { toPoints, type PointContext } from '../../src/transform/usage-to-points.js';

const D = 86_400;
const record = (clientId: string, usageHistory: unknown, extra: Record<string, unknown> = {}) => ({
  clientId,
  clientIp: '10.0.0.5',
  clientMac: '22:33:44:55:66:77',
  usageHistory,
  ...extra,
});
const bucket = (day: number, recv: unknown = 1.5, sent: unknown = 2) => ({ ts: new Date((1518307200 + day * D) * 1000).toISOString(), recv, sent });

const pages: [string, unknown[], PointContext][] = [
  ['empty page', [], { org: 'o1', network: 'N_1' }],
  ['two clients', [record('k1', [bucket(0), bucket(1, 0, 0.25)]), record('k2', [bucket(0, '12.5', '3e2')])], { org: 'o1', network: 'N_1' }],
  ['bad records and buckets', ['oops', record('k1', [null, bucket(0, -1), { recv: 1, sent: 1 }, bucket(1)]), record('', []), record('k3', [bucket(2)], { clientMac: null })], { org: 'o1', network: 'N_1' }],
  ['escaped tags, no ip', [record('k 1', [bucket(0)], { clientIp: null, clientMac: 'a,b=c' })], { org: 'o 1', network: 'N=1', ssidOf: () => 'Corp WiFi' }],
  ['per-SSID measurement', [record('k1', [bucket(0)]), record('k2', [bucket(1)])], { org: 'o1', network: 'N_1', ssidNumber: 3, ssidOf: (id) => (id === 'k1' ? 'Guest' : undefined) }],
  ['the same ts at a bucket index, then another (ts cache)', [record('k1', [bucket(0), bucket(1)]), record('k2', [bucket(0), bucket(1)]), record('k3', [bucket(1), bucket(0)]), record('k4', [{ ts: 'bad', recv: 1, sent: 1 }, bucket(1)])], { org: 'o1', network: 'N_1' }],
  ['same client twice with another mac', [record('k1', [bucket(0)]), record('k1', [bucket(1)], { clientMac: 'aa:bb' })], { org: 'o1', network: 'N_1' }],
];

describe('encodeUsagePage', () => {
  it.each(pages)('%s: the lines and rejects of toPoints + encodeUsagePoints', (_name, items, ctx) => {
    const { points, rejects } = toPoints(items, ctx);
    const page = encodeUsagePage(items, ctx);
    expect(page.lines).toEqual(encodeUsagePoints(points));
    expect(page.rejects).toEqual(rejects);
    expect(page.newestMs).toBe(points.length === 0 ? null : Math.max(...points.map((p) => p.timeSeconds * 1000)));
    expect(page.pinsChanged).toBe(false);
  });

  it('reads each ts, whatever the same bucket index held in the record before', () => {
    const items = [record('k1', [bucket(0), bucket(1)]), record('k2', [bucket(1), bucket(0)]), record('k3', [bucket(2), bucket(1)])];
    const seconds = encodeUsagePage(items, { org: 'o1', network: 'N_1' }).lines.map((l) => Number(l.split(' ')[2]) - 1518307200);
    expect(seconds).toEqual([0, D, D, 0, 2 * D, D]);
  });

  it('pins each point before encoding it, and reports a change', () => {
    const pins: Record<string, ClientPins> = { k1: { lastMs: 1518307200_000 + D * 1000, segs: [[0, '10.9.9.9', '']] } };
    const pin = (client: string, dayMs: number, tags: PointTags) => pinTagsInto(pins, client, dayMs, tags);
    const items = [record('k1', [bucket(0), bucket(1), bucket(2)])];
    const page = encodeUsagePage(items, { org: 'o1', network: 'N_1' }, pin);
    expect(page.lines.map((l) => l.split(',')[2])).toEqual(['ip=10.9.9.9', 'ip=10.9.9.9', 'ip=10.0.0.5']);
    expect(page.pinsChanged).toBe(true);
    expect(encodeUsagePage(items, { org: 'o1', network: 'N_1' }, pin).pinsChanged).toBe(false);
  });
});

describe('pinTagsInto', () => {
  it.each<[string, Record<string, ClientPins>, number, PointTags]>([
    ['a new client takes the current tags', {}, 10, { ip: 'A', ssid: 's', changed: true }],
    ['an old day takes its segment', { k: { lastMs: 20, segs: [[5, 'X', 'x'], [15, 'Y', 'y']] } }, 10, { ip: 'X', ssid: 'x', changed: false }],
    ['a new day takes the current tags', { k: { lastMs: 20, segs: [[5, 'X', 'x']] } }, 30, { ip: 'A', ssid: 's', changed: true }],
  ])('%s', (_name, pins, dayMs, expected) => {
    const tags: PointTags = { ip: 'A', ssid: 's', changed: false };
    pinTagsInto(pins, 'k', dayMs, tags);
    expect(tags).toEqual(expected);
  });
});
