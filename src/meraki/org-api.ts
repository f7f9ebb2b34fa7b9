import type { CallRunner, PageBytes } from './paginate.js';
import { collectPages, paginate, paginateBytes } from './paginate.js';
import { buildApiUrl, segment } from './request-url.js';
import type { Network, NetworkClient, Ssid } from './types.js';

export interface NetworksQuery {
  productTypes?: string[];
  tags?: string[];
  tagsFilterType?: 'withAnyTags' | 'withAllTags';
  /** 3-100000. Default 1000. */
  perPage?: number;
}

export interface ClientsQuery {
  /** ISO 8601 start, at most 31 days back; not with `timespan`. */
  t0?: string;
  /** Seconds back from now, at most 2678400; not with `t0`. */
  timespan?: number;
  /** 3-5000. Default 5000. */
  perPage?: number;
  statuses?: string[];
  vlan?: string;
  recentDeviceConnections?: string[];
  os?: string;
  description?: string;
}

export interface UsageHistoriesQuery {
  /** Client keys, MACs or IPs; sent comma-separated (chunk them: long URLs get HTTP 414). */
  clients: string[];
  t0?: string;
  t1?: string;
  /** 0-14: usage on that SSID only. */
  ssidNumber?: number;
  /** 3-1000. Default 1000. */
  perPage?: number;
}

export const DEFAULT_NETWORKS_PER_PAGE = 1000;
export const DEFAULT_CLIENTS_PER_PAGE = 5000;
export const DEFAULT_USAGE_PER_PAGE = 1000;

/** The API of one organization: every request is charged to that organization's rate limiter. */
export interface OrgApi {
  readonly orgId: string;
  /** GET /organizations/{orgId}/networks, page by page. */
  networks(query?: NetworksQuery, signal?: AbortSignal): AsyncIterable<Network[]>;
  /** GET /networks/{networkId}/clients, page by page. */
  clients(networkId: string, query: ClientsQuery, signal?: AbortSignal): AsyncIterable<NetworkClient[]>;
  /** GET /networks/{networkId}/wireless/ssids. */
  ssids(networkId: string, signal?: AbortSignal): Promise<Ssid[]>;
  /** GET /networks/{networkId}/clients/usageHistories, page by page, items unvalidated; each page is a fresh array the caller owns (it may empty it). */
  usageHistories(networkId: string, query: UsageHistoriesQuery, signal?: AbortSignal): AsyncIterable<unknown[]>;
  /**
   * `usageHistories` as each page's bytes, for the caller to read (the collector scans them, see
   * `transform/scan-usage-page.ts`); bytes that are not JSON are fetched again through `PageBytes.refetchInvalidJson`.
   */
  usageHistoryPages(networkId: string, query: UsageHistoriesQuery, signal?: AbortSignal): AsyncIterable<PageBytes>;
}

/** The URL of the first usageHistories page (pure; lets callers keep URLs under a length limit). */
export function usageHistoriesUrl(baseUrl: string, networkId: string, query: UsageHistoriesQuery): string {
  if (!Array.isArray(query.clients) || query.clients.length === 0) {
    throw new TypeError('Expected `clients` to be a non-empty array of client ids');
  }
  return buildApiUrl(baseUrl, `/networks/${segment(networkId)}/clients/usageHistories`, {
    clients: query.clients.join(','),
    t0: query.t0,
    t1: query.t1,
    ssidNumber: query.ssidNumber,
    perPage: query.perPage ?? DEFAULT_USAGE_PER_PAGE,
  });
}

/** An OrgApi over `run`, with requests under `baseUrl`. */
export function createOrgApi(orgId: string, baseUrl: string, run: CallRunner): OrgApi {
  const org = segment(orgId);
  const call = (path: string, url: string) => ({ orgId, operation: `GET ${path}`, url });
  const usagePath = (networkId: string) => `/networks/${segment(networkId)}/clients/usageHistories`;
  return {
    orgId,
    networks(query = {}, signal) {
      const path = `/organizations/${org}/networks`;
      const url = buildApiUrl(baseUrl, path, {
        productTypes: query.productTypes,
        tags: query.tags,
        tagsFilterType: query.tags?.length ? query.tagsFilterType : undefined,
        perPage: query.perPage ?? DEFAULT_NETWORKS_PER_PAGE,
      });
      return paginate<Network>(run, call(path, url), signal);
    },
    clients(networkId, query, signal) {
      const path = `/networks/${segment(networkId)}/clients`;
      const { perPage = DEFAULT_CLIENTS_PER_PAGE, ...filters } = query;
      const url = buildApiUrl(baseUrl, path, { ...filters, perPage });
      return paginate<NetworkClient>(run, call(path, url), signal);
    },
    async ssids(networkId, signal) {
      const path = `/networks/${segment(networkId)}/wireless/ssids`;
      return collectPages(paginate<Ssid>(run, call(path, buildApiUrl(baseUrl, path)), signal));
    },
    usageHistories(networkId, query, signal) {
      return paginate<unknown>(run, call(usagePath(networkId), usageHistoriesUrl(baseUrl, networkId, query)), signal);
    },
    usageHistoryPages(networkId, query, signal) {
      return paginateBytes(run, call(usagePath(networkId), usageHistoriesUrl(baseUrl, networkId, query)), signal);
    },
  };
}
