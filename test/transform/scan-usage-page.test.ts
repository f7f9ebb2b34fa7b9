import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientPins } from '../../src/planning/network-state.js';
import { pinTagsInto } from '../../src/planning/tag-pins.js';
import { startSimulator, type Quirks, type Simulator } from '../../src/simulator/index.js';
import { encodePage, encodeScannedPage } from '../../src/transform/encode-scanned-page.js';
import { encodeUsagePage, type PointTags, type TagPinner } from '../../src/transform/encode-usage-page.js';
import { linesOf, toLineBlock } from '../../src/transform/line-block.js';
import { scanUsagePage, type ScannedUsagePage } from '../../src/transform/scan-usage-page.js';
import type { PointContext } from '../../src/transform/usage-to-points.js';
import { KEY, NOW, parseLinks } from '../simulator/sim-http.js';

/*
 * Differential tests of the fast path: whenever scanUsagePage reads a body, JSON.parse + encodeUsagePage must make
 * exactly the same lines (bytes, ends, newestMs, pinsChanged, pin state) without a reject. Where the doc comment of
 * scanUsagePage says the body is not the simple shape, it must return null (the fallback then handles it).
 */

type Pins = Record<string, ClientPins>;

const CTX: PointContext = { org: 'o1', network: 'N_1' };
const DAY_S = 86_400;
/** 2026-10-27T00:00:00Z in seconds. */
const S = Date.parse('2026-10-27T00:00:00Z') / 1000;

function pinnerOf(pins: Pins): TagPinner {
  return (client: string, dayMs: number, tags: PointTags) => pinTagsInto(pins, client, dayMs, tags);
}

interface Outcome {
  scanned: ScannedUsagePage | null;
  /** What differs between the two paths (empty: the contract holds, or the scanner declined). */
  problems: string[];
  /** The fast path's lines (when scanned). */
  lines: string[];
}

/**
 * Scans `body` and, when it was read, checks the contract against JSON.parse + encodeUsagePage. `pins` (optional)
 * is the pin state before the page: each path gets its own copy, `pins.fast` / `pins.slow` are updated in place.
 */
function differential(body: Buffer | string, ctx: PointContext = CTX, pins?: { fast: Pins; slow: Pins }): Outcome {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const problems: string[] = [];
  let scanned: ScannedUsagePage | null;
  try {
    scanned = scanUsagePage(bytes);
  } catch (error) {
    return { scanned: null, problems: [`scanUsagePage threw ${String(error)}`], lines: [] };
  }
  if (scanned === null) return { scanned, problems, lines: [] };
  problems.push(...structureProblems(scanned, bytes));
  let items: unknown;
  try {
    items = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    problems.push(`scanned, but JSON.parse fails: ${String(error)}`);
    return { scanned, problems, lines: [] };
  }
  if (!Array.isArray(items)) {
    problems.push('scanned, but JSON.parse gives no array');
    return { scanned, problems, lines: [] };
  }
  let slow: ReturnType<typeof encodeUsagePage>;
  let fast: ReturnType<typeof encodeScannedPage>;
  try {
    slow = encodeUsagePage(items, ctx, pins && pinnerOf(pins.slow));
    fast = encodeScannedPage(scanned, ctx, pins && pinnerOf(pins.fast));
  } catch (error) {
    problems.push(`an encoder threw ${String(error)}`);
    return { scanned, problems, lines: [] };
  }
  if (slow.rejects.length > 0) problems.push(`scanned, but the fallback rejects ${JSON.stringify(slow.rejects)}`);
  if (fast.rejects.length > 0) problems.push('encodeScannedPage reported rejects');
  const expected = Buffer.from(slow.lines.map((l) => l + '\n').join(''), 'utf8');
  if (!fast.lines.bytes.equals(expected)) {
    const got = linesOf(fast.lines);
    const i = got.findIndex((l, k) => l !== slow.lines[k]);
    problems.push(`lines differ (at ${i}): fast ${JSON.stringify(got[i] ?? null)} vs fallback ${JSON.stringify(slow.lines[i] ?? null)}; ${got.length} vs ${slow.lines.length} lines`);
  }
  const ends = Array.from(toLineBlock(slow.lines).ends);
  if (JSON.stringify(Array.from(fast.lines.ends)) !== JSON.stringify(ends)) problems.push(`ends differ: ${Array.from(fast.lines.ends).join(',')} vs ${ends.join(',')}`);
  if (fast.newestMs !== slow.newestMs) problems.push(`newestMs: ${fast.newestMs} vs ${slow.newestMs}`);
  if (fast.pinsChanged !== slow.pinsChanged) problems.push(`pinsChanged: ${fast.pinsChanged} vs ${slow.pinsChanged}`);
  if (pins && JSON.stringify(pins.fast) !== JSON.stringify(pins.slow)) problems.push(`pins differ: ${JSON.stringify(pins.fast)} vs ${JSON.stringify(pins.slow)}`);
  return { scanned, problems, lines: linesOf(fast.lines) };
}

function structureProblems(p: ScannedUsagePage, body: Buffer): string[] {
  const out: string[] = [];
  if (p.body !== body) out.push('page.body is not the body');
  if (p.clientIds.length !== p.recordEnds.length || p.macs.length !== p.recordEnds.length || p.ips.length !== p.recordEnds.length) out.push('per-record arrays differ in length');
  if (p.seconds.length !== p.buckets || p.values.length !== 4 * p.buckets) out.push('per-bucket arrays do not have `buckets` entries');
  let prev = 0;
  for (const end of p.recordEnds) {
    if (end < prev) out.push('recordEnds decrease');
    prev = end;
  }
  if (p.recordEnds.length > 0 && prev !== p.buckets) out.push('the last recordEnd is not `buckets`');
  let valueBytes = 0;
  for (let i = 0; i < p.values.length; i += 2) valueBytes += p.values[i + 1]! - p.values[i]!;
  if (p.valueBytes !== valueBytes) out.push(`valueBytes ${p.valueBytes}, the values span ${valueBytes}`);
  if (p.newestSeconds !== Math.max(-Infinity, ...p.seconds)) out.push(`newestSeconds ${p.newestSeconds}, the newest is ${Math.max(-Infinity, ...p.seconds)}`);
  return out;
}

/** Must scan (non-null) and match the fallback; returns the lines. */
function expectScans(body: Buffer | string, ctx: PointContext = CTX, pins?: { fast: Pins; slow: Pins }): string[] {
  const outcome = differential(body, ctx, pins);
  expect(outcome.scanned, `scanUsagePage declined a simple page: ${String(body).slice(0, 300)}`).not.toBeNull();
  expect(outcome.problems).toEqual([]);
  return outcome.lines;
}

/** What the fallback makes of a body: invalid JSON, or its lines and rejects. */
function fallbackOf(body: Buffer | string, ctx: PointContext = CTX): 'invalid-json' | 'not-an-array' | { lines: string[]; rejects: number } {
  let items: unknown;
  try {
    items = JSON.parse(String(body));
  } catch {
    return 'invalid-json';
  }
  if (!Array.isArray(items)) return 'not-an-array';
  const page = encodeUsagePage(items, ctx);
  return { lines: page.lines, rejects: page.rejects.length };
}

/** A line's series key, fields and seconds (fields and time hold no space; the key may hold escaped ones). */
function partsOf(line: string): { key: string; fields: string; seconds: number } {
  const timeAt = line.lastIndexOf(' ');
  const fieldsAt = line.lastIndexOf(' ', timeAt - 1);
  return { key: line.slice(0, fieldsAt), fields: line.slice(fieldsAt + 1, timeAt), seconds: Number(line.slice(timeAt + 1)) };
}
const timesOf = (lines: string[]) => lines.map((l) => partsOf(l).seconds);
const fieldsOf = (lines: string[]) => lines.map((l) => partsOf(l).fields);
/** The tags of a line's series key named in `names`, as `name=value` (escaped as written). */
const tagsOf = (line: string, names: string[]) =>
  partsOf(line).key.split(/(?<!\\),/).filter((t) => names.includes(t.slice(0, t.indexOf('=')))).join(',');

