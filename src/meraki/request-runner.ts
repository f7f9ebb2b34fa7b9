import type { LimitFunction } from 'p-limit';
import pLimit from 'p-limit';
import type { Clock } from '../clock.js';
import { raceAbort, sleep, throwIfAborted } from '../retry/abortable.js';
import type { AbortWatch } from '../retry/abortable.js';
import { AbortFanout } from '../retry/abort-fanout.js';
import { retryWaitMs } from '../retry/backoff.js';
import { checkedUrl } from './checked-url.js';
import type { ResolvedClientOptions } from './client-options.js';
import type { MerakiEvent, RetryReason } from './events.js';
import type { ApiCall, ApiResponse, CallProgress } from './api-call.js';
import type { AttemptOutcome, HttpTransport } from './http-transport.js';
import { MerakiApiError } from './meraki-api-error.js';
import { FairQueue } from './fair-queue.js';
import { RateLimiter } from './rate-limiter.js';

interface OrgGate {
  limiter: RateLimiter;
  limit: LimitFunction;
}

const REASONS: Record<string, RetryReason> = { network: 'network', timeout: 'timeout', 'invalid-json': 'invalid-json' };

/**
 * Runs calls through the per-organization limiter (token bucket + p-limit), the per-IP limiter, redirects
 * (trusted hosts only) and bounded retries. The only place that decides about retrying.
 */
export class RequestRunner {
  readonly #orgs = new Map<string, OrgGate>();
  readonly #ip: RateLimiter;
  /** The IP's tokens, round-robin over organizations (fair sharing of the per-IP budget). */
  readonly #ipQueue: FairQueue;
  readonly #fanout = new AbortFanout();

  constructor(
    private readonly options: Readonly<ResolvedClientOptions>,
    private readonly transport: HttpTransport,
    private readonly clock: Clock,
    private readonly isTrusted: (url: URL) => boolean,
    private readonly emit: (event: MerakiEvent) => void,
  ) {
    this.#ip = new RateLimiter({ ratePerSecond: options.ratePerIpPerSecond, burst: options.burstPerIp }, clock);
    this.#ipQueue = new FairQueue(this.#ip);
  }

  /** The limiter of an organization (created on first use). */
  orgLimiter(orgId: string): RateLimiter {
    return this.#gate(orgId).limiter;
  }

