import { HttpError } from '@influxdata/influxdb-client';
import { egressHint, errorText, isPermanentEgressError } from '../net/egress-errors.js';
import { parseRetryAfterMs } from '../retry/retry-after.js';
import type { AttemptFailure } from '../retry/with-retries.js';
import { INFLUX_CA_SETTING } from './influx-transport.js';

/** Thrown by one attempt; carries the retry decision made where the failure was understood. */
export class AttemptError extends Error {
  constructor(
    message: string,
    readonly failure: Omit<AttemptFailure, 'error'>,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AttemptError';
  }
}

/**
 * The error of one failed request, with the retry decision: network errors are retried unless the certificate or
 * the proxy refused (that does not heal), 429 and 5xx are retried after their `Retry-After`, any other status is
 * final, with a hint where one helps. Messages are scrubbed of the target's secrets.
 */
export function attemptErrorOf(error: unknown, path: string, target: { writePath: string; notFoundHint: string }, scrub: (text: string) => string): AttemptError {
  if (!(error instanceof HttpError)) {
    const e = asError(error);
    const text = errorText(e) + egressHint(e, INFLUX_CA_SETTING);
    // A certificate that does not verify, or a proxy refusing the tunnel, is not retried (it will not heal).
    return new AttemptError(scrub(text), { retryable: !isPermanentEgressError(e) }, undefined, { cause: e });
  }
  const status = error.statusCode;
  const detail = scrub(serverMessage(error.body) || error.statusMessage || '');
  const text = `HTTP ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfterMs(error.headers?.['retry-after'], Date.now());
    return new AttemptError(text, { retryable: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }, status);
  }
  const hint =
    status === 401 || status === 403
      ? ' (check the credentials)'
      : status === 404 && path === target.writePath
        ? ` (${target.notFoundHint})`
        : status === 413
          ? ' (lower batchSize)'
          : status >= 300 && status < 400
            ? ' (redirects are not followed: set the URL of the server itself)'
            : '';
  return new AttemptError(text + hint, { retryable: false }, status);
}

/** The `error`/`message` of an InfluxDB JSON error body, or the body's start. */
function serverMessage(body: string | undefined): string {
  if (!body) return '';
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown };
    const msg = json.error ?? json.message;
    if (typeof msg === 'string') return msg.slice(0, 500);
  } catch {
    // not JSON: use the text itself
  }
  return body.trim().slice(0, 500);
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
