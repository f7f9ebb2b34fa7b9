/** Defaults of every option; documented with units in src/config/types.ts and config/example.yaml. */

export const DEFAULT_MERAKI_BASE_URL = 'https://api.meraki.com/api/v1';
/**
 * Extra hosts the key may be sent to. The Meraki client always trusts the host of `baseUrl` and Meraki's own
 * domains (*.meraki.com, .ca, .cn, .in, *.gov-meraki.com), so nothing more is needed against the real API.
 */
export const DEFAULT_TRUSTED_HOSTS: readonly string[] = [];
export const DEFAULT_RATE_PER_ORG_PER_SECOND = 8;
/** Requests per second all instances behind one source IP may spend together (Meraki allows 100 per IP). */
export const DEFAULT_IP_BUDGET_PER_SECOND = 90;
export const DEFAULT_CONCURRENCY_PER_ORG = 4;
export const DEFAULT_MERAKI_TIMEOUT_MS = 30_000;
export const DEFAULT_MERAKI_MAX_RETRIES = 8;
export const DEFAULT_MAX_RETRY_ELAPSED_MS = 300_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** 31 days, the longest lookback of the usage and clients endpoints. */
export const MAX_LOOKBACK_SECONDS = 31 * 24 * 3600;
export const DEFAULT_LOOKBACK_SECONDS = MAX_LOOKBACK_SECONDS;
export const DEFAULT_CLIENTS_PER_REQUEST = 1000;
export const DEFAULT_MAX_URL_LENGTH = 7000;
export const DEFAULT_USAGE_PER_PAGE = 1000;
export const DEFAULT_NETWORK_CONCURRENCY = 8;
/** Closed daily buckets fetched again by every run (Meraki may still add to them). */
export const DEFAULT_SETTLE_DAYS = 2;
/** Consecutive runs a rejected record holds its unit's checkpoint before it is given up. */
export const DEFAULT_REJECT_HOLD_RUNS = 3;
/** Networks collected at once over all organizations: enough to keep 90 requests/s busy at Meraki's latency. */
export const DEFAULT_NETWORKS_IN_FLIGHT = 64;

export const DEFAULT_INFLUX_API_VERSION = 2;
export const DEFAULT_INFLUX_BATCH_SIZE = 5000;
export const DEFAULT_INFLUX_TIMEOUT_MS = 10_000;
export const DEFAULT_INFLUX_MAX_RETRIES = 5;

export const DEFAULT_FILE_SINK_DIR = './out';
export const DEFAULT_STATE_DIR = './state';
export const DEFAULT_SCHEDULE_CRON = '7 * * * *';
export const DEFAULT_SCHEDULE_TIMEZONE = 'UTC';
/** Seconds without progress after which a run counts as wedged: above the longest single wait (300 s of retries). */
export const DEFAULT_STALL_LIMIT_SECONDS = 900;

/** No proxy, no extra CA, certificates verified (the proxy variables and CA files add them). */
export const DEFAULT_HTTPS_PROXY: string | null = null;
export const DEFAULT_HTTP_PROXY: string | null = null;
export const DEFAULT_NO_PROXY: readonly string[] = [];
export const DEFAULT_CA_FILE: string | null = null;
export const DEFAULT_INFLUX_TLS_SKIP_VERIFY = false;
