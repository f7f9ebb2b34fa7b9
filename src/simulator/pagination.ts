/** Link-header pagination with opaque tokens (startingAfter / endingBefore carry an item key, checksummed). */
import { badRequest } from './api-error.js';
import { hash4 } from './hash.js';

/** The key "after everything": endingBefore with it gives the last page. */
export const END_KEY = Number.MAX_SAFE_INTEGER;

export interface Keyed<T> {
  key: number;
  item: T;
}

/** Items in increasing key order, read lazily. */
export interface PageSource<T> {
  /** Up to `limit` items with key > afterKey, increasing. */
  after(afterKey: number, limit: number): Keyed<T>[];
  /** Up to `limit` items with key < beforeKey (the closest ones), increasing. */
  before(beforeKey: number, limit: number): Keyed<T>[];
}

export interface Page<T> {
  items: T[];
  prevKey: number | undefined;
  nextKey: number | undefined;
}

/** A PageSource over an array; keys are the positions. */
export function arraySource<T>(items: readonly T[]): PageSource<T> {
  const keyed = (from: number, to: number): Keyed<T>[] => {
    const out: Keyed<T>[] = [];
    for (let i = Math.max(0, from); i < Math.min(items.length, to); i++) out.push({ key: i, item: items[i] as T });
    return out;
  };
  return {
    after: (afterKey, limit) => keyed(afterKey + 1, afterKey + 1 + limit),
    before: (beforeKey, limit) => keyed(Math.min(beforeKey, items.length) - limit, Math.min(beforeKey, items.length)),
  };
}

export function encodeToken(seed: number, key: number): string {
  const check = hash4(seed, key % 0x7fffffff, Math.floor(key / 0x7fffffff), 0x70c).toString(36);
  return Buffer.from(`p1.${key.toString(36)}.${check}`).toString('base64url');
}

export function decodeToken(seed: number, token: string, name: string): number {
  const [version, key36, check] = Buffer.from(token, 'base64url').toString('utf8').split('.');
  const key = key36 === undefined ? NaN : parseInt(key36, 36);
  if (version !== 'p1' || !Number.isSafeInteger(key) || encodeToken(seed, key) !== token || check === undefined) {
    throw badRequest(`'${name}' is not a valid page token`);
  }
  return key;
}

/** One page, from the request's startingAfter / endingBefore tokens. */
export function paginate<T>(seed: number, source: PageSource<T>, perPage: number, query: URLSearchParams): Page<T> {
  const after = query.get('startingAfter');
  const before = query.get('endingBefore');
  let got: Keyed<T>[];
  let prevKey: number | undefined;
  let nextKey: number | undefined;
  if (before !== null && after === null) {
    got = source.before(decodeToken(seed, before, 'endingBefore'), perPage + 1);
    if (got.length > perPage) got = got.slice(1);
    const last = got[got.length - 1];
    if (last && source.after(last.key, 1).length > 0) nextKey = last.key;
  } else {
    got = source.after(after === null ? -1 : decodeToken(seed, after, 'startingAfter'), perPage + 1);
    if (got.length > perPage) {
      got = got.slice(0, perPage);
      nextKey = got[got.length - 1]?.key;
    }
  }
  const first = got[0];
  if (first && source.before(first.key, 1).length > 0) prevKey = first.key;
  return { items: got.map((k) => k.item), prevKey, nextKey };
}

export interface LinkOptions {
  seed: number;
  /** Scheme, host and path of the links, e.g. "http://127.0.0.1:8787/api/v1/networks/N_1/clients". */
  base: string;
  /** The request's raw query string (without "?"); other parameters are kept exactly as sent. */
  rawQuery: string;
  quotedRel: boolean;
  withPrev: boolean;
}

/** The Link header of a page: first, prev (if any), next (if any), last. */
export function linkHeader(page: Page<unknown>, o: LinkOptions): string {
  const kept = o.rawQuery.split('&').filter((p) => p !== '' && !p.startsWith('startingAfter=') && !p.startsWith('endingBefore='));
  const url = (param: string, key: number): string =>
    `${o.base}?${[...kept, `${param}=${encodeToken(o.seed, key)}`].join('&')}`;
  const rel = (name: string): string => (o.quotedRel ? `rel="${name}"` : `rel=${name}`);
  const links = [`<${url('startingAfter', -1)}>; ${rel('first')}`];
  if (o.withPrev && page.prevKey !== undefined) links.push(`<${url('endingBefore', page.prevKey)}>; ${rel('prev')}`);
  if (page.nextKey !== undefined) links.push(`<${url('startingAfter', page.nextKey)}>; ${rel('next')}`);
  links.push(`<${url('endingBefore', END_KEY)}>; ${rel('last')}`);
  return links.join(', ');
}