const rec = (clientId: string, buckets: string[], { ip = '"10.0.0.5"', mac = '"22:33:44:55:66:77"' } = {}) =>
  `{"clientId":${JSON.stringify(clientId)},"clientIp":${ip},"clientMac":${mac},"usageHistory":[${buckets.join(',')}]}`;
const b = (ts: string, recv: string | number = 1.5, sent: string | number = 2) => `{"ts":"${ts}","recv":${recv},"sent":${sent}}`;
const page = (...records: string[]) => `[${records.join(',')}]`;
const T0 = '2026-10-27T00:00:00.000000Z';
const T1 = '2026-10-28T00:00:00.000000Z';
const T2 = '2026-10-29T00:00:00.000000Z';

describe('scanUsagePage: simple pages scan and encode like JSON.parse + encodeUsagePage', () => {
  it('a plain page as the API writes it', () => {
    const lines = expectScans(page(rec('k1', [b(T0), b(T1, 0, 0.25)]), rec('k2', [b(T0, 12.5, 300)])));
    expect(lines).toEqual([
      `client_usage,client=k1,ip=10.0.0.5,mac=22:33:44:55:66:77,network=N_1,org=o1 recv=1.5,sent=2 ${S}`,
      `client_usage,client=k1,ip=10.0.0.5,mac=22:33:44:55:66:77,network=N_1,org=o1 recv=0,sent=0.25 ${S + DAY_S}`,
      `client_usage,client=k2,ip=10.0.0.5,mac=22:33:44:55:66:77,network=N_1,org=o1 recv=12.5,sent=300 ${S}`,
    ]);
  });

  it('an empty page and an empty usageHistory', () => {
    expect(expectScans('[]')).toEqual([]);
    expect(expectScans(' \n[ \t\r\n] \n')).toEqual([]);
    expect(expectScans(page(rec('k1', []), rec('k2', [b(T0)]), rec('k3', [])))).toHaveLength(1);
    const scanned = scanUsagePage(Buffer.from('[]'))!;
    expect(encodeScannedPage(scanned, CTX).newestMs).toBeNull();
    expect(scanned.buckets).toBe(0);
  });

  const WS = [' ', '\t', '\r', '\n', ' \t\r\n ', '\n\n\t'];
  it.each(WS.map((w) => [JSON.stringify(w), w]))('whitespace %s between every token', (_name, w) => {
    const tokens = ['[', '{', '"clientId"', ':', '"k1"', ',', '"clientIp"', ':', '"10.0.0.5"', ',', '"clientMac"', ':', '"aa:bb"', ',', '"usageHistory"', ':', '[',
      '{', '"ts"', ':', `"${T0}"`, ',', '"recv"', ':', '1.5', ',', '"sent"', ':', '2', '}', ',',
      '{', '"ts"', ':', `"${T1}"`, ',', '"recv"', ':', '3', ',', '"sent"', ':', '4', '}', ']', '}', ',',
      '{', '"clientId"', ':', '"k2"', ',', '"clientIp"', ':', 'null', ',', '"clientMac"', ':', '"cc:dd"', ',', '"usageHistory"', ':', '[', ']', '}', ']'];
    const body = w + tokens.join(w) + w;
    expect(expectScans(body)).toEqual(expectScans(tokens.join('')));
    expect(expectScans(body)).toHaveLength(2);
  });

  it('whitespace after the colon of recv that differs between records at the same bucket index', () => {
    // Same bytes up to the colon of "recv" in both records; only the space before the value differs.
    const body = '[{"clientId":"k1","clientMac":"m1","usageHistory":[{"ts":"2026-10-27","recv":5,"sent":1}]},' +
      '{"clientId":"k2","clientMac":"m2","usageHistory":[{"ts":"2026-10-27","recv": 5,"sent":1}]}]';
    expect(fieldsOf(expectScans(body))).toEqual(['recv=5,sent=1', 'recv=5,sent=1']);
    const tabbed = '[{"clientId":"k1","clientMac":"m1","usageHistory":[{ "ts" : "2026-10-27" , "received" : 5,"sent":1}]},' +
      '{"clientId":"k2","clientMac":"m2","usageHistory":[{ "ts" : "2026-10-27" , "received" : \n\t5,"sent":1}]}]';
    expect(expectScans(tabbed)).toHaveLength(2);
  });

  it('bucket keys in another order than the bucket at the same index of the record before', () => {
    // k1 starts its bucket with ts then recv, k2 with ts then sent (the same length as recv), k3 like k2.
    const body = page(
      rec('k1', [b('2026-10-27'), `{"ts":"${T1}","recv":1,"sent":1}`]),
      rec('k2', [`{"ts":"2026-10-27","sent":7,"recv":9}`, `{"ts":"${T1}","sent":1,"received":2}`]),
      rec('k3', [`{"ts":"2026-10-27","sent":7,"recv":9}`, `{"ts":"${T1}","sent":3,"recv":4}`]),
      rec('k4', [`{"ts":"2026-10-27T00:00:00.5Z","sent":7,"recv":9}`, `{"ts":"2026-10-28","sent":5,"recv":6}`]),
    );
    expect(fieldsOf(expectScans(body))).toEqual(['recv=1.5,sent=2', 'recv=1,sent=1', 'recv=9,sent=7', 'recv=2,sent=1', 'recv=9,sent=7', 'recv=4,sent=3', 'recv=9,sent=7', 'recv=6,sent=5']);
  });

  it('keys in any order, in records and buckets', () => {
    const body = page(
      `{"usageHistory":[{"sent":2,"recv":1,"ts":"${T0}"},{"recv":3,"ts":"${T1}","sent":4}],"clientMac":"aa:bb","clientId":"k1","clientIp":"10.1.1.1"}`,
      `{"clientMac":"cc:dd","usageHistory":[{"sent":5,"ts":"${T0}","received":6}],"clientIp":null,"clientId":"k2"}`,
      `{"clientIp":"10.2.2.2","clientId":"k3","usageHistory":[],"clientMac":"ee:ff"}`,
    );
    const lines = expectScans(body);
    expect(fieldsOf(lines)).toEqual(['recv=1,sent=2', 'recv=3,sent=4', 'recv=6,sent=5']);
    expect(lines[2]).toBe(`client_usage,client=k2,mac=cc:dd,network=N_1,org=o1 recv=6,sent=5 ${S}`);
  });

  it('received instead of recv, clientIp null, "" or missing', () => {
    const body = page(
      `{"clientId":"k1","clientIp":null,"clientMac":"m","usageHistory":[{"ts":"${T0}","received":7,"sent":8}]}`,
      `{"clientId":"k2","clientMac":"m","usageHistory":[{"ts":"${T0}","received":9,"sent":1}]}`,
      `{"clientId":"k3","clientIp":"","clientMac":"m","usageHistory":[{"ts":"${T0}","recv":9,"sent":1}]}`,
    );
    const lines = expectScans(body);
    expect(lines.every((l) => !l.includes('ip='))).toBe(true);
    expect(fieldsOf(lines)).toEqual(['recv=7,sent=8', 'recv=9,sent=1', 'recv=9,sent=1']);
  });

  it.each([
    ['0', '0'],
    ['0.0', '0'],
    ['12.500', '12.5'],
    ['12.000', '12'],
    ['999999999.999999', '999999999.999999'],
    ['999999999', '999999999'],
    ['0.000001', '0.000001'],
    ['0.100000', '0.1'],
    ['100.0', '100'],
    ['10.010', '10.01'],
    ['123456789.123456', '123456789.123456'],
  ])('number %s is written as %s', (text, printed) => {
    const lines = expectScans(page(rec('k1', [b(T0, text, text)])));
    expect(fieldsOf(lines)).toEqual([`recv=${printed},sent=${printed}`]);
  });

  it.each([
    ['no fraction, Z', '2026-10-27T00:00:00Z', S],
    ['no fraction, no zone (UTC)', '2026-10-27T00:00:00', S],
    ['lowercase z', '2026-10-27T00:00:00.5z', S],
    ['comma as decimal separator', '2026-10-27T00:00:00,999Z', S],
    ['1 fractional digit', '2026-10-27T00:00:00.9Z', S],
    ['9 fractional digits', '2026-10-27T12:34:56.123456789Z', S + 45_296],
    ['fraction, no zone', '2026-10-27T00:00:00.123', S],
    ['date only', '2026-10-27', S],
    ['offset +02:00', '2026-10-27T00:00:00+02:00', S - 7200],
    ['offset -05:30', '2026-10-27T00:00:00.25-05:30', S + 19_800],
    ['offset +0200', '2026-10-27T00:00:00+0200', S - 7200],
    ['no seconds', '2026-10-27T06:30Z', S + 23_400],
    ['lowercase t', '2026-10-27t00:00:00Z', S],
    ['space separator', '2026-10-27 00:00:00Z', S],
    ['before 1970', '1969-12-31T00:00:00Z', -DAY_S],
    ['after 2038 (over int32)', '2040-01-01T00:00:00Z', Date.parse('2040-01-01T00:00:00Z') / 1000],
    ['a leap day', '2024-02-29T00:00:00Z', Date.parse('2024-02-29T00:00:00Z') / 1000],
  ])('ts %s', (_name, ts, seconds) => {
    const lines = expectScans(page(rec('k1', [b(ts)]), rec('k2', [b(ts), b(ts)])));
    expect(timesOf(lines)).toEqual([seconds, seconds, seconds]);
  });

  it('ts jitter: the same second with other fractions, across records and at the same index', () => {
    const jitter = (day: string, f: string) => `${day}T00:00:00.${f}Z`;
    const body = page(
      rec('k1', [b(jitter('2026-10-27', '123456')), b(jitter('2026-10-28', '654321'))]),
      rec('k2', [b(jitter('2026-10-27', '999999')), b(jitter('2026-10-28', '000001'))]),
      rec('k3', [b(jitter('2026-10-27', '5')), b('2026-10-28T00:00:00Z'), b('2026-10-28T00:00:01Z')]),
      rec('k4', [b('2026-10-27T00:00:00,1z'), b(jitter('2026-10-29', '1')), b('2026-10-28T00:00:01.999999999Z')]),
    );
    expect(timesOf(expectScans(body))).toEqual([S, S + DAY_S, S, S + DAY_S, S, S + DAY_S, S + DAY_S + 1, S, S + 2 * DAY_S, S + DAY_S + 1]);
  });

  it('the same ts text at a bucket index, then another format or an offset there', () => {
    const body = page(
      rec('k1', [b('2026-10-27T00:00:00Z'), b('2026-10-28T00:00:00+02:00')]),
      rec('k2', [b('2026-10-27T00:00:00+02:00'), b('2026-10-28T00:00:00+02:00')]),
      rec('k3', [b('2026-10-27T00:00:00Z'), b('2026-10-28T00:00:00-02:00')]),
      rec('k4', [b('2026-10-27'), b('2026-10-28T00:00:00')]),
    );
    expect(timesOf(expectScans(body))).toEqual([S, S + DAY_S - 7200, S - 7200, S + DAY_S - 7200, S, S + DAY_S + 7200, S, S + DAY_S]);
  });

  it('records whose bucket lists differ in length and order', () => {
    const body = page(
      rec('k1', [b(T0, 1, 1), b(T1, 2, 2), b(T2, 3, 3)]),
      rec('k2', [b(T2, 4, 4), b(T0, 5, 5)]),
      rec('k3', [b(T1, 6, 6)]),
      rec('k4', [b(T0, 7, 7), b(T1, 8, 8), b(T2, 9, 9), b('2026-10-30T00:00:00.000000Z', 10, 10)]),
      rec('k5', [b(T1, 11, 11), b(T1, 12, 12), b(T1, 13, 13)]),
    );
    const lines = expectScans(body);
    expect(timesOf(lines).map((t) => (t - S) / DAY_S)).toEqual([0, 1, 2, 2, 0, 1, 0, 1, 2, 3, 1, 1, 1]);
    expect(fieldsOf(lines).map((f) => f.split(',')[0])).toEqual(Array.from({ length: 13 }, (_, i) => `recv=${i + 1}`));
  });

  it('many records and buckets (past the initial sizes of the scratch arrays), then a small page', () => {
    const days = Array.from({ length: 80 }, (_, i) => new Date((S + i * DAY_S) * 1000).toISOString().replace('.000Z', '.000000Z'));
    const records = Array.from({ length: 1100 }, (_, r) => rec(`k${r}`, days.slice(0, r % 80 === 0 ? 80 : 30 + (r % 7)).map((d, i) => b(d, r + i, i))));
    const big = page(...records);
    const small = page(rec('x', [b(T0, 1, 2)]));
    const bigScan = scanUsagePage(Buffer.from(big))!;
    expect(bigScan).not.toBeNull();
    const smallScan = scanUsagePage(Buffer.from(small))!;
    // A later scan must not change a page already returned (the scanner reuses its arrays).
    expect(differential(big).problems).toEqual([]);
    expect(linesOf(encodeScannedPage(bigScan, CTX).lines)).toEqual(encodeUsagePage(JSON.parse(big) as unknown[], CTX).lines);
    expect(linesOf(encodeScannedPage(smallScan, CTX).lines)).toEqual([`client_usage,client=x,ip=10.0.0.5,mac=22:33:44:55:66:77,network=N_1,org=o1 recv=1,sent=2 ${S}`]);
    expect(bigScan.buckets).toBeGreaterThan(32 * 1024);
  });

  it('ssidNumber in ctx, and SSID names with non-ASCII and characters that need escaping', () => {
    const names: Record<string, string> = { k1: 'Gäste WLAN', k2: 'a,b=c\\d', k3: '咖啡 ☕ 😀', k4: 'x\\', k5: 'tab\there' };
    const ctx: PointContext = { org: 'o 1', network: 'N=1', ssidNumber: 3, ssidOf: (id) => names[id] };
    const body = page(...['k1', 'k2', 'k3', 'k4', 'k5', 'k6'].map((id) => rec(id, [b(T0), b(T1)])));
    const lines = expectScans(body, ctx);
    expect(lines[0]).toBe(`client_usage_by_ssid,client=k1,ip=10.0.0.5,mac=22:33:44:55:66:77,network=N\\=1,org=o\\ 1,ssid=Gäste\\ WLAN,ssid_number=3 recv=1.5,sent=2 ${S}`);
    expect(lines[2]).toContain(',ssid=a\\,b\\=c\\d,');
    expect(lines[4]).toContain(',ssid=咖啡\\ ☕\\ 😀,');
    expect(lines[10]).toContain(',ssid_number=3 ');
    expect(lines[10]).not.toContain(',ssid=');
  });

  it('client ids, MACs and IPs with printable ASCII that needs escaping in line protocol', () => {
    const body = page(
      rec('k 1,=x', [b(T0)], { ip: '"10.0.0.1 x"', mac: '"a,b=c"' }),
      rec('~!@#$%^&*()_+{}|:<>?`-=[];\',./', [b(T0)], { ip: '"::1"', mac: '" "' }),
    );
    const lines = expectScans(body, { org: 'o1', network: 'N_1', ssidNumber: 0 });
    expect(lines[0]).toBe(`client_usage_by_ssid,client=k\\ 1\\,\\=x,ip=10.0.0.1\\ x,mac=a\\,b\\=c,network=N_1,org=o1,ssid_number=0 recv=1.5,sent=2 ${S}`);
    expect(lines).toHaveLength(2);
  });

  it('a pinner: a client changing IP between two pages keeps the pinned tags on days already written', () => {
    const pins = { fast: {} as Pins, slow: {} as Pins };
    const day = (n: number) => new Date((S + n * DAY_S) * 1000).toISOString();
    const first = page(rec('k1', [b(day(0)), b(day(1)), b(day(2))], { ip: '"10.0.0.1"' }), rec('k2', [b(day(0))], { ip: '"10.0.0.9"' }));
    const second = page(rec('k1', [b(day(1)), b(day(2)), b(day(3)), b(day(4))], { ip: '"10.0.0.2"' }), rec('k2', [b(day(0))], { ip: 'null' }));
    const one = differential(first, CTX, pins);
    expect(one.problems).toEqual([]);
    expect(one.scanned).not.toBeNull();
    const slowFirst = encodeUsagePage(JSON.parse(first) as unknown[], CTX, pinnerOf({}));
    expect(slowFirst.pinsChanged).toBe(true);
    const two = differential(second, CTX, pins);
    expect(two.problems).toEqual([]);
    expect(two.lines.map((l) => tagsOf(l, ['ip']))).toEqual(['ip=10.0.0.1', 'ip=10.0.0.1', 'ip=10.0.0.2', 'ip=10.0.0.2', 'ip=10.0.0.9']);
    expect(pins.fast['k1']).toEqual({ lastMs: (S + 4 * DAY_S) * 1000, segs: [[S * 1000, '10.0.0.1', ''], [(S + 3 * DAY_S) * 1000, '10.0.0.2', '']] });
    // A third pass over the same page changes nothing: pinsChanged false on both paths.
    const pinsBefore = JSON.stringify(pins.fast);
    const fastAgain = encodeScannedPage(scanUsagePage(Buffer.from(second))!, CTX, pinnerOf(pins.fast));
    expect(fastAgain.pinsChanged).toBe(false);
    expect(JSON.stringify(pins.fast)).toBe(pinsBefore);
  });

  it('a pinner that changes the tags in the middle of a record, with ssidOf', () => {
    const initial: Pins = { k1: { lastMs: (S + DAY_S) * 1000, segs: [[0, '192.168.0.1', 'Old SSID'], [S * 1000 + 1, '192.168.0.2', '']] } };
    const pins = { fast: structuredClone(initial), slow: structuredClone(initial) };
    const ctx: PointContext = { ...CTX, ssidOf: () => 'New,SSID' };
    const body = page(rec('k1', [b(T0), b(T1), b(T2)]), rec('k1', [b(T0)], { mac: '"other"' }));
    const outcome = differential(body, ctx, pins);
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines.map((l) => tagsOf(l, ['ip', 'ssid']))).toEqual([
      'ip=192.168.0.1,ssid=Old\\ SSID',
      'ip=192.168.0.2',
      'ip=10.0.0.5,ssid=New\\,SSID',
      'ip=192.168.0.1,ssid=Old\\ SSID',
    ]);
  });

  it('encodePage takes either kind of page and gives the same block', () => {
    const body = page(rec('k1', [b(T0), b(T1)]), rec('k2', [b(T2, '0.5', 7)]));
    const scanned = scanUsagePage(Buffer.from(body))!;
    const a = encodePage(scanned, CTX);
    const c = encodePage(JSON.parse(body) as unknown[], CTX);
    expect(a.lines.bytes.equals(c.lines.bytes)).toBe(true);
    expect(Array.from(a.lines.ends)).toEqual(Array.from(c.lines.ends));
    expect([a.newestMs, a.rejects, a.pinsChanged]).toEqual([c.newestMs, c.rejects, c.pinsChanged]);
    expect(a.newestMs).toBe((S + 2 * DAY_S) * 1000);
  });
});

