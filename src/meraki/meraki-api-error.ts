/** Why a request failed; `http` covers every non-2xx status the client does not handle itself. */
export type MerakiErrorReason =
  | 'http'
  | 'network'
  | 'timeout'
  | 'invalid-json'
  | 'bad-response'
  | 'untrusted-host'
  | 'redirect';

export interface MerakiApiErrorData {
  /** What was attempted, e.g. `GET /networks/N_1/clients/usageHistories` (never a query string or key). */
  operation: string;
  reason: MerakiErrorReason;
  status?: number;
  /** Meraki's `errors` messages from the body. */
  messages?: string[];
  /** The `X-Request-Id` response header. */
  requestId?: string;
  retryable: boolean;
  /** The server's Retry-After, milliseconds. */
  retryAfterMs?: number;
  /** Attempts made before giving up (set when retries ran out). */
  attempts?: number;
  /** A short description used when there is no status (network error code, parse error). */
  detail?: string;
  cause?: unknown;
}

function describe(data: MerakiApiErrorData): string {
  const parts = [data.operation];
  if (data.status !== undefined) parts.push(`HTTP ${data.status}`);
  else parts.push(data.reason);
  if (data.detail) parts.push(data.detail);
  if (data.messages && data.messages.length > 0) parts.push(data.messages.join('; '));
  let msg = parts.join(': ');
  if (data.requestId) msg += ` (request id ${data.requestId})`;
  if (data.attempts !== undefined) msg += ` (gave up after ${data.attempts} attempts)`;
  return msg;
}

/**
 * A failed Meraki API call. Carries its own retry decision. The message holds the operation, the status,
 * Meraki's messages and the request id; never the API key (keys only travel in headers, and `cause` is a
 * sanitised error, never the raw HTTP error with its request configuration).
 */
export class MerakiApiError extends Error {
  override readonly name = 'MerakiApiError';
  readonly operation: string;
  readonly reason: MerakiErrorReason;
  readonly status?: number;
  readonly messages: string[];
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly attempts?: number;

  constructor(data: MerakiApiErrorData) {
    super(describe(data), data.cause === undefined ? undefined : { cause: data.cause });
    this.operation = data.operation;
    this.reason = data.reason;
    this.status = data.status;
    this.messages = data.messages ?? [];
    this.requestId = data.requestId;
    this.retryable = data.retryable;
    this.retryAfterMs = data.retryAfterMs;
    this.attempts = data.attempts;
  }

  /** The same error, marked final after `attempts` attempts. */
  exhausted(attempts: number): MerakiApiError {
    return new MerakiApiError({ ...this.data(), retryable: false, attempts, cause: this });
  }

  data(): MerakiApiErrorData {
    return {
      operation: this.operation,
      reason: this.reason,
      status: this.status,
      messages: this.messages,
      requestId: this.requestId,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
    };
  }
}
