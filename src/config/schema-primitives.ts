import { validate as validateCron } from 'node-cron';
import { z } from 'zod';
import { parseHostRule } from '../net/trusted-hosts.js';

/** Building blocks of the config schema: values may come as strings (environment, `${VAR}`) and are coerced. */

function toNumber(v: unknown): unknown {
  return typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

function toBoolean(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : v;
}

function toList(v: unknown): unknown {
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'number' ? String(x) : x));
  return v;
}

export interface NumberRule {
  int?: boolean;
  min?: number;
  max?: number;
  /** Exclusive lower bound. */
  gt?: number;
  example: number;
}

function describeNumber(r: NumberRule): string {
  const kind = r.int ? 'a whole number' : 'a number';
  let range = '';
  if (r.min !== undefined && r.max !== undefined) range = ` from ${r.min} to ${r.max}`;
  else if (r.gt !== undefined) range = ` > ${r.gt}`;
  else if (r.min !== undefined) range = ` >= ${r.min}`;
  return `expected ${kind}${range}, e.g. ${r.example}`;
}

export function num(rule: NumberRule) {
  const error = describeNumber(rule);
  let s = z.number({ error });
  if (rule.int) s = s.int({ error });
  if (rule.min !== undefined) s = s.min(rule.min, { error });
  if (rule.max !== undefined) s = s.max(rule.max, { error });
  if (rule.gt !== undefined) s = s.gt(rule.gt, { error });
  return z.preprocess(toNumber, s);
}

export function bool() {
  return z.preprocess(toBoolean, z.boolean({ error: 'expected true or false' }));
}

export function text(example: string) {
  return z.string({ error: `expected a non-empty string, e.g. ${example}` }).min(1, {
    error: `expected a non-empty string, e.g. ${example}`,
  });
}

/** A list of strings; a string is split on commas (`a, b` -> [a, b]); numbers become strings. */
export function list(example: string) {
  return z.preprocess(toList, z.array(text(example), { error: `expected a list (or comma-separated), e.g. ${example}` }));
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(', ')}` });
}

export function httpUrl(example: string) {
  const error = `expected an http(s) URL, e.g. ${example}`;
  return z.string({ error }).refine((s) => isHttpUrl(s), { error });
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A regular expression source (compiled case-insensitively by the collector), or null for no filter. */
export function regex() {
  return z
    .string({ error: 'expected a regular expression or null, e.g. ^iOS' })
    .superRefine((s, ctx) => {
      try {
        new RegExp(s, 'i');
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
      }
    })
    .nullable();
}

export function cronExpression() {
  const error = 'expected a cron expression (minute hour day month weekday), e.g. 7 * * * *';
  return z.string({ error }).refine((s) => validateCron(s), { error });
}

export function timeZone() {
  const error = 'expected an IANA time zone, e.g. UTC or Europe/Berlin';
  return z.string({ error }).refine((tz) => isTimeZone(tz), { error });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const ID = /^[A-Za-z0-9_.:-]+$/;

/** Meraki ids (organization `123456`, network `L_6468...`): a list, or a comma-separated string. */
export function ids(example: string) {
  const error = `expected ids separated by commas, e.g. ${example}`;
  return z.preprocess(toList, z.array(z.string({ error }).regex(ID, { error }), { error }));
}

/** `apiVersion`: 1 or 2, as a number or a string. */
export function influxApiVersion() {
  const error = 'expected 2 (InfluxDB 2.x, 3.x, 1.8+) or 1 (InfluxDB before 1.8)';
  return z.preprocess(toNumber, z.union([z.literal(1), z.literal(2)], { error }));
}

const SHARD = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;

/** `{ index, count }`, or the string `i/n` (0-based: `0/2` and `1/2` are the two halves). */
export function shard() {
  const error = 'expected i/n with 0 <= i < n, e.g. 0/2';
  const shape = z.strictObject(
    { index: num({ int: true, min: 0, example: 0 }), count: num({ int: true, min: 1, example: 2 }) },
    { error },
  );
  return z.preprocess(
    (v) => {
      const m = typeof v === 'string' ? SHARD.exec(v) : null;
      return m ? { index: Number(m[1]), count: Number(m[2]) } : v;
    },
    shape.refine((s) => s.index < s.count, { error, path: ['index'] }),
  );
}

/** `trustedHosts` entries, checked by the Meraki client's own parser. */
export function hostList() {
  const error = 'expected host, host:port or *.suffix entries, e.g. *.meraki.com';
  const host = z.string({ error }).refine((s) => isHostRule(s), { error });
  return z.preprocess(toList, z.array(host, { error }));
}

function isHostRule(entry: string): boolean {
  try {
    parseHostRule(entry);
    return true;
  } catch {
    return false;
  }
}

/** A proxy URL (`http://host:port`, `https://...`, credentials allowed; `host:port` means http://), or null. */
export function proxyUrl() {
  const error = 'expected a proxy URL like http://proxy.example:3128 (credentials: http://user:password@host:port), or empty';
  return z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.includes('://') ? v.trim() : `http://${v.trim()}`) : v),
    z.string({ error }).refine((s) => isProxyUrl(s), { error }).nullable(),
  );
}

function isProxyUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && (u.pathname === '/' || u.pathname === '') && !u.search;
  } catch {
    return false;
  }
}

/** NO_PROXY entries: a list, or a string separated by commas or spaces. */
export function noProxyList() {
  const error = 'expected host names, .domains, host:port, IP addresses, CIDR ranges or *, e.g. localhost,.corp.example';
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter((s) => s !== '') : v),
    z.array(z.string({ error }).regex(/^[^\s,/]+(\/\d{1,3})?$/, { error }), { error }),
  );
}

/** A file path (checked for a readable PEM certificate by the loader), or null. */
export function pemFile() {
  const error = 'expected the path of a PEM file of CA certificates, e.g. /etc/ssl/certs/corp-ca.pem, or null';
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string({ error }).min(1, { error }).nullable());
}