describe('scanUsagePage: anything else returns null and the fallback handles it as before', () => {
  const ok = (ts = T0) => b(ts);
  const bucketCase = (bucket: string) => page(rec('k1', [ok(), bucket]));
  const recordCase = (record: string) => page(rec('k0', [ok()]), record);

  /** The body, and what the fallback makes of it: lines after the first record's (always kept), and rejects. */
  const cases: [string, string, 'invalid-json' | 'not-an-array' | { lines: unknown[]; rejects: number }][] = [
    ['duplicate key in a bucket (ts)', bucketCase(`{"ts":"${T0}","ts":"${T1}","recv":1,"sent":2}`), { lines: [expect.stringContaining(`recv=1,sent=2 ${S + DAY_S}`)], rejects: 0 }],
    ['duplicate key in a bucket (sent)', bucketCase(`{"ts":"${T1}","recv":1,"sent":2,"sent":3}`), { lines: [expect.stringContaining('recv=1,sent=3')], rejects: 0 }],
    ['duplicate key in a record (clientId)', recordCase(`{"clientId":"a","clientId":"b","clientMac":"m","usageHistory":[${ok()}]}`), { lines: [expect.stringContaining('client=b,')], rejects: 0 }],
    ['duplicate key in a record (clientIp null twice)', recordCase(`{"clientId":"a","clientIp":null,"clientIp":null,"clientMac":"m","usageHistory":[]}`), { lines: [], rejects: 0 }],
    ['duplicate key in a record (usageHistory)', recordCase(`{"clientId":"a","clientMac":"m","usageHistory":[],"usageHistory":[${ok()}]}`), { lines: [expect.any(String)], rejects: 0 }],
    ['unknown key in a record', recordCase(`{"clientId":"a","clientMac":"m","description":"x","usageHistory":[${ok()}]}`), { lines: [expect.any(String)], rejects: 0 }],
    ['unknown key in a bucket', bucketCase(`{"ts":"${T1}","recv":1,"sent":2,"total":3}`), { lines: [expect.any(String)], rejects: 0 }],
    ['a key in another case', bucketCase(`{"ts":"${T1}","Recv":1,"sent":2}`), { lines: [], rejects: 1 }],
    ['a negative number', bucketCase(b(T1, -1)), { lines: [], rejects: 1 }],
    ['-0', bucketCase(b(T1, '-0')), { lines: [expect.stringContaining('recv=0,sent=2')], rejects: 0 }],
    ['an exponent 1e3', bucketCase(b(T1, '1e3')), { lines: [expect.stringContaining('recv=1000,')], rejects: 0 }],
    ['an exponent 1.5E+2', bucketCase(b(T1, 2, '1.5E+2')), { lines: [expect.stringContaining('sent=150 ')], rejects: 0 }],
    ['a leading zero 01', bucketCase(b(T1, '01')), 'invalid-json'],
    ['more than 6 decimals', bucketCase(b(T1, '1.1234567')), { lines: [expect.stringContaining('recv=1.1234567,')], rejects: 0 }],
    ['an integer part over 9 digits', bucketCase(b(T1, '1000000000')), { lines: [expect.stringContaining('recv=1000000000,')], rejects: 0 }],
    ['a number as a string "12"', bucketCase(b(T1, '"12"')), { lines: [expect.stringContaining('recv=12,')], rejects: 0 }],
    ['recv null', bucketCase(b(T1, 'null')), { lines: [], rejects: 1 }],
    ['sent null', bucketCase(b(T1, 1, 'null')), { lines: [], rejects: 1 }],
    ['ts null', bucketCase(`{"ts":null,"recv":1,"sent":2}`), { lines: [], rejects: 1 }],
    ['clientId null', recordCase(`{"clientId":null,"clientMac":"m","usageHistory":[]}`), { lines: [], rejects: 1 }],
    ['usageHistory null', recordCase(`{"clientId":"a","clientMac":"m","usageHistory":null}`), { lines: [], rejects: 1 }],
    ['a bucket that is null', bucketCase('null'), { lines: [], rejects: 1 }],
    ['a record that is a number', recordCase('5'), { lines: [], rejects: 1 }],
    ['missing ts', bucketCase(`{"recv":1,"sent":2}`), { lines: [], rejects: 1 }],
    ['missing sent', bucketCase(`{"ts":"${T1}","recv":1}`), { lines: [], rejects: 1 }],
    ['missing recv', bucketCase(`{"ts":"${T1}","sent":1}`), { lines: [], rejects: 1 }],
    ['missing clientMac', recordCase(`{"clientId":"a","usageHistory":[${ok()}]}`), { lines: [], rejects: 1 }],
    ['missing usageHistory', recordCase(`{"clientId":"a","clientMac":"m"}`), { lines: [], rejects: 1 }],
    ['both recv and received', bucketCase(`{"ts":"${T1}","recv":1,"received":9,"sent":2}`), { lines: [expect.stringContaining('recv=1,')], rejects: 0 }],
    ['an escape \\u0041 in a clientId', recordCase(`{"clientId":"k\\u0041","clientMac":"m","usageHistory":[${ok()}]}`), { lines: [expect.stringContaining('client=kA,')], rejects: 0 }],
    ['an escaped quote in a MAC', recordCase(`{"clientId":"a","clientMac":"m\\"x","usageHistory":[${ok()}]}`), { lines: [expect.stringContaining('mac=m"x,')], rejects: 0 }],
    ['an escape in a key', recordCase(`{"client\\u0049d":"a","clientMac":"m","usageHistory":[${ok()}]}`), { lines: [expect.stringContaining('client=a,')], rejects: 0 }],
    ['an escape in a ts', bucketCase(`{"ts":"2026-10-28T00:00:00\\u005a","recv":1,"sent":2}`), { lines: [expect.any(String)], rejects: 0 }],
    ['an escaped slash in an IP', recordCase(`{"clientId":"a","clientIp":"10.0.0.1\\/24","clientMac":"m","usageHistory":[${ok()}]}`), { lines: [expect.stringContaining('ip=10.0.0.1/24,')], rejects: 0 }],
    ['non-ASCII in a clientId', recordCase(`{"clientId":"kü","clientMac":"m","usageHistory":[${ok()}]}`), { lines: [expect.stringContaining('client=kü,')], rejects: 0 }],
    ['non-ASCII in an IP', recordCase(`{"clientId":"a","clientIp":"😀","clientMac":"m","usageHistory":[${ok()}]}`), { lines: [expect.stringContaining('ip=😀,')], rejects: 0 }],
    ['a raw tab in a string', recordCase(`{"clientId":"a\tb","clientMac":"m","usageHistory":[]}`), 'invalid-json'],
    ['an empty clientId', recordCase(`{"clientId":"","clientMac":"m","usageHistory":[${ok()}]}`), { lines: [], rejects: 1 }],
    ['an empty clientMac', recordCase(`{"clientId":"a","clientMac":"","usageHistory":[${ok()}]}`), { lines: [], rejects: 1 }],
    ['clientIp a number', recordCase(`{"clientId":"a","clientIp":5,"clientMac":"m","usageHistory":[${ok()}]}`), { lines: [expect.not.stringContaining('ip=')], rejects: 0 }],
    ['ts 2026-02-30', bucketCase(b('2026-02-30')), { lines: [], rejects: 1 }],
    ['ts garbage', bucketCase(b('garbage')), { lines: [], rejects: 1 }],
    ['ts empty', bucketCase(b('')), { lines: [], rejects: 1 }],
    ['ts 24:00', bucketCase(b('2026-10-27T24:00:00Z')), { lines: [], rejects: 1 }],
    ['ts with a dot and no fraction', bucketCase(b('2026-10-27T00:00:00.Z')), { lines: [], rejects: 1 }],
    ['ts with junk after Z', bucketCase(b('2026-10-27T00:00:00.5Zx')), { lines: [], rejects: 1 }],
    ['ts with an offset of 24 hours', bucketCase(b('2026-10-27T00:00:00+24:00')), { lines: [], rejects: 1 }],
    ['ts a number', bucketCase(`{"ts":1793059200,"recv":1,"sent":2}`), { lines: [], rejects: 1 }],
    ['trailing garbage', page(rec('k1', [ok()])) + 'x', 'invalid-json'],
    ['a second array after the page', page(rec('k1', [ok()])) + '[]', 'invalid-json'],
    ['a trailing comma in the page', `[${rec('k1', [ok()])},]`, 'invalid-json'],
    ['a trailing comma in a bucket', bucketCase(`{"ts":"${T1}","recv":1,"sent":2,}`), 'invalid-json'],
    ['a top-level object', `{"items":${page(rec('k1', [ok()]))}}`, 'not-an-array'],
    ['top-level null', 'null', 'not-an-array'],
    ['an empty body', '', 'invalid-json'],
    ['only whitespace', ' \n', 'invalid-json'],
  ];

  it.each(cases)('%s', (_name, body, fallback) => {
    const outcome = differential(body);
    expect(outcome.problems).toEqual([]);
    expect(outcome.scanned).toBeNull();
    const got = fallbackOf(body);
    if (typeof fallback === 'string') expect(got).toBe(fallback);
    else {
      expect(got).toMatchObject({ rejects: fallback.rejects });
      // The record k0/k1 before the bad part is always kept by the fallback.
      expect((got as { lines: string[] }).lines).toEqual([expect.stringContaining(`recv=1.5,sent=2 ${S}`), ...fallback.lines]);
    }
  });

  // The scanner remembers, per bucket index, the first bytes of a bucket up to its recv value. These bodies start a
  // bucket with the same bytes as a bucket at that index before, where the value after them is not recv.
  const ts = '2026-10-27';
  it('a duplicate sent in a bucket that starts like an earlier bucket at its index: null (the fallback rejects it)', () => {
    const body = page(
      rec('a', [`{"ts":"${ts}","recv":5,"sent":1}`]),
      rec('b', [`{"ts":"${ts}","sent":7,"recv":9}`]),
      rec('c', [`{"ts":"${ts}","sent":7,"sent":3}`]),
    );
    expect(differential(body)).toEqual({ scanned: null, problems: [], lines: [] });
    expect(fallbackOf(body)).toMatchObject({ rejects: 1 });
  });

  it('a broken key in a bucket that starts like an earlier bucket at its index: null (not JSON)', () => {
    const body = page(
      rec('a', [`{"ts":"${ts}","received":5,"sent":1}`]),
      rec('b', [`{"ts":"${ts}","sent":1,"recv":1}`]),
      rec('c', [`{"ts":"${ts}","sent":1,"r5,"sent":2}`]),
    );
    expect(differential(body)).toEqual({ scanned: null, problems: [], lines: [] });
    expect(fallbackOf(body)).toBe('invalid-json');
  });

  it('a leading byte order mark: null here; the transport strips it before JSON.parse', () => {
    const plain = page(rec('k1', [b(T0), b(T1)]));
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plain)]);
    expect(differential(withBom)).toEqual({ scanned: null, problems: [], lines: [] });
    const text = withBom.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(encodeUsagePage(JSON.parse(text.slice(1)) as unknown[], CTX).lines).toEqual(expectScans(plain));
  });

  it('invalid UTF-8 bytes in a string', () => {
    const body = Buffer.concat([Buffer.from('[{"clientId":"k'), Buffer.from([0xff, 0xfe]), Buffer.from(`","clientMac":"m","usageHistory":[${b(T0)}]}]`)]);
    expect(differential(body)).toEqual({ scanned: null, problems: [], lines: [] });
  });

  it('every prefix of a small page: null until the closing bracket, then the whole page', () => {
    const body = ` [ ${rec('k1', [b(T0, '12.500', 0), b(T1)])} ,\n${rec('k2', [b('2026-10-27T00:00:00+02:00', 1, '3.25')])} ] \n\t`;
    const close = body.lastIndexOf(']') + 1;
    const whole = expectScans(body);
    expect(whole).toHaveLength(3);
    for (let n = 0; n <= body.length; n++) {
      const outcome = differential(body.slice(0, n));
      expect(outcome.problems, `prefix of ${n} bytes`).toEqual([]);
      if (n < close) expect(outcome.scanned, `prefix of ${n} bytes`).toBeNull();
      else expect(outcome.lines, `prefix of ${n} bytes`).toEqual(whole);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Seeded fuzz

/** xorshift32: deterministic, seeded. */
function rng(seed: number) {
  let x = seed | 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    },
  };
}
type Rng = ReturnType<typeof rng>;

/** A JSON value as a tree whose leaves are raw JSON text (so that mutations can write anything). */
type Json = { raw: string } | { arr: Json[] } | { obj: [string, Json][] };
const raw = (text: string): Json => ({ raw: text });

/** Printable ASCII without `"` and `\`: what a simple page's strings may hold. */
const SAFE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) => c !== '"' && c !== '\\');

