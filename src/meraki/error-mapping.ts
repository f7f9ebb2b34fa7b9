import { egressHint, isPermanentEgressError } from '../net/egress-errors.js';
import { parseRetryAfterMs } from '../retry/retry-after.js';
import { MerakiApiError } from './meraki-api-error.js';

/** How messages name the Meraki edge's CA setting. */
export const MERAKI_CA_SETTING = 'MERAKI_CA_FILE (meraki.caFile)';

/** Response headers as Node gives them (lower-case names). */
export type HeaderBag = Record<string, string | string[] | number | undefined | null>;

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (value == null) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Meraki's `{"errors": ["..."]}` messages (strings only, each cut to 500 characters). */
export function errorMessages(body: string): string[] {
  try {
    const parsed: unknown = JSON.parse(body);
    const errors = (parsed as { errors?: unknown } | null)?.errors;
    if (Array.isArray(errors)) return errors.filter((e) => typeof e === 'string').map((e) => e.slice(0, 500));
  } catch {
    // not JSON: no messages
  }
  return [];
}

/** A body as text: UTF-8 without a byte order mark (as axios decodes a `text` response). */
export function bodyText(body: Buffer): string {
  const text = body.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The error for a 2xx body that is not JSON (truncated, or an HTML error page): retried. */
export function invalidJsonError(operation: string, status: number, headers: HeaderBag, body: Buffer, cause: unknown): MerakiApiError {
  return new MerakiApiError({
    operation,
    reason: 'invalid-json',
    status,
    detail: `invalid or truncated JSON body (${bodyText(body).length} characters)`,
    requestId: headerValue(headers, 'x-request-id'),
    retryable: true,
    cause,
  });
}

/** Statuses retried: 429 and 5xx (a 501 Not Implemented will not get better, so it is not). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

/** The error for a non-2xx, non-redirect response. */
export function errorFromResponse(
  operation: string,
  status: number,
  headers: HeaderBag,
  body: string,
  nowMs: number,
): MerakiApiError {
  return new MerakiApiError({
    operation,
    reason: 'http',
    status,
    messages: errorMessages(body),
    requestId: headerValue(headers, 'x-request-id'),
    retryable: isRetryableStatus(status),
    retryAfterMs: isRetryableStatus(status) ? parseRetryAfterMs(headerValue(headers, 'retry-after'), nowMs) : undefined,
  });
}

/**
 * A copy of a transport error holding only its name, code and message, so that nothing of the request
 * configuration (headers with the key) is reachable from a MerakiApiError.
 */
export function sanitizeCause(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const code = (error as { code?: unknown }).code;
  const copy = new Error(error.message);
  copy.name = error.name;
  if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
  return copy;
}

/** The error for a request that got no response (reset, refused, DNS, socket timeout). */
export function errorFromNetwork(operation: string, error: unknown, timedOut: boolean): MerakiApiError {
  const cause = sanitizeCause(error);
  const code = (cause as Error & { code?: string }).code;
  return new MerakiApiError({
    operation,
    reason: timedOut ? 'timeout' : 'network',
    detail: timedOut
      ? 'no complete response within the timeout'
      : [code, cause.message].filter(Boolean).join(' ') + egressHint(cause, MERAKI_CA_SETTING),
    // A certificate that does not verify, or a proxy refusing the tunnel, will not heal by retrying.
    retryable: timedOut || !isPermanentEgressError(cause),
    cause,
  });
}
