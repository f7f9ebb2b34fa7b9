import type { HeaderBag } from './error-mapping.js';
import type { BodyAs } from './http-transport.js';
import type { MerakiApiError } from './meraki-api-error.js';

/** A call: an absolute URL (followed exactly as given), the organization charged (null: IP limit only). */
export interface ApiCall {
  url: string;
  orgId: string | null;
  operation: string;
  /** How the 2xx body comes: parsed as JSON (default), or its bytes (a Buffer) for the caller to read. */
  bodyAs?: BodyAs;
}

export interface ApiResponse {
  /** The 2xx status that answered. */
  status: number;
  data: unknown;
  headers: HeaderBag;
  /** The URL that answered (after redirects); relative Link targets resolve against it. */
  url: string;
  /**
   * Requests the same URL again because the caller found the body unusable (`error`, retryable: e.g. bytes that are
   * not JSON): the next attempt of this call, after the usual wait and within the same retry budget.
   */
  retry(error: MerakiApiError, signal?: AbortSignal): Promise<ApiResponse>;
}

/** Where a call's attempts stand: the URL they go to, attempts made, and when the first started. */
export interface CallProgress {
  url: string;
  attempt: number;
  startedMs: number;
}
