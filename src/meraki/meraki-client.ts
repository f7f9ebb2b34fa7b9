import { systemClock } from '../clock.js';
import type { Clock } from '../clock.js';
import { resolveClientOptions } from './client-options.js';
import type { MerakiClientOptions, ResolvedClientOptions } from './client-options.js';
import type { MerakiEvent, MerakiStats } from './events.js';
import { StatsRecorder } from './events.js';
import { Egress } from '../net/egress.js';
import { MERAKI_CA_SETTING } from './error-mapping.js';
import { HttpTransport } from './http-transport.js';

export { MERAKI_CA_SETTING };
import { createOrgApi } from './org-api.js';
import type { OrgApi } from './org-api.js';
import { collectPages, paginate } from './paginate.js';
import type { RateLimiter } from './rate-limiter.js';
import { RequestRunner } from './request-runner.js';
import type { ApiCall, ApiResponse } from './api-call.js';
import { buildApiUrl } from './request-url.js';
import { createHostPolicy } from '../net/trusted-hosts.js';
import type { Organization } from './types.js';
import { defaultUserAgent } from './user-agent.js';

/** Organizations per page of GET /organizations (Meraki allows 3-9000). */
export const ORGANIZATIONS_PER_PAGE = 9000;

/**
 * The Meraki Dashboard API v1 client: rate limits per organization and per IP, retries, trusted redirects,
 * Link pagination. The constructor validates options and makes no network calls; `close()` frees sockets.
 */
export class MerakiClient {
  /** The resolved options without secrets (no key, no proxy URL: it may hold credentials) and without wiring. */
  readonly options: Readonly<Omit<ResolvedClientOptions, 'apiKey' | 'proxy' | 'egress'>>;
  readonly #stats = new StatsRecorder();
  readonly #transport: HttpTransport;
  readonly #runner: RequestRunner;
  readonly #orgApis = new Map<string, OrgApi>();

  constructor(options: MerakiClientOptions) {
    const resolved = resolveClientOptions(options);
    const clock: Clock = resolved.clock ?? systemClock;
    const { apiKey, proxy, egress: given, ...rest } = resolved;
    this.options = Object.freeze(rest);
    const egress = given ?? new Egress({ proxy, caFile: resolved.caFile, caSetting: MERAKI_CA_SETTING });
    this.#transport = new HttpTransport({ apiKey, userAgent: resolved.userAgent ?? defaultUserAgent(), timeoutMs: resolved.timeoutMs, clock, egress });
    const emit = (event: MerakiEvent): void => {
      this.#stats.record(event);
      try {
        resolved.onEvent?.(event);
      } catch (error) {
        resolved.logger?.warn('meraki onEvent handler threw', { error: String(error) });
      }
    };
    const isTrusted = createHostPolicy(resolved.baseUrl, resolved.trustedHosts);
    this.#runner = new RequestRunner(resolved, this.#transport, clock, isTrusted, emit);
  }

  /** GET /organizations, every page. Charged to the per-IP limit only. */
  async organizations(signal?: AbortSignal): Promise<Organization[]> {
    const url = buildApiUrl(this.options.baseUrl, '/organizations', { perPage: ORGANIZATIONS_PER_PAGE });
    return collectPages(paginate<Organization>(this.#run, { url, orgId: null, operation: 'GET /organizations' }, signal));
  }

  /** The API of one organization; every call through it is charged to that organization's limiter. */
  org(orgId: string): OrgApi {
    let api = this.#orgApis.get(orgId);
    if (!api) {
      api = createOrgApi(orgId, this.options.baseUrl, this.#run);
      this.#orgApis.set(orgId, api);
    }
    return api;
  }

  /** A GET of any absolute URL under the trusted hosts (for endpoints without a typed function). */
  get(call: ApiCall, signal?: AbortSignal): Promise<ApiResponse> {
    return this.#run(call, signal);
  }

  /** The limiter of an organization (its current rate reflects 429 slow-downs). */
  orgLimiter(orgId: string): RateLimiter {
    return this.#runner.orgLimiter(orgId);
  }

  /** Counters since construction (a copy). */
  stats(): MerakiStats {
    return this.#stats.snapshot();
  }

  /** Closes idle keep-alive sockets; in-flight requests finish. */
  close(): void {
    this.#transport.close();
  }

  readonly #run = (call: ApiCall, signal?: AbortSignal): Promise<ApiResponse> => this.#runner.run(call, signal);
}
