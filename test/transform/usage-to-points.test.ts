import { describe, expect, it } from 'vitest';
import { parseTimestampSeconds } from '../../src/transform/parse-timestamp.js';
import { toPoints, type PointContext } from '../../src/transform/usage-to-points.js';

const ctx: PointContext = { org: 'o1', network: 'N_1' };
const record = (usageHistory: unknown, extra: Record<string, unknown> = {}) => ({
  clientId: 'k74272e',
  clientIp: '10.0.0.5',
  clientMac: '22:33:44:55:66:77',
  usageHistory,
  ...extra,
});

describe('parseTimestampSeconds', () => {
  it.each([
    ['2018-02-11T00:00:00.090210Z', 1518307200],
    ['2018-02-11T00:00:00Z', 1518307200],
    ['2018-02-11T00:00:00.999999999Z', 1518307200],
    ['2018-02-11T00:00:59.5Z', 1518307259],
    ['2018-02-11', 1518307200],
    ['2018-02-11T00:00:00', 1518307200],
    ['2018-02-11T00:00Z', 1518307200],
    ['2018-02-11T01:00:00+01:00', 1518307200],
    ['2018-02-10T19:00:00.5-05:00', 1518307200],
    ['2018-02-10T19:00:00-0500', 1518307200],
    ['1969-12-31T23:59:59.5Z', -1],
    ['2018-02-11t00:00:00z', 1518307200],
    ['2018-02-11 00:00:00,5Z', 1518307200],
  ])('%s -> %d', (text, seconds) => {
    expect(parseTimestampSeconds(text)).toBe(seconds);
  });

  it.each(['', 'yesterday', '2018-02-30T00:00:00Z', '2018-13-01', '2018-00-10', '2018-02-11T24:00:00Z', '2018-02-11T00:60Z', '2018-02-11T00:00:00+25:00', '2018-02-11T00:00:00+01', '2018-02-11T00:00:00Zjunk', '2018-02-11T00:00:00.Z', '2018-02-11T00:00:0Z', '2018-02-11T', '1518307200', ' 2018-02-11', '2018-02-11 ', '+12018-02-11'])(
    'rejects %j',
    (text) => {
      expect(parseTimestampSeconds(text)).toBeUndefined();
    },
  );
});