  #gate(orgId: string): OrgGate {
    let gate = this.#orgs.get(orgId);
    if (!gate) {
      const limiter = new RateLimiter({ ratePerSecond: this.options.ratePerOrgPerSecond, burst: this.options.burstPerOrg }, this.clock);
      gate = { limiter, limit: pLimit(this.options.concurrencyPerOrg) };
      this.#orgs.set(orgId, gate);
    }
    return gate;
  }

  /** Performs the call; resolves with the 2xx body or rejects with a MerakiApiError (or the abort reason). */
  run(call: ApiCall, signal?: AbortSignal): Promise<ApiResponse> {
    return this.#reported(call, signal, async (watch) => {
      const progress = { url: checkedUrl(call.operation, call.url, this.isTrusted), attempt: 0, startedMs: this.clock.now() };
      return this.#run(call, watch, progress);
    });
  }

  /** Runs `work` with a watch of `signal`; a failure (not an abort) is emitted once. */
  async #reported(call: ApiCall, signal: AbortSignal | undefined, work: (watch: AbortWatch | undefined) => Promise<ApiResponse>): Promise<ApiResponse> {
    try {
      return await work(this.#fanout.watch(signal));
    } catch (error) {
      if (!signal?.aborted) this.emit({ type: 'failure', orgId: call.orgId, operation: call.operation, error: error as Error });
      throw error;
    }
  }

  async #run(call: ApiCall, signal: AbortWatch | undefined, progress: CallProgress): Promise<ApiResponse> {
    let { url, attempt } = progress;
    let redirects = 0;
    for (;;) {
      attempt++;
      const outcome = await this.#attempt(call, url, attempt, signal);
      if (outcome.kind === 'ok') {
        if (call.orgId !== null) this.#gate(call.orgId).limiter.reward();
        const done = { url, attempt, startedMs: progress.startedMs };
        return { status: outcome.status, data: outcome.data, headers: outcome.headers, url, retry: (error, retrySignal) => this.#retry(call, done, error, retrySignal) };
      }
      if (outcome.kind === 'redirect') {
        if (++redirects > this.options.maxRedirects) {
          throw new MerakiApiError({ operation: call.operation, reason: 'redirect', status: outcome.status, retryable: false,
            detail: `more than ${this.options.maxRedirects} redirects` });
        }
        url = checkedUrl(call.operation, new URL(outcome.location, url).href, this.isTrusted, outcome.status);
        this.emit({ type: 'redirect', orgId: call.orgId, operation: call.operation, status: outcome.status, toHost: new URL(url).host });
        attempt--;
        continue;
      }
      const waitMs = this.#retryWait(call, outcome, attempt, progress.startedMs);
      await sleep(waitMs, signal);
    }
  }

  /** After the caller rejected a 2xx body: waits as after a failed attempt, then goes on with the call's attempts. */
  #retry(call: ApiCall, done: CallProgress, error: MerakiApiError, signal?: AbortSignal): Promise<ApiResponse> {
    return this.#reported(call, signal, async (watch) => {
      const waitMs = this.#retryWait(call, { kind: 'error', status: error.status ?? null, error }, done.attempt, done.startedMs);
      await sleep(waitMs, watch);
      return this.#run(call, watch, done);
    });
  }

  /** The wait before the next attempt; throws when the error is final or the retry budget is spent. */
  #retryWait(call: ApiCall, outcome: Extract<AttemptOutcome, { kind: 'error' }>, attempt: number, startedMs: number): number {
    const { error, status } = outcome;
    if (!error.retryable) throw error;
    const o = this.options;
    const waitMs = retryWaitMs({ retry: attempt, status, retryAfterMs: error.retryAfterMs, baseMs: o.backoffBaseMs,
      maxMs: o.backoffMaxMs, maxRetryAfterMs: o.maxRetryAfterMs, random: o.random ?? Math.random });
    const now = this.clock.now();
    if (status === 429) {
      // Slow down even when this call gives up: the organization's other calls must respect the wait too.
      this.#limiterFor429(call.orgId, error).penalize(waitMs);
      this.emit({ type: 'rateLimited', orgId: call.orgId, operation: call.operation, retryAfterMs: error.retryAfterMs ?? null,
        waitMs, atMs: now });
    }
    if (attempt > o.maxRetries || now + waitMs - startedMs > o.maxRetryElapsedMs) throw error.exhausted(attempt);
    const reason: RetryReason = status === 429 ? 'rate-limited' : REASONS[error.reason] ?? 'server-error';
    this.emit({ type: 'retry', orgId: call.orgId, operation: call.operation, reason, waitMs, attempt });
    o.logger?.debug('meraki request retry', { operation: call.operation, orgId: call.orgId, reason, status, waitMs, attempt });
    return waitMs;
  }

  /** One HTTP request after the limiters admitted it. */
  async #attempt(call: ApiCall, url: string, attempt: number, signal: AbortWatch | undefined): Promise<AttemptOutcome> {
    const send = async (): Promise<AttemptOutcome> => {
      await this.#admit(call.orgId, signal);
      const startedAtMs = this.clock.now();
      const outcome = await this.transport.get(url, call.operation, signal, call.bodyAs);
      this.emit({ type: 'request', orgId: call.orgId, operation: call.operation, status: outcome.status, startedAtMs,
        durationMs: this.clock.now() - startedAtMs, attempt });
      return outcome;
    };
    if (call.orgId === null) return send();
    return raceAbort(this.#gate(call.orgId).limit(send), signal);
  }

  /**
   * Takes a token from the organization's bucket, then from the IP bucket (its turn in the round over the
   * organizations waiting for it); starts over if a 429 paused
   * either limiter meanwhile, so that no request starts inside a Retry-After wait.
   */
  async #admit(orgId: string | null, signal: AbortWatch | undefined): Promise<void> {
    const org = orgId === null ? null : this.#gate(orgId).limiter;
    for (;;) {
      throwIfAborted(signal);
      await org?.acquire(signal);
      await this.#ipQueue.acquire(orgId ?? '', signal);
      const now = this.clock.now();
      if (now >= this.#ip.pausedUntilMs && (!org || now >= org.pausedUntilMs)) return;
    }
  }

  /** The limiter a 429 slows down: the IP's when Meraki names the IP limit or no organization is charged. */
  #limiterFor429(orgId: string | null, error: MerakiApiError): RateLimiter {
    if (orgId === null || error.messages.some((m) => /\bIP\b/.test(m))) return this.#ip;
    return this.#gate(orgId).limiter;
  }
}
