/** Query parameter parsing and validation, with Meraki-style 400 errors that name the parameter. */
import { badRequest } from './api-error.js';
import { DAY_MS } from './day-buckets.js';

/** 31 days, the API's lookback and longest window, in milliseconds. */
export const MAX_WINDOW_MS = 31 * DAY_MS;
/** Longest `timespan`, seconds (31 days). */
export const MAX_TIMESPAN_S = 2_678_400;

export function perPageParam(query: URLSearchParams, min: number, max: number, fallback: number): number {
  const raw = query.get('perPage');
  if (raw === null) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw badRequest(`'perPage' must be an integer between ${min} and ${max}`);
  }
  return n;
}

/** ISO 8601 or epoch seconds, to milliseconds. */
export function timeParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) * 1000 : Date.parse(raw);
  if (raw.trim() === '' || !Number.isFinite(ms)) throw badRequest(`'${name}' must be an ISO 8601 time or epoch seconds`);
  return ms;
}

export function ssidNumberParam(query: URLSearchParams): number | undefined {
  const raw = query.get('ssidNumber');
  if (raw === null) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > 14) {
    throw badRequest(`'ssidNumber' must be an integer between 0 and 14`);
  }
  return n;
}

export interface WindowRules {
  nowMs: number;
  /** Allow a `t1` parameter (usageHistories) or not (clients). */
  allowT1: boolean;
  /** t0's lookback is measured from now, or from the start of today (UTC). */
  lookbackFrom: 'now' | 'today';
}

/** The window [t0Ms, t1Ms] of a request: t0/t1, or timespan (seconds), default the last day. */
export function windowParams(query: URLSearchParams, rules: WindowRules): { t0Ms: number; t1Ms: number } {
  const t0 = timeParam(query, 't0');
  const t1 = rules.allowT1 ? timeParam(query, 't1') : undefined;
  const timespanRaw = query.get('timespan');
  if (timespanRaw !== null) {
    if (t0 !== undefined || t1 !== undefined) throw badRequest(`'timespan' cannot be used together with 't0' or 't1'`);
    const seconds = Number(timespanRaw);
    if (timespanRaw.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMESPAN_S) {
      throw badRequest(`'timespan' must be a number of seconds greater than 0 and at most ${MAX_TIMESPAN_S}`);
    }
    return { t0Ms: rules.nowMs - seconds * 1000, t1Ms: rules.nowMs };
  }
  const lookbackBase = rules.lookbackFrom === 'now' ? rules.nowMs : Math.floor(rules.nowMs / DAY_MS) * DAY_MS;
  const t0Ms = t0 ?? (t1 !== undefined ? t1 - DAY_MS : rules.nowMs - DAY_MS);
  if (t0Ms < lookbackBase - MAX_WINDOW_MS) {
    throw badRequest(`'t0' must be within 31 days of now (the maximum lookback period is 31 days)`);
  }
  const t1Ms = t1 ?? Math.min(rules.nowMs, t0Ms + MAX_WINDOW_MS);
  if (t1 !== undefined && t1 < t0Ms) throw badRequest(`'t1' must not be before 't0'`);
  if (t1Ms - t0Ms > MAX_WINDOW_MS) throw badRequest(`'t1' can be at most 31 days after 't0'`);
  return { t0Ms, t1Ms };
}

/** `name[]` values (also accepts plain `name`). */
export function arrayParam(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(`${name}[]`), ...query.getAll(name)].filter((v) => v !== '');
}