function safeString(r: Rng, min: number, max: number): string {
  if (r.chance(0.5)) return `k${r.int(0xffffff).toString(16).padStart(6, '0')}`;
  let s = '';
  for (let n = min + r.int(max - min + 1); n > 0; n--) s += r.pick(SAFE);
  return s;
}

function validNumber(r: Rng): string {
  const kind = r.int(10);
  const whole = kind < 3 ? '0' : kind < 6 ? String(r.int(1000)) : kind < 9 ? String(r.int(1e9)) : '999999999';
  const decimals = r.int(7);
  if (decimals === 0) return whole;
  let fraction = '';
  for (let i = 0; i < decimals; i++) fraction += r.chance(0.3) ? '0' : String(r.int(10));
  return `${whole}.${fraction}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

interface TsStyle {
  form: 'date' | 'seconds' | 'minutes';
  sep: string;
  fraction: number; // digits, 0: none
  decimal: string;
  zone: string; // 'Z', 'z', '', or 'offset' / 'offset-compact'
  midnight: boolean;
}

function tsStyle(r: Rng): TsStyle {
  if (r.chance(0.4)) return { form: 'seconds', sep: 'T', fraction: 6, decimal: '.', zone: 'Z', midnight: true }; // as the API writes it
  return {
    form: r.pick(['date', 'seconds', 'seconds', 'minutes'] as const),
    sep: r.pick(['T', 'T', 't', ' ']),
    fraction: r.chance(0.4) ? 0 : 1 + r.int(9),
    decimal: r.chance(0.8) ? '.' : ',',
    zone: r.pick(['Z', 'Z', 'z', '', 'offset', 'offset-compact']),
    midnight: r.chance(0.7),
  };
}

function tsText(r: Rng, day: number, style: TsStyle, jitter: boolean): string {
  const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
  if (style.form === 'date') return date;
  const hms = style.midnight ? [0, 0, 0] : [r.int(24), r.int(60), r.int(60)];
  let text = `${date}${style.sep}${pad(hms[0]!)}:${pad(hms[1]!)}`;
  if (style.form === 'seconds') {
    text += `:${pad(hms[2]!)}`;
    if (style.fraction > 0) {
      let f = '';
      for (let i = 0; i < style.fraction; i++) f += jitter ? String(r.int(10)) : '0';
      text += style.decimal + f;
    }
  }
  if (style.zone === 'offset' || style.zone === 'offset-compact') {
    const sign = r.chance(0.5) ? '+' : '-';
    const h = r.int(24);
    const m = r.pick([0, 0, 30, 45, r.int(60)]);
    return text + sign + pad(h) + (style.zone === 'offset' ? ':' : '') + pad(m);
  }
  return text + style.zone;
}

interface Generated {
  page: Json[];
  /** Days used (epoch days), for pins. */
  days: number[];
  clientIds: string[];
}

function generatePage(r: Rng): Generated {
  const records = r.pick([0, 1, 1, 2, 3, 3, 4, 5, 6]);
  const firstDay = r.chance(0.9) ? 19_000 + r.int(2500) : r.pick([-400 + r.int(400), 24_800 + r.int(400), -25_000 + r.int(20_000)]);
  const dayCount = r.int(6);
  const days = Array.from({ length: dayCount }, (_, i) => firstDay + i);
  const style = tsStyle(r);
  const mixedStyles = r.chance(0.2);
  const jitter = r.chance(0.5);
  const shuffleKeys = r.chance(0.5);
  // ts first, then recv or sent in either order: buckets at the same index that start alike up to the second key.
  const tsFirst = shuffleKeys && r.chance(0.5);
  const recvKey = r.chance(0.7) ? '"recv"' : '"received"';
  const clientIds: string[] = [];
  const page: Json[] = [];
  for (let k = 0; k < records; k++) {
    let recordDays = days.slice(0, r.chance(0.7) ? days.length : r.int(days.length + 1));
    if (r.chance(0.15)) recordDays = r.shuffle([...recordDays]);
    if (r.chance(0.1) && days.length > 0) recordDays.push(r.pick(days));
    const buckets: Json[] = recordDays.map((day) => {
      const members: [string, Json][] = [
        ['"ts"', raw(JSON.stringify(tsText(r, day, mixedStyles ? tsStyle(r) : style, jitter)))],
        [r.chance(0.05) ? (recvKey === '"recv"' ? '"received"' : '"recv"') : recvKey, raw(validNumber(r))],
        ['"sent"', raw(validNumber(r))],
      ];
      if (tsFirst) return { obj: [members[0]!, ...r.shuffle(members.slice(1))] };
      return { obj: shuffleKeys ? r.shuffle(members) : members };
    });
    const clientId = r.chance(0.1) && clientIds.length > 0 ? r.pick(clientIds) : safeString(r, 1, 8);
    clientIds.push(clientId);
    const members: [string, Json][] = [['"clientId"', raw(JSON.stringify(clientId))]];
    const ip = r.int(10);
    if (ip < 6) members.push(['"clientIp"', raw(JSON.stringify(ip < 4 ? `10.0.${r.int(256)}.${r.int(256)}` : safeString(r, 0, 6)))]);
    else if (ip < 8) members.push(['"clientIp"', raw('null')]);
    members.push(['"clientMac"', raw(JSON.stringify(r.chance(0.7) ? `aa:bb:cc:00:00:${pad(r.int(100))}` : safeString(r, 1, 6)))]);
    members.push(['"usageHistory"', { arr: buckets }]);
    page.push({ obj: shuffleKeys ? r.shuffle(members) : members });
  }
  return { page, days, clientIds };
}

/** Whitespace makers: none, sparse single spaces (the API's own pages have none), or anything JSON allows. */
function wsMaker(r: Rng): () => string {
  const mode = r.int(4);
  if (mode === 0) return () => '';
  if (mode === 1) return () => (r.chance(0.15) ? ' ' : '');
  if (mode === 2) return () => (r.chance(0.1) ? r.pick([' ', '\n', '\t', '\r\n', '  ']) : '');
  return () => {
    let s = '';
    for (let n = r.int(3); n > 0; n--) s += r.pick([' ', '\t', '\n', '\r']);
    return s;
  };
}

function serialize(value: Json, ws: () => string): string {
  if ('raw' in value) return value.raw;
  if ('arr' in value) return value.arr.length === 0 ? `[${ws()}]` : `[${ws()}${value.arr.map((v) => serialize(v, ws)).join(`${ws()},${ws()}`)}${ws()}]`;
  if (value.obj.length === 0) return `{${ws()}}`;
  return `{${ws()}${value.obj.map(([k, v]) => `${k}${ws()}:${ws()}${serialize(v, ws)}`).join(`${ws()},${ws()}`)}${ws()}}`;
}

const serializePage = (page: Json[], ws: () => string) => ws() + serialize({ arr: page }, ws) + ws();

/** A record (object) and one of its buckets, adding them when the page has none. */
function target(r: Rng, page: Json[]): { record: [string, Json][]; bucket: [string, Json][]; history: Json[]; recordIndex: number } {
  if (page.length === 0) page.push({ obj: [['"clientId"', raw('"k"')], ['"clientMac"', raw('"m"')], ['"usageHistory"', { arr: [] }]] });
  const recordIndex = r.int(page.length);
  const record = (page[recordIndex] as { obj: [string, Json][] }).obj;
  const history = (record.find(([k]) => k === '"usageHistory"')![1] as { arr: Json[] }).arr;
  if (history.length === 0) history.push({ obj: [['"ts"', raw('"2026-10-27T00:00:00Z"')], ['"recv"', raw('1')], ['"sent"', raw('2')]] });
  const bucket = (history[r.int(history.length)] as { obj: [string, Json][] }).obj;
  return { record, bucket, history, recordIndex };
}

const BAD_NUMBERS = ['-5', '-0', '-0.0', '-1.5', '1e3', '1E3', '1.5e2', '2e-1', '1e+2', '01', '00', '00.5', '1.1234567', '0.0000001', '1234567890', '9999999999.5',
  '"12"', '"0"', '"1.5"', 'null', 'true', 'false', '[]', '{}', '.5', '5.', '+5', 'NaN', 'Infinity', '0x10', '1_000'];
const BAD_TS = ['"2026-02-30"', '"garbage"', '""', '"2026-10-27T24:00:00Z"', '"2026-10-27T00:00:00.Z"', '"2026-10-27T00:00:60Z"', '"2026-13-01"',
  '"2026-10-27T00:00:00+24:00"', '"2026-10-27T00:00:00Zjunk"', '"2026-10-27T00:00:00.5ZZ"', '"2026-10-27T00:00:00.5 "', '"2026-10-27T00:00:00+02"',
  '"2026-10-27T00:00:00+02:60"', '"2026-10-27T00:00:00.5x"', '"2026-10-27T00:00:00,"', '" 2026-10-27"', '"2026-10-27 "', '"2026-1-27"',
  'null', '1793059200', '"2026-10-27T00:00:00\\u005a"', '"2026-10-27T00:00:00.000000\\u005A"', '"2026-10-27T00:00:00.000000Zé"', '[]'];
const BAD_STRINGS = ['"k\\u0041"', '"a\\"b"', '"a\\\\b"', '"a\\/b"', '"a\\nb"', '"ké"', '"日本"', '"😀"', '"a\tb"', '"\u0001"', 'null', '5', 'true', '{}', '[]'];

/** Mutations after which the page is not a simple page any more: scanUsagePage must return null. */
const INVALIDATE: ((r: Rng, page: Json[]) => Json[] | string)[] = [
  (r, page) => {
    const { bucket } = target(r, page);
    const m = bucket.find(([k]) => k !== '"ts"')!;
    m[1] = raw(r.pick(BAD_NUMBERS));
    return page;
  },
  (r, page) => {
    const { bucket } = target(r, page);
    bucket.find(([k]) => k === '"ts"')![1] = raw(r.pick(BAD_TS));
    return page;
  },
  (r, page) => {
    // An invalid suffix after the same first 19 characters as a valid ts at the same index elsewhere.
    const { bucket } = target(r, page);
    const ts = bucket.find(([k]) => k === '"ts"')!;
    const text = JSON.parse((ts[1] as { raw: string }).raw) as string;
    const base = text.length >= 19 ? text.slice(0, 19) : `${text.slice(0, 10)}T00:00:00`;
    ts[1] = raw(JSON.stringify(base + r.pick(['.', ',', '.5ZZ', 'Z ', '.5x', 'ZZ', '+25:00', '+02:60', '.5+2', 'Zz', '.-1Z', '+0', 'x'])));
    return page;
  },
  (r, page) => {
    const { bucket } = target(r, page);
    bucket.splice(r.int(bucket.length), 1); // a bucket without ts, recv or sent
    return page;
  },
  (r, page) => {
    const { bucket } = target(r, page);
    const recv = bucket.find(([k]) => k === '"recv"' || k === '"received"')!;
    bucket.splice(r.int(bucket.length + 1), 0, [recv[0] === '"recv"' ? '"received"' : '"recv"', raw(validNumber(r))]);
    return page;
  },
  (r, page) => {
    const { bucket } = target(r, page);
    const member = r.pick(bucket);
    bucket.splice(r.int(bucket.length + 1), 0, [member[0], r.chance(0.5) ? member[1] : raw(member[0] === '"ts"' ? '"2026-10-28"' : validNumber(r))]);
    return page;
  },
  (r, page) => {
    const { record } = target(r, page);
    const member = r.pick(record);
    record.splice(r.int(record.length + 1), 0, [member[0], member[1]]);
    return page;
  },
  (r, page) => {
    // A key renamed to another key of the same object: one missing, one twice (e.g. sent twice and no recv).
    const { record, bucket } = target(r, page);
    const members = r.chance(0.8) ? bucket : record;
    const from = r.int(members.length);
    const to = (from + 1 + r.int(members.length - 1)) % members.length;
    members[from] = [members[to]![0], r.chance(0.5) ? members[from]![1] : members[to]![1]];
    return page;
  },
  (r, page) => {
    const { record, bucket } = target(r, page);
    const into = r.chance(0.5) ? record : bucket;
    const key = r.pick(['"foo"', '"clientip"', '"ssid"', '"Recv"', '"total"', '"TS"', '"clientId "', '""', '"recv\\u0000"', '"client\\u0049d"', '"usage"']);
    into.splice(r.int(into.length + 1), 0, [key, raw(r.pick(['1', 'null', '"x"', '[]']))]);
    return page;
  },
  (r, page) => {
    const { record } = target(r, page);
    const key = r.pick(['"clientId"', '"clientMac"', '"clientIp"']);
    const member = record.find(([k]) => k === key);
    const value = raw(r.pick(key === '"clientIp"' ? BAD_STRINGS.filter((s) => s !== 'null') : [...BAD_STRINGS, '""']));
    if (member) member[1] = value;
    else record.push([key, value]);
    return page;
  },
  (r, page) => {
    const { record } = target(r, page);
    const key = r.pick(['"clientId"', '"clientMac"', '"usageHistory"']);
    record.splice(record.findIndex(([k]) => k === key), 1);
    return page;
  },
  (r, page) => {
    const { record } = target(r, page);
    record.find(([k]) => k === '"usageHistory"')![1] = raw(r.pick(['null', '{}', '"x"', '5', '[[]]', '[null]', '[5]', '["x"]']));
    return page;
  },
  (r, page) => {
    const { recordIndex } = target(r, page);
    page[recordIndex] = raw(r.pick(['null', '5', '[]', '"x"', 'true']));
    return page;
  },
  (r, page) => {
    const { history } = target(r, page);
    history[r.int(history.length)] = raw(r.pick(['null', '5', '[]', '"x"', '{}']));
    return page;
  },
  (r, page) => {
    const { record } = target(r, page);
    const member = r.pick(record);
    // An escape in a key that spells the same key.
    member[0] = member[0].replace(/[a-z]/, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
    return page;
  },
  (r, page) => {
    target(r, page);
    const ws = wsMaker(r);
    const text = serializePage(page, ws);
    return r.pick([
      () => `{"items":${text}}`,
      () => `${text}${r.pick(['x', ',', '[]', '{}', ']', '0', 'null'])}`,
      () => `\ufeff${text}`,
      () => text.replace(/\](\s*)$/, ',]$1'), // [..., ]
      () => `${text.slice(0, text.lastIndexOf('}'))},${text.slice(text.lastIndexOf('}'))}`, // {..., }
    ])();
  },
];

/** Random byte-level damage: anything may come out, valid or not. */
function damage(r: Rng, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const kind = r.int(5);
  if (kind === 0 || bytes.length === 0) return bytes.subarray(0, r.int(bytes.length + 1));
  const at = r.int(bytes.length);
  const tokens = [...'"{}[],:-.eE0123456789 \\nulZT+'].map((c) => c.charCodeAt(0));
  if (kind === 1) {
    const copy = Buffer.from(bytes);
    for (let n = 1 + r.int(3); n > 0; n--) copy[r.int(copy.length)] = r.chance(0.6) ? r.pick(tokens) : r.int(256);
    return copy;
  }
  if (kind === 2) return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + r.int(4))]);
  if (kind === 3) return Buffer.concat([bytes.subarray(0, at), Buffer.from([r.chance(0.7) ? r.pick(tokens) : r.int(256)]), bytes.subarray(at)]);
  const from = r.int(bytes.length);
  return Buffer.concat([bytes.subarray(0, at), bytes.subarray(from, from + 1 + r.int(12)), bytes.subarray(at)]);
}

const SSIDS = ['', 'Corp', 'Gäste WLAN', 'a,b=c\\', '咖啡 😀', 'tab\tx', 'x\\'];

function contextOf(r: Rng): PointContext {
  const ctx: PointContext = { org: r.pick(['o1', 'org 2', 'o=3']), network: r.pick(['N_1', 'L_9,x']) };
  if (r.chance(0.3)) ctx.ssidNumber = r.int(15);
  if (r.chance(0.5)) {
    const salt = r.int(7);
    ctx.ssidOf = (id) => (id.length % 3 === 0 ? undefined : SSIDS[(id.length + salt) % SSIDS.length]);
  }
  return ctx;
}

function pinsOf(r: Rng, gen: Generated): Pins {
  const pins: Pins = {};
  for (const client of gen.clientIds) {
    if (!r.chance(0.5) || gen.days.length === 0) continue;
    const day = (gen.days[r.int(gen.days.length)]! - 1 + r.int(3)) * 86_400_000;
    pins[client] = { lastMs: day, segs: [[day - 5 * 86_400_000, 'ip-old', 'Old SSID'], [day, r.chance(0.5) ? 'ip-new' : '', '']] };
  }
  return pins;
}

describe('scanUsagePage: seeded fuzz against JSON.parse + encodeUsagePage', () => {
  const SEED = 0x5eed_2026;
  const PAGES = 3000;
  it('valid pages scan and match; invalid variants return null; damaged bodies never throw and match when read', () => {
    const r = rng(SEED);
    const failures: string[] = [];
    const stats = { valid: 0, invalid: 0, damaged: 0, damagedScanned: 0 };
    const report = (what: string, body: Buffer | string, problems: string[]) => {
      if (failures.length < 8) failures.push(`${what}: ${problems.join('; ')}\n  body: ${JSON.stringify(String(body).slice(0, 600))}`);
    };
    for (let i = 0; i < PAGES; i++) {
      const gen = generatePage(r);
      const ctx = contextOf(r);
      const ws = wsMaker(r);
      const text = serializePage(gen.page, ws);
      const usePins = r.chance(0.3);
      const initial = usePins ? pinsOf(r, gen) : undefined;
      const pins = initial && { fast: structuredClone(initial), slow: structuredClone(initial) };

      // 1. The valid page: must scan, and match.
      const valid = differential(text, ctx, pins);
      stats.valid++;
      if (valid.scanned === null) report(`#${i} valid page not scanned`, text, ['null']);
      else if (valid.problems.length > 0) report(`#${i} valid page`, text, valid.problems);

      // 2. An invalid variant: must be null (and the fallback must not throw).
      const mutated = r.pick(INVALIDATE)(r, structuredClone(gen.page));
      const invalidText = typeof mutated === 'string' ? mutated : serializePage(mutated, wsMaker(r));
      const invalid = differential(invalidText, ctx);
      stats.invalid++;
      if (invalid.scanned !== null || invalid.problems.length > 0) report(`#${i} invalid variant scanned`, invalidText, invalid.problems.length ? invalid.problems : ['not null']);
      try {
        fallbackOf(invalidText, ctx);
      } catch (error) {
        report(`#${i} fallback threw`, invalidText, [String(error)]);
      }

      // 3. Random damage of either: no throw; when read, the contract holds.
      for (const source of [text, invalidText]) {
        const body = damage(r, source);
        const outcome = differential(body, ctx);
        stats.damaged++;
        if (outcome.scanned !== null) stats.damagedScanned++;
        if (outcome.problems.length > 0) report(`#${i} damaged body`, body, outcome.problems);
      }
    }
    expect(failures).toEqual([]);
    // The generator must keep producing both kinds (else the test checks little).
    expect(stats.valid).toBe(PAGES);
    expect(stats.damagedScanned).toBeGreaterThan(100);
    expect(stats.damagedScanned).toBeLessThan(stats.damaged);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Pages from the simulator

