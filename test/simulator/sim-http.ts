/** HTTP helpers for the simulator tests (real requests over loopback). */
import { request } from 'node:http';

export const KEY = 'sim-test-key';
/** A Tuesday noon (UTC): a fixed simulated "now" for the tests. */
export const NOW = Date.parse('2026-03-10T12:00:00Z');
export const DAY = 86_400_000;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
  links: Record<string, string>;
}

export interface GetOptions {
  /** The API key (null: none). Default KEY. */
  key?: string | null;
  /** How the key is sent. Default 'bearer'. */
  header?: 'bearer' | 'legacy';
  redirect?: 'manual' | 'follow';
}

export async function apiGet(url: string, o: GetOptions = {}): Promise<Answer> {
  const key = o.key === undefined ? KEY : o.key;
  const headers: Record<string, string> = {};
  if (key !== null) {
    if ((o.header ?? 'bearer') === 'bearer') headers.Authorization = `Bearer ${key}`;
    else headers['X-Cisco-Meraki-API-Key'] = key;
  }
  const res = await fetch(url, { headers, redirect: o.redirect ?? 'manual' });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body, links: parseLinks(res.headers.get('link')) };
}

/** rel -> URL of a Link header (quoted or not). */
export function parseLinks(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of (header ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]+)>;\s*rel="?([a-z]+)"?$/.exec(part.trim());
    if (m?.[1] && m[2]) links[m[2]] = m[1];
  }
  return links;
}

/** Follows rel=next from `url`, returning every item of every page and the page count. */
export async function walk<T>(url: string, maxPages = 10_000): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let next: string | undefined = url;
  let pages = 0;
  while (next !== undefined) {
    const page = await apiGet(next);
    if (page.status !== 200) throw new Error(`page ${pages} of ${url}: HTTP ${page.status} ${page.text}`);
    items.push(...(page.body as T[]));
    pages++;
    if (pages > maxPages) throw new Error('too many pages');
    next = page.links.next;
  }
  return { items, pages };
}

export function errorsOf(a: Answer): string[] {
  return (a.body as { errors: string[] }).errors;
}

/** A GET from a chosen local source address (e.g. 127.0.0.2), for per-IP limits. */
export async function getFrom(localAddress: string, url: string): Promise<{ status: number; retryAfter: string | undefined }> {
  return await new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers: { Authorization: `Bearer ${KEY}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
    });
    req.on('error', reject);
    req.end();
  });
}
