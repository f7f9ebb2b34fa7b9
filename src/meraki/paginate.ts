import { nextPageUrl } from './link-header.js';
import { headerValue, invalidJsonError } from './error-mapping.js';
import { MerakiApiError } from './meraki-api-error.js';
import type { ApiCall, ApiResponse } from './api-call.js';

/** How many of the last page URLs are remembered to detect a Link loop (memory stays bounded). */
const RECENT_URLS = 16;

/** Runs one call (with its retries); the pager's only dependency. */
export type CallRunner = (call: ApiCall, signal?: AbortSignal) => Promise<ApiResponse>;

/** A parsed body as the page the caller wants; throws if it is not one. */
export type PageOf<P> = (data: unknown, operation: string) => P;

/** A parsed body as a page of items; throws when it is not a JSON array. */
export function asPage<T>(data: unknown, operation: string): T[] {
  if (!Array.isArray(data)) {
    throw new MerakiApiError({ operation, reason: 'bad-response', retryable: false, detail: 'expected a JSON array page' });
  }
  return data as T[];
}

/**
 * One page of a paginated GET as the bytes that answered (2xx, not read yet): the caller reads them. When they are
 * not JSON, `refetchInvalidJson` asks for the same page again (a retry of its request, reason `invalid-json`,
 * within the call's retry budget) and resolves with the new bytes, which are this page's from then on; it rejects
 * with a MerakiApiError when the retries are spent. The next page is the one the last answer's Link names.
 */
export interface PageBytes {
  readonly body: Buffer;
  /** The request, e.g. `GET /networks/N_1/clients/usageHistories` (for errors). */
  readonly operation: string;
  refetchInvalidJson(cause: unknown): Promise<Buffer>;
}

/** The pages of a paginated GET as their bytes (see PageBytes); the caller reads each before asking for the next. */
export async function* paginateBytes(run: CallRunner, first: ApiCall, signal?: AbortSignal): AsyncGenerator<PageBytes, void, undefined> {
  yield* pages(run, { ...first, bodyAs: 'bytes' }, signal, (response, call) => {
    const page = {
      body: response.current().data as Buffer,
      operation: call.operation,
      refetchInvalidJson: async (cause: unknown): Promise<Buffer> => {
        const current = response.current();
        const error = invalidJsonError(call.operation, current.status, current.headers, page.body, cause);
        response.replace(await current.retry(error, signal));
        page.body = response.current().data as Buffer;
        return page.body;
      },
    };
    return page;
  });
}

/** Like `paginate`, with each page made by `pageOf` from the parsed body. */
export function paginateWith<P>(run: CallRunner, first: ApiCall, pageOf: PageOf<P>, signal?: AbortSignal): AsyncGenerator<P, void, undefined> {
  return pages(run, first, signal, (response, call) => pageOf(response.current().data, call.operation));
}

/** The latest answer for the current page (a refetch replaces it). */
interface Answer {
  current(): ApiResponse;
  replace(response: ApiResponse): void;
}

async function* pages<P>(run: CallRunner, first: ApiCall, signal: AbortSignal | undefined, pageOf: (answer: Answer, call: ApiCall) => P): AsyncGenerator<P, void, undefined> {
  let call: ApiCall | null = first;
  const recent: string[] = [];
  while (call) {
    recent.push(call.url);
    if (recent.length > RECENT_URLS) recent.shift();
    const asked: ApiCall = call;
    let response = await run(asked, signal);
    let next = nextCall(asked, response, recent);
    const answer: Answer = {
      current: () => response,
      replace: (r) => {
        response = r;
        next = nextCall(asked, r, recent);
      },
    };
    yield pageOf(answer, asked);
    call = next;
  }
}

/** The call for the page the Link header names after `response`, or null on the last page. */
function nextCall(call: ApiCall, response: ApiResponse, recent: string[]): ApiCall | null {
  const link = nextPageUrl(headerValue(response.headers, 'link'));
  const next = link === null ? null : /^[a-z][a-z0-9+.-]*:/i.test(link) ? link : new URL(link, response.url).href;
  if (next !== null && recent.includes(next)) {
    throw new MerakiApiError({ operation: call.operation, reason: 'bad-response', retryable: false,
      detail: 'the Link header points back to a page already read' });
  }
  return next === null ? null : { ...call, url: next };
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