describe('scanUsagePage on the simulator\'s own pages', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, rate: false, networksPerOrg: 2, clientsPerNetwork: 24 });
  });
  afterAll(() => sim.stop());

  /** Every usageHistories page body (bytes) for a network, following Link next. */
  async function bodies(query: string): Promise<Buffer[]> {
    const net = sim.world.networks[0]!;
    let url: string | undefined = `${sim.url}/networks/${net.id}/clients/usageHistories?clients=${net.clients.map((c) => c.key).join(',')}&perPage=7&timespan=${14 * 86_400}${query}`;
    const out: Buffer[] = [];
    while (url !== undefined) {
      const res = await fetch(url, { headers: { Authorization: `Bearer ${KEY}` } });
      expect(res.status).toBe(200);
      out.push(Buffer.from(await res.arrayBuffer()));
      url = parseLinks(res.headers.get('link')).next;
    }
    return out;
  }

  const ctxOf = (ssidNumber?: number): PointContext => {
    const net = sim.world.networks[0]!;
    const ssids = new Map(net.clients.map((c, i) => [c.key, i % 3 === 0 ? 'Guest, 2.4 GHz' : i % 3 === 1 ? 'Büro=1' : '']));
    return { org: net.organizationId, network: net.id, ssidNumber, ssidOf: (id) => ssids.get(id) };
  };

  it.each<[string, Partial<Quirks>, string]>([
    ['default quirks', { receivedField: false, tsJitter: false }, ''],
    ['receivedField', { receivedField: true, tsJitter: false }, ''],
    ['tsJitter', { receivedField: false, tsJitter: true }, ''],
    ['receivedField and tsJitter, per SSID', { receivedField: true, tsJitter: true }, '&ssidNumber=0'],
  ])('%s: every page scans and matches the fallback', async (_name, quirks, query) => {
    sim.setFaults({ malformedRecordRate: 0 });
    sim.setQuirks(quirks);
    const pages = await bodies(query);
    expect(pages.length).toBeGreaterThan(2);
    const ctx = ctxOf(query ? 0 : undefined);
    const pins = { fast: {} as Pins, slow: {} as Pins };
    const lines: string[] = [];
    for (const body of pages) {
      const text = body.toString();
      // The quirks are really on (or off) in what was served.
      expect(text.includes('"received":')).toBe(quirks.receivedField);
      expect(text.includes('"recv":')).toBe(!quirks.receivedField);
      expect(/T00:00:00\.(?!000000)\d{6}Z/.test(text)).toBe(quirks.tsJitter);
      lines.push(...expectScans(body, ctx, pins));
    }
    expect(lines.length).toBeGreaterThan(100);
    const clients = new Set(lines.map((l) => tagsOf(l, ['client']).slice('client='.length)));
    expect(clients.size).toBeGreaterThan(10);
    expect(Object.keys(pins.fast).sort()).toEqual([...clients].sort());
  });

  it('with malformedRecordRate 0.3: null, and the fallback rejects the bad buckets and keeps the rest', async () => {
    sim.setQuirks({ receivedField: false, tsJitter: false });
    sim.setFaults({ malformedRecordRate: 0.3 });
    try {
      const pages = await bodies('');
      expect(pages.length).toBeGreaterThan(2);
      for (const body of pages) {
        expect(differential(body, ctxOf())).toEqual({ scanned: null, problems: [], lines: [] });
        const fallback = fallbackOf(body, ctxOf());
        expect(fallback).toMatchObject({ rejects: expect.any(Number) });
        const { lines, rejects } = fallback as { lines: string[]; rejects: number };
        expect(rejects).toBeGreaterThan(0);
        expect(lines.length).toBeGreaterThan(0);
      }
    } finally {
      sim.setFaults({ malformedRecordRate: 0 });
    }
  });
});
