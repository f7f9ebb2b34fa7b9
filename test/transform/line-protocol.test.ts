import { Point } from '@influxdata/influxdb-client';
import { describe, expect, it } from 'vitest';
import { encodeLine, encodeUsagePoint, encodeUsagePoints, escapeMeasurement, escapeTag, formatFloat } from '../../src/transform/line-protocol.js';
import type { UsagePoint } from '../../src/transform/usage-point.js';

const base: UsagePoint = {
  timeSeconds: 1518307200,
  org: 'o1',
  network: 'N_1',
  client: 'k74272e',
  mac: '22:33:44:55:66:77',
  ip: '10.0.0.5',
  ssid: 'Corp',
  recvKb: 12.5,
  sentKb: 3,
};

describe('escapeTag', () => {
  it.each([
    ['plain', 'plain'],
    ['a b', 'a\\ b'],
    ['a,b', 'a\\,b'],
    ['a=b', 'a\\=b'],
    ['My SSID, 5=GHz', 'My\\ SSID\\,\\ 5\\=GHz'],
    ['a\\b', 'a\\b'],
    ['C:\\dir\\x', 'C:\\dir\\x'],
    ['a\\,b', 'a/\\,b'],
    ['a\\ b', 'a/\\ b'],
    ['a\\=b', 'a/\\=b'],
    ['a\\\\b', 'a/\\b'],
    ['trailing\\', 'trailing/'],
    ['line\nbreak\r\ttab', 'line\\ break\\ \\ tab'],
    ['"quoted"', '"quoted"'],
    ['ünïcödé 📶', 'ünïcödé\\ 📶'],
  ])('%j -> %j', (value, escaped) => {
    expect(escapeTag(value)).toBe(escaped);
  });

  it('measurements escape commas and spaces but not equals signs', () => {
    expect(escapeMeasurement('a b,c=d')).toBe('a\\ b\\,c=d');
  });
});

describe('encodeUsagePoint', () => {
  it('writes the measurement, sorted tags, float fields and seconds', () => {
    expect(encodeUsagePoint(base)).toBe(
      'client_usage,client=k74272e,ip=10.0.0.5,mac=22:33:44:55:66:77,network=N_1,org=o1,ssid=Corp recv=12.5,sent=3 1518307200',
    );
  });

  it('leaves out empty tag values', () => {
    expect(encodeUsagePoint({ ...base, ip: '', ssid: '' })).toBe(
      'client_usage,client=k74272e,mac=22:33:44:55:66:77,network=N_1,org=o1 recv=12.5,sent=3 1518307200',
    );
  });

  it('uses the per-SSID measurement with ssid_number last', () => {
    expect(encodeUsagePoint({ ...base, ssidNumber: 0 })).toBe(
      'client_usage_by_ssid,client=k74272e,ip=10.0.0.5,mac=22:33:44:55:66:77,network=N_1,org=o1,ssid=Corp,ssid_number=0 recv=12.5,sent=3 1518307200',
    );
  });

  it('escapes tag values', () => {
    expect(encodeUsagePoint({ ...base, ssid: 'Guest, 2=4 GHz', network: 'HQ net' })).toBe(
      'client_usage,client=k74272e,ip=10.0.0.5,mac=22:33:44:55:66:77,network=HQ\\ net,org=o1,ssid=Guest\\,\\ 2\\=4\\ GHz recv=12.5,sent=3 1518307200',
    );
  });

  it.each([
    [0, '0'],
    [12, '12'],
    [0.1, '0.1'],
    [1e21, '1e+21'],
    [5e-7, '5e-7'],
    [123456789.987654, '123456789.987654'],
  ])('field %d is written as float text %s (never an integer suffix)', (kb, text) => {
    const line = encodeUsagePoint({ ...base, recvKb: kb, sentKb: kb });
    expect(line).toContain(` recv=${text},sent=${text} `);
    expect(line).not.toMatch(/=\d+i[ ,]/);
  });

  it('refuses non-finite usage and floors fractional timestamps', () => {
    expect(() => encodeUsagePoint({ ...base, recvKb: Number.NaN })).toThrow(/non-finite/);
    expect(() => encodeUsagePoint({ ...base, sentKb: Infinity })).toThrow(/non-finite/);
    expect(encodeUsagePoint({ ...base, timeSeconds: 1518307200.9 })).toMatch(/ 1518307200$/);
  });

  it('matches the influxdb-client Point API on the same point', () => {
    const p = { ...base, ssid: 'a b,c=d', ip: '' };
    const viaClient = new Point('client_usage')
      .tag('org', p.org)
      .tag('network', p.network)
      .tag('client', p.client)
      .tag('mac', p.mac)
      .tag('ip', p.ip)
      .tag('ssid', p.ssid)
      .floatField('recv', p.recvKb)
      .floatField('sent', p.sentKb)
      .timestamp(p.timeSeconds)
      .toLineProtocol();
    expect(encodeUsagePoint(p)).toBe(viaClient);
  });
});

