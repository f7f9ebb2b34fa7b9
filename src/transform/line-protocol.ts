import { SSID_USAGE_MEASUREMENT, USAGE_MEASUREMENT, type UsagePoint } from './usage-point.js';

/**
 * InfluxDB line protocol, precision seconds. Pure and allocation-light: this is the hot path of the pipeline.
 *
 * Tag keys and values escape `,`, `=` and space with a backslash. Backslashes are the one place where servers
 * disagree: InfluxDB 1.x/2.x keep `\\` in a tag as two backslashes, VictoriaMetrics (and line-protocol v2) read it
 * as one, and VictoriaMetrics silently drops a line with `\\,`. So a backslash is written as is when it is
 * followed by an ordinary character (same value everywhere), and replaced by `/` where it would start an escape
 * sequence (before `\`, `,`, `=`, space, or at the end), which no server can read the same way. Control characters
 * (newlines included) become spaces. Empty tag values are left out (InfluxDB rejects `ip=`).
 */

/** One field value: numbers are always written as floats (never an `i` suffix), so a field's type never changes. */
export type FieldValue = number | string | boolean;

/** Escapes a tag key, tag value or field key. */
export function escapeTag(value: string): string {
  return needsRewrite(value, true) ? rewrite(value, true) : value;
}

/** Escapes a measurement name (`,` and space; `=` is allowed). */
export function escapeMeasurement(value: string): string {
  return needsRewrite(value, false) ? rewrite(value, false) : value;
}

function needsRewrite(value: string, escapeEquals: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || c === 0x2c || c === 0x5c || c === 0x7f || (escapeEquals && c === 0x3d)) return true;
  }
  return false;
}

function rewrite(value: string, escapeEquals: boolean): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) c = 0x20;
    if (c === 0x5c /* \ */) {
      const next = i + 1 < value.length ? value.charCodeAt(i + 1) : -1;
      const startsEscape = next === -1 || next === 0x5c || next === 0x2c || next === 0x20 || next === 0x3d || next < 0x20 || next === 0x7f;
      out += startsEscape ? '/' : '\\';
    } else if (c === 0x2c /* , */ || c === 0x20 || (escapeEquals && c === 0x3d) /* = */) {
      out += '\\' + String.fromCharCode(c);
    } else {
      out += String.fromCharCode(c);
    }
  }
  return out;
}

const MICRO = 1e6;

/**
 * A float field value as decimal text that parses back to exactly `value`; throws on NaN and infinities, which line
 * protocol cannot carry. Fast path for non-negative values with at most 6 decimals (usage in kilobytes): when
 * `round(value * 1e6) / 1e6 === value`, the text of that integer over 10^6 parses to `value` (division and decimal
 * parsing both round the same exact quotient to nearest), and printing two small integers is about twice as fast
 * as the shortest-round-trip `String(value)`, which the other values get.
 */
export function formatFloat(value: number): string {
  const micros = Math.round(value * MICRO);
  if (micros / MICRO === value && micros >= 0 && micros < 1e15) {
    const whole = Math.floor(micros / MICRO);
    let fraction = micros - whole * MICRO;
    if (fraction === 0) return '' + whole;
    if (fraction > 0 && fraction < MICRO) {
      let width = 6;
      while (fraction % 10 === 0) {
        fraction /= 10;
        width--;
      }
      const digits = '' + fraction;
      return whole + (digits.length === width ? '.' : '.000000'.slice(0, 1 + width - digits.length)) + digits;
    }
  }
  if (!Number.isFinite(value)) throw new RangeError(`line protocol cannot carry a non-finite float: ${value}`);
  return String(value);
}

