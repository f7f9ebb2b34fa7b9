/** Which lines of a `write` call a failure is about. */
export interface BatchRef {
  /** 0-based batch number within the `write` call. */
  index: number;
  /** Batches in the `write` call. */
  count: number;
  /** Index of the batch's first line within the lines given to `write`. */
  firstLine: number;
  lines: number;
}

export interface SinkWriteErrorData {
  /** The sink's description (never a secret). */
  sink: string;
  /** HTTP status of the last attempt, when there was a response. */
  status?: number;
  /** True when the failure was transient (network, 5xx, 429) and the retries were spent. */
  retryable: boolean;
  attempts: number;
  batch?: BatchRef;
}

/**
 * A `write` that did not store everything it was given. The lines of earlier batches may be stored; writing the
 * same lines again is safe (same series and timestamp overwrite). Messages never contain a secret.
 */
export class SinkWriteError extends Error {
  readonly sink: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly attempts: number;
  readonly batch: BatchRef | undefined;

  constructor(message: string, data: SinkWriteErrorData, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SinkWriteError';
    this.sink = data.sink;
    this.status = data.status;
    this.retryable = data.retryable;
    this.attempts = data.attempts;
    this.batch = data.batch;
  }
}

/** Replaces every occurrence of the given secrets (and their URL-encoded forms) with `***`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 3) continue; // too short to find without mangling ordinary text
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}

/** A URL fit for logs: no user info, no query string, no fragment. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}
