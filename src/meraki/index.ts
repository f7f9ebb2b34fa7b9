export { MerakiClient, ORGANIZATIONS_PER_PAGE } from './meraki-client.js';
export type { OrgApi, NetworksQuery, ClientsQuery, UsageHistoriesQuery } from './org-api.js';
export { asPage, type PageBytes } from './paginate.js';
export {
  usageHistoriesUrl,
  DEFAULT_CLIENTS_PER_PAGE,
  DEFAULT_NETWORKS_PER_PAGE,
  DEFAULT_USAGE_PER_PAGE,
} from './org-api.js';
export * from './client-options.js';
export { MerakiApiError } from './meraki-api-error.js';
export { bodyText } from './error-mapping.js';
export type { MerakiApiErrorData, MerakiErrorReason } from './meraki-api-error.js';
export type { MerakiEvent, MerakiStats, OrgStats, RetryReason } from './events.js';
export type { ApiCall, ApiResponse } from './api-call.js';
export { parseLinkHeader, nextPageUrl, findLink } from './link-header.js';
export type { LinkValue } from './link-header.js';
export { MERAKI_TRUSTED_HOSTS, createHostPolicy } from '../net/trusted-hosts.js';
export { buildApiUrl, buildQueryString } from './request-url.js';
export { TokenBucket } from './token-bucket.js';
export { RateLimiter } from './rate-limiter.js';
export { defaultUserAgent } from './user-agent.js';
export type * from './types.js';