function formatField(key: string, value: FieldValue): string {
  if (typeof value === 'number') return formatFloat(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return `"${value.replace(/["\\]/g, '\\$&')}"`;
  throw new TypeError(`unsupported value for field ${key}: ${typeof value}`);
}

/**
 * Encodes one point: tags in sorted key order, empty tag values left out, numbers as floats, time in whole seconds
 * (floored). Throws when there is no field or a value cannot be written.
 */
export function encodeLine(
  measurement: string,
  tags: Readonly<Record<string, string>>,
  fields: Readonly<Record<string, FieldValue>>,
  timeSeconds: number,
): string {
  let line = escapeMeasurement(measurement);
  for (const key of Object.keys(tags).sort()) {
    const value = tags[key];
    if (key && value) line += `,${escapeTag(key)}=${escapeTag(value)}`;
  }
  let sep = ' ';
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key];
    if (!key || value === undefined) continue;
    line += `${sep}${escapeTag(key)}=${formatField(key, value)}`;
    sep = ',';
  }
  if (sep === ' ') throw new RangeError(`a line needs at least one field (measurement ${measurement})`);
  if (!Number.isFinite(timeSeconds)) throw new RangeError(`invalid timestamp for ${measurement}: ${timeSeconds}`);
  return `${line} ${Math.floor(timeSeconds)}`;
}

/** The measurement and tag set of a usage point (its series key), escaped, tags in sorted key order. */
export function usageSeriesKey(p: UsagePoint): string {
  return usageSeriesKeyOf(p.client, p.ip, p.mac, p.network, p.org, p.ssid, p.ssidNumber);
}

/** `usageSeriesKey` from the tag values themselves (no point object needed). */
export function usageSeriesKeyOf(client: string, ip: string, mac: string, network: string, org: string, ssid: string, ssidNumber: number | undefined): string {
  let key = ssidNumber === undefined ? USAGE_MEASUREMENT : SSID_USAGE_MEASUREMENT;
  if (client) key += ',client=' + escapeTag(client);
  if (ip) key += ',ip=' + escapeTag(ip);
  if (mac) key += ',mac=' + escapeTag(mac);
  if (network) key += ',network=' + escapeTag(network);
  if (org) key += ',org=' + escapeTag(org);
  if (ssid) key += ',ssid=' + escapeTag(ssid);
  if (ssidNumber !== undefined) key += ',ssid_number=' + String(ssidNumber);
  return key;
}

/**
 * The part of a usage line after its series key: ` recv=<kB>,sent=<kB> <seconds>`. Joined rather than
 * concatenated: `join` makes one flat string where `+` leaves a tree of rope nodes, and a page's lines stay alive
 * until the sink has them (with the key shared, a line then takes ~100 bytes of heap instead of ~270).
 */
export function usageFieldsText(recvKb: number, sentKb: number, timeSeconds: number): string {
  return [' recv=', formatFloat(recvKb), ',sent=', formatFloat(sentKb), ' ', Math.floor(timeSeconds)].join('');
}

function usageFields(p: UsagePoint): string {
  return usageFieldsText(p.recvKb, p.sentKb, p.timeSeconds);
}

/** One usage point as one line: `client_usage[_by_ssid],client=..,ip=..,... recv=<kB>,sent=<kB> <seconds>`. */
export function encodeUsagePoint(p: UsagePoint): string {
  return usageSeriesKey(p) + usageFields(p);
}

/**
 * Many usage points, reusing the escaped series key while consecutive points share their tags (as the points of
 * one API record do): the fast path for whole pages.
 */
export function encodeUsagePoints(points: readonly UsagePoint[]): string[] {
  const lines = new Array<string>(points.length);
  let prev: UsagePoint | undefined;
  let key = '';
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (!prev || !sameSeries(prev, p)) key = usageSeriesKey(p);
    lines[i] = key + usageFields(p);
    prev = p;
  }
  return lines;
}

function sameSeries(a: UsagePoint, b: UsagePoint): boolean {
  return (
    a.client === b.client &&
    a.ip === b.ip &&
    a.mac === b.mac &&
    a.network === b.network &&
    a.org === b.org &&
    a.ssid === b.ssid &&
    a.ssidNumber === b.ssidNumber
  );
}
