/** Why a request is tried again. */
export type RetryReason = 'rate-limited' | 'server-error' | 'network' | 'timeout' | 'invalid-json';

/** What the client reports through `onEvent` (orgId is null for calls not charged to an organization). */
export type MerakiEvent =
  | {
      type: 'request';
      orgId: string | null;
      operation: string;
      /** Response status; null when no response arrived. */
      status: number | null;
      /** When the request was sent (clock ms) and how long until its response was read. */
      startedAtMs: number;
      durationMs: number;
      /** 1 for the first attempt of a call. */
      attempt: number;
    }
  | { type: 'retry'; orgId: string | null; operation: string; reason: RetryReason; waitMs: number; attempt: number }
  | {
      type: 'rateLimited';
      orgId: string | null;
      operation: string;
      /** The server's Retry-After (ms), null when absent. */
      retryAfterMs: number | null;
      /** The wait applied: Retry-After capped at maxRetryAfterMs, or a backoff step. */
      waitMs: number;
      /** When the 429 was received (clock ms). */
      atMs: number;
    }
  | { type: 'redirect'; orgId: string | null; operation: string; status: number; toHost: string }
  | { type: 'failure'; orgId: string | null; operation: string; error: Error };

export interface OrgStats {
  requests: number;
  rateLimited: number;
  retries: number;
}

/** Counters since the client was made. `requests` counts every HTTP request sent (retries and redirects too). */
export interface MerakiStats {
  requests: number;
  retries: number;
  rateLimited: number;
  /** Calls that ended in an error (after retries). */
  failures: number;
  perOrg: Record<string, OrgStats>;
}

/** Keeps the counters of one client from its events. */
export class StatsRecorder {
  readonly #stats: MerakiStats = { requests: 0, retries: 0, rateLimited: 0, failures: 0, perOrg: {} };

  #org(orgId: string): OrgStats {
    this.#stats.perOrg[orgId] ??= { requests: 0, rateLimited: 0, retries: 0 };
    return this.#stats.perOrg[orgId];
  }

  record(event: MerakiEvent): void {
    const org = event.orgId === null ? null : this.#org(event.orgId);
    if (event.type === 'request') {
      this.#stats.requests++;
      if (org) org.requests++;
    } else if (event.type === 'retry') {
      this.#stats.retries++;
      if (org) org.retries++;
    } else if (event.type === 'rateLimited') {
      this.#stats.rateLimited++;
      if (org) org.rateLimited++;
    } else if (event.type === 'failure') {
      this.#stats.failures++;
    }
  }

  /** A deep copy. */
  snapshot(): MerakiStats {
    return structuredClone(this.#stats);
  }
}