describe('toPoints', () => {
  it('builds one point per client and bucket with the context tags', () => {
    const { points, rejects } = toPoints(
      [record([{ ts: '2018-02-11T00:00:00.090210Z', recv: 12.5, sent: 3 }, { ts: '2018-02-12T00:00:00Z', recv: 0, sent: 0.25 }])],
      { ...ctx, ssidOf: (id) => (id === 'k74272e' ? 'Corp WiFi' : undefined) },
    );
    expect(rejects).toEqual([]);
    expect(points).toEqual([
      { timeSeconds: 1518307200, org: 'o1', network: 'N_1', client: 'k74272e', mac: '22:33:44:55:66:77', ip: '10.0.0.5', ssid: 'Corp WiFi', recvKb: 12.5, sentKb: 3 },
      { timeSeconds: 1518393600, org: 'o1', network: 'N_1', client: 'k74272e', mac: '22:33:44:55:66:77', ip: '10.0.0.5', ssid: 'Corp WiFi', recvKb: 0, sentKb: 0.25 },
    ]);
  });

  it.each<[string, Record<string, unknown>, { recvKb: number; sentKb: number }]>([
    ['recv', { recv: 1.5, sent: 2 }, { recvKb: 1.5, sentKb: 2 }],
    ['received', { received: 7.125, sent: 0 }, { recvKb: 7.125, sentKb: 0 }],
    ['recv wins over received', { recv: 1, received: 9, sent: 0 }, { recvKb: 1, sentKb: 0 }],
    ['recv null falls back to received', { recv: null, received: 4, sent: 1 }, { recvKb: 4, sentKb: 1 }],
    ['fractional kilobytes kept', { recv: 0.000123, sent: 123456789.987654 }, { recvKb: 0.000123, sentKb: 123456789.987654 }],
    ['numeric strings', { recv: '12.5', sent: '3e2' }, { recvKb: 12.5, sentKb: 300 }],
  ])('usage: %s', (_name, usage, expected) => {
    const { points, rejects } = toPoints([record([{ ts: '2018-02-11T00:00:00Z', ...usage }])], ctx);
    expect(rejects).toEqual([]);
    expect(points[0]).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['negative recv', { ts: '2018-02-11T00:00:00Z', recv: -1, sent: 0 }, /invalid recv\/received: -1/],
    ['negative sent', { ts: '2018-02-11T00:00:00Z', recv: 1, sent: -0.5 }, /invalid sent: -0.5/],
    ['missing recv', { ts: '2018-02-11T00:00:00Z', sent: 1 }, /invalid recv\/received: missing/],
    ['missing sent', { ts: '2018-02-11T00:00:00Z', recv: 1 }, /invalid sent: missing/],
    ['NaN-like string', { ts: '2018-02-11T00:00:00Z', recv: 'NaN', sent: 1 }, /invalid recv\/received: "NaN"/],
    ['Infinity string', { ts: '2018-02-11T00:00:00Z', recv: 1, sent: 'Infinity' }, /invalid sent/],
    ['huge exponent', { ts: '2018-02-11T00:00:00Z', recv: '1e999', sent: 1 }, /invalid recv/],
    ['boolean', { ts: '2018-02-11T00:00:00Z', recv: true, sent: 1 }, /invalid recv\/received: boolean/],
    ['object', { ts: '2018-02-11T00:00:00Z', recv: 1, sent: { kb: 1 } }, /invalid sent: object/],
    ['null sent', { ts: '2018-02-11T00:00:00Z', recv: 1, sent: null }, /invalid sent: null/],
    ['missing ts', { recv: 1, sent: 1 }, /no ts \(missing\)/],
    ['numeric ts', { ts: 1518307200, recv: 1, sent: 1 }, /no ts \(1518307200\)/],
    ['unparsable ts', { ts: 'Feb 11th', recv: 1, sent: 1 }, /not an ISO 8601 instant/],
  ])('rejects only the bad bucket: %s', (_name, bad, reason) => {
    const good = { ts: '2018-02-12T00:00:00Z', recv: 1, sent: 2 };
    const { points, rejects } = toPoints([record([bad, good]), record([good], { clientId: 'k2' })], ctx);
    expect(points.map((p) => [p.client, p.timeSeconds])).toEqual([
      ['k74272e', 1518393600],
      ['k2', 1518393600],
    ]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]?.clientId).toBe('k74272e');
    expect(rejects[0]?.reason).toMatch(reason);
    if (typeof bad['ts'] === 'string') expect(rejects[0]?.ts).toBe(bad['ts']);
  });

  it.each<[string, unknown, { clientId?: string; reason: RegExp }]>([
    ['not an object', 'oops', { reason: /record 0 is not an object/ }],
    ['null', null, { reason: /not an object/ }],
    ['an array', [1, 2], { reason: /not an object/ }],
    ['no clientId', record([], { clientId: undefined }), { reason: /record 0 has no clientId/ }],
    ['empty clientId', record([], { clientId: '' }), { reason: /no clientId/ }],
    ['numeric clientId', record([], { clientId: 42 }), { reason: /no clientId/ }],
    ['no clientMac', record([], { clientMac: null }), { clientId: 'k74272e', reason: /no clientMac/ }],
    ['usageHistory missing', record(undefined), { clientId: 'k74272e', reason: /usageHistory is not an array/ }],
    ['usageHistory an object', record({ ts: 'x' }), { clientId: 'k74272e', reason: /not an array/ }],
  ])('rejects only the bad record: %s', (_name, bad, expected) => {
    const good = record([{ ts: '2018-02-11T00:00:00Z', recv: 1, sent: 2 }], { clientId: 'kgood' });
    const { points, rejects } = toPoints([bad, good], ctx);
    expect(points.map((p) => p.client)).toEqual(['kgood']);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]?.clientId).toBe(expected.clientId);
    expect(rejects[0]?.reason).toMatch(expected.reason);
  });

  it('a non-object bucket is rejected on its own', () => {
    const { points, rejects } = toPoints([record([null, 5, { ts: '2018-02-11T00:00:00Z', recv: 1, sent: 1 }])], ctx);
    expect(points).toHaveLength(1);
    expect(rejects.map((r) => r.reason)).toEqual(['usage bucket is not an object', 'usage bucket is not an object']);
  });

  it.each<[string, unknown, string]>([
    ['null ip', null, ''],
    ['missing ip', undefined, ''],
    ['numeric ip', 7, ''],
    ['string ip', '192.168.1.2', '192.168.1.2'],
  ])('ip: %s', (_name, clientIp, ip) => {
    const { points } = toPoints([record([{ ts: '2018-02-11T00:00:00Z', recv: 1, sent: 1 }], { clientIp })], ctx);
    expect(points[0]?.ip).toBe(ip);
  });

  it('ssid is empty without ssidOf or when it knows nothing; ssidNumber marks the per-SSID measurement', () => {
    const items = [record([{ ts: '2018-02-11T00:00:00Z', recv: 1, sent: 1 }])];
    expect(toPoints(items, ctx).points[0]?.ssid).toBe('');
    expect(toPoints(items, { ...ctx, ssidOf: () => undefined }).points[0]?.ssid).toBe('');
    const split = toPoints(items, { ...ctx, ssidNumber: 3, ssidOf: () => 'Guest' }).points[0];
    expect(split).toMatchObject({ ssidNumber: 3, ssid: 'Guest' });
    expect(toPoints(items, ctx).points[0]).not.toHaveProperty('ssidNumber');
  });

  it('ts jitter within a second gives the same timestamp', () => {
    const { points } = toPoints(
      [
        record([{ ts: '2018-02-11T00:00:00.000Z', recv: 1, sent: 1 }]),
        record([{ ts: '2018-02-11T00:00:00.917342Z', recv: 1, sent: 1 }], { clientId: 'k2' }),
      ],
      ctx,
    );
    expect(points.map((p) => p.timeSeconds)).toEqual([1518307200, 1518307200]);
  });

  it('an empty page gives nothing', () => {
    expect(toPoints([], ctx)).toEqual({ points: [], rejects: [] });
  });
});

describe('parseTimestampSeconds agrees with Date.parse', () => {
  it('on every day from 1970 to 2100 and on leap days', () => {
    for (let ms = 0; ms < Date.UTC(2100, 0, 1); ms += 86_400_000 * 3 + 3_723_000) {
      const iso = new Date(ms).toISOString(); // 1970-01-01T00:00:00.000Z
      expect(parseTimestampSeconds(iso)).toBe(Math.floor(ms / 1000));
    }
    expect(parseTimestampSeconds('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29) / 1000);
    expect(parseTimestampSeconds('2100-02-29T00:00:00Z')).toBeUndefined();
    expect(parseTimestampSeconds('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 1000);
  });
});