describe('encodeUsagePoints', () => {
  it('equals encodeUsagePoint for each point, also when tags change between neighbours', () => {
    const points: UsagePoint[] = [
      base,
      { ...base, timeSeconds: base.timeSeconds + 86400 },
      { ...base, ip: '10.0.0.6' },
      { ...base, client: 'k2', ssid: '' },
      { ...base, client: 'k2', ssid: '', ssidNumber: 2 },
      { ...base, client: 'k2', ssid: '', ssidNumber: 3 },
      { ...base, org: 'o2' },
      { ...base, network: 'N_2' },
      { ...base, mac: 'aa' },
    ];
    expect(encodeUsagePoints(points)).toEqual(points.map(encodeUsagePoint));
    expect(new Set(encodeUsagePoints(points)).size).toBe(points.length);
  });
});

describe('encodeLine', () => {
  it('sorts tags and fields, skips empty tags, writes numbers as floats', () => {
    expect(encodeLine('collector_orgs', { org: 'o 1', a: '', b: 'x' }, { retries: 2, rate_limited: 0.5, requests: 10 }, 1700000000.7)).toBe(
      'collector_orgs,b=x,org=o\\ 1 rate_limited=0.5,requests=10,retries=2 1700000000',
    );
  });

  it('writes booleans and quoted strings', () => {
    expect(encodeLine('m', {}, { ok: true, msg: 'say "hi" \\ bye' }, 1)).toBe('m msg="say \\"hi\\" \\\\ bye",ok=true 1');
  });

  it('escapes the measurement and keys', () => {
    expect(encodeLine('my m', { 'k,1': 'v=1' }, { 'f 1': 1 }, 0)).toBe('my\\ m,k\\,1=v\\=1 f\\ 1=1 0');
  });

  it('rejects lines without fields, non-finite floats and timestamps', () => {
    expect(() => encodeLine('m', { a: 'b' }, {}, 1)).toThrow(/at least one field/);
    expect(() => encodeLine('m', {}, { v: Number.POSITIVE_INFINITY }, 1)).toThrow(/non-finite/);
    expect(() => encodeLine('m', {}, { v: 1 }, Number.NaN)).toThrow(/invalid timestamp/);
  });
});

describe('formatFloat', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [7, '7'],
    [0.5, '0.5'],
    [0.05, '0.05'],
    [0.000001, '0.000001'],
    [100.000001, '100.000001'],
    [12.3, '12.3'],
    [1234567.891, '1234567.891'],
    [0.1 + 0.2, '0.30000000000000004'],
    [5e-7, '5e-7'],
    [1e21, '1e+21'],
    [-2.5, '-2.5'],
    [999999999.999999, '999999999.999999'],
  ])('%d -> %s', (value, text) => {
    expect(formatFloat(value)).toBe(text);
  });

  it('always parses back to the same double (random values of every magnitude and precision)', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200_000; i++) {
      const raw = random() * 10 ** Math.floor(random() * 16 - 4);
      const decimals = i % 9;
      const value = i % 2 ? raw : Math.round(raw * 10 ** decimals) / 10 ** decimals;
      const text = formatFloat(value);
      if (Number(text) !== value || !/^\d+(\.\d+)?(e[+-]\d+)?$/.test(text)) expect.fail(`${value} -> ${text}`);
    }
  });

  it('refuses non-finite values', () => {
    for (const v of [Number.NaN, Infinity, -Infinity]) expect(() => formatFloat(v)).toThrow(/non-finite/);
  });
});
