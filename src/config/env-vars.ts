/** An environment variable and the config key it sets (lists are comma-separated, numbers and booleans parsed). */
export interface EnvVar {
  name: string;
  /** Dotted config key, e.g. `targets.orgIds`. */
  key: string;
  /** One line for docs and .env.example. */
  doc: string;
  secret?: boolean;
}

/** Every environment variable the loader reads (besides MERAKI_USAGE_CONFIG, the config file path). */
export const ENV_VARS: readonly EnvVar[] = [
  { name: 'MERAKI_API_KEY', key: 'meraki.apiKey', doc: 'Meraki Dashboard API key', secret: true },
  { name: 'MERAKI_BASE_URL', key: 'meraki.baseUrl', doc: 'API base URL (default https://api.meraki.com/api/v1)' },
  { name: 'MERAKI_TRUSTED_HOSTS', key: 'meraki.trustedHosts', doc: 'extra hosts the key may go to, comma-separated' },
  { name: 'MERAKI_ORG_IDS', key: 'targets.orgIds', doc: 'organization ids, comma-separated (all their networks)' },
  { name: 'MERAKI_NETWORK_IDS', key: 'targets.networkIds', doc: 'network ids to keep, comma-separated (optional)' },
  { name: 'INFLUX_URL', key: 'influx.url', doc: 'InfluxDB URL; unset = line-protocol files in ./out' },
  { name: 'INFLUX_API_VERSION', key: 'influx.apiVersion', doc: '2 (InfluxDB 2.x, 3.x, 1.8+) or 1 (before 1.8)' },
  { name: 'INFLUX_TOKEN', key: 'influx.token', doc: 'API v2 token (on 1.8: user:password)', secret: true },
  { name: 'INFLUX_ORG', key: 'influx.org', doc: 'API v2 organization (on 1.8: any value, e.g. -)' },
  { name: 'INFLUX_BUCKET', key: 'influx.bucket', doc: 'API v2 bucket (on 1.8: database/retention-policy)' },
  { name: 'INFLUX_DATABASE', key: 'influx.database', doc: 'API v1 database' },
  { name: 'INFLUX_RETENTION_POLICY', key: 'influx.retentionPolicy', doc: 'API v1 retention policy (optional)' },
  { name: 'INFLUX_USERNAME', key: 'influx.username', doc: 'API v1 user (optional)' },
  { name: 'INFLUX_PASSWORD', key: 'influx.password', doc: 'API v1 password (optional)', secret: true },
  { name: 'COLLECTOR_SCHEDULE', key: 'schedule.cron', doc: 'cron expression of the daemon (default 7 * * * *)' },
  { name: 'COLLECTOR_TIMEZONE', key: 'schedule.timezone', doc: 'IANA time zone of the schedule (default UTC)' },
  { name: 'COLLECTOR_RUN_AT_START', key: 'schedule.runAtStart', doc: 'run when the daemon starts (default true)' },
  { name: 'COLLECTOR_STATE_DIR', key: 'state.dir', doc: 'folder of the checkpoint files (default ./state)' },
  { name: 'COLLECTOR_STATE_STORE', key: 'state.store', doc: 'file (default) or influx' },
  { name: 'COLLECTOR_OUT_DIR', key: 'fileSink.dir', doc: 'line-protocol files when no InfluxDB (default ./out)' },
  { name: 'COLLECTOR_SHARD', key: 'collection.shard', doc: 'this instance\'s shard of the organizations, i/n (default 0/1)' },
  { name: 'LOG_LEVEL', key: 'log.level', doc: 'debug, info (default), warn or error' },
  { name: 'LOG_FORMAT', key: 'log.format', doc: 'json, pretty or auto (default: pretty on a terminal)' },
  // The usual proxy variables; the lower-case form wins over the upper-case one (as curl and proxy-from-env read them).
  { name: 'HTTPS_PROXY', key: 'proxy.httpsProxy', doc: 'proxy of https:// requests (CONNECT tunnel), e.g. http://proxy:3128 (default none)' },
  { name: 'https_proxy', key: 'proxy.httpsProxy', doc: 'as HTTPS_PROXY (wins over it)' },
  { name: 'HTTP_PROXY', key: 'proxy.httpProxy', doc: 'proxy of http:// requests (default none)' },
  { name: 'http_proxy', key: 'proxy.httpProxy', doc: 'as HTTP_PROXY (wins over it)' },
  { name: 'NO_PROXY', key: 'proxy.noProxy', doc: 'hosts reached directly, comma-separated: host, .domain, host:port, IP, CIDR, * (default none)' },
  { name: 'no_proxy', key: 'proxy.noProxy', doc: 'as NO_PROXY (wins over it)' },
  { name: 'MERAKI_CA_FILE', key: 'meraki.caFile', doc: 'PEM file of extra CAs trusted for Meraki (a TLS-inspecting proxy; default none)' },
  { name: 'INFLUX_CA_FILE', key: 'influx.caFile', doc: 'PEM file of extra CAs trusted for InfluxDB (default none)' },
  { name: 'INFLUX_TLS_SKIP_VERIFY', key: 'influx.tlsSkipVerify', doc: 'true = accept any InfluxDB certificate (insecure, warned; default false)' },
];

/** The environment variable that names the config file (`--config` wins over it). */
export const CONFIG_FILE_ENV = 'MERAKI_USAGE_CONFIG';

/** The variable whose key is `key` or a parent of it (`influx.url` -> INFLUX_URL). */
export function envVarForKey(key: string): EnvVar | undefined {
  return ENV_VARS.find((v) => key === v.key || key.startsWith(`${v.key}.`));
}
