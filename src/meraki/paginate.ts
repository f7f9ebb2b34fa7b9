import { nextPageUrl } from './link-header.js';
import { headerValue } from './error-mapping.js';
import { MerakiApiError } from './meraki-api-error.js';
import type { ApiCall, ApiResponse } from './request-runner.js';

/** How many of the last page URLs are remembered to detect a Link loop (memory stays bounded). */
const RECENT_URLS = 16;

/** Runs one call (with its retries); the pager's only dependency. */
export type CallRunner = (call: ApiCall, signal?: AbortSignal) => Promise<ApiResponse>;

/** A page's body (parsed, or what the call's `read` made of it) as the page the caller wants; throws if it is not one. */
export type PageOf<P> = (data: unknown, operation: string) => P;

/** A parsed body as a page of items; throws when it is not a JSON array. */
export function asPage<T>(data: unknown, operation: string): T[] {
  if (!Array.isArray(data)) {
    throw new MerakiApiError({ operation, reason: 'bad-response', retryable: false, detail: 'expected a JSON array page' });
  }
  return data as T[];
}

/** Like `paginate`, with each page made by `pageOf` from the body (parsed, or what the call's `read` made of it). */
export async function* paginateWith<P>(run: CallRunner, first: ApiCall, pageOf: PageOf<P>, signal?: AbortSignal): AsyncGenerator<P, void, undefined> {
  let call: ApiCall | null = first;
  const recent: string[] = [];
  while (call) {
    recent.push(call.url);
    if (recent.length > RECENT_URLS) recent.shift();
    const response = await run(call, signal);
    const page = pageOf(response.data, call.operation);
    const link = nextPageUrl(headerValue(response.headers, 'link'));
    const next = link === null ? null : /^[a-z][a-z0-9+.-]*:/i.test(link) ? link : new URL(link, response.url).href;
    if (next !== null && recent.includes(next)) {
      throw new MerakiApiError({ operation: call.operation, reason: 'bad-response', retryable: false,
        detail: 'the Link header points back to a page already read' });
    }
    call = next === null ? null : { ...call, url: next };
    yield page;
  }
}

/**
 * Pages of a paginated GET, one at a time (memory bounded by one page). Follows the Link header's `next`
 * exactly as given (the runner refuses untrusted hosts) and stops when there is none.
 */
export function paginate<T>(run: CallRunner, first: ApiCall, signal?: AbortSignal): AsyncGenerator<T[], void, undefined> {
  return paginateWith(run, first, asPage<T>, signal);
}

/** Every item of every page, concatenated (for small collections such as organizations). */
export async function collectPages<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}
