import type { ProxyConfig } from '../net/proxy-config.js';

export type { ProxyConfig };

/**
 * The validated, frozen configuration. Loaded from a YAML file (optional), `.env` and the environment by
 * `loadConfig`; every option, its unit and its default is documented in config/example.yaml and the README.
 */
export interface Config {
  meraki: MerakiConfig;
  targets: TargetsConfig;
  collection: CollectionConfig;
  influx: InfluxConfig | null;
  /** Line-protocol files written when `influx` is null (the embedded default sink). */
  fileSink: { dir: string };
  state: StateConfig;
  schedule: ScheduleConfig;
  log: { level: 'debug' | 'info' | 'warn' | 'error'; format: 'json' | 'pretty' | 'auto' };
  /** Outgoing HTTP(S) proxy of both edges (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower-case too). */
  proxy: ProxyConfig;
}

export interface MerakiConfig {
  /** Secret. Never logged. */
  apiKey: string;
  /** Default https://api.meraki.com/api/v1. */
  baseUrl: string;
  /** Hosts (host or host:port, `*.suffix` wildcards) to which the key may be sent on redirects and Link pages. */
  trustedHosts: string[];
  /** Requests per second per organization (default 8: under Meraki's 10, leaving room for other tools). */
  ratePerOrgPerSecond: number;
  /**
   * Requests per second over all organizations from this process. Default: ipBudgetPerSecond / shard count
   * (90 unsharded, 30 for each of 3 shards), under Meraki's 100 per source IP.
   */
  ratePerIpPerSecond: number;
  /** Requests in flight per organization (p-limit). Default 4. */
  concurrencyPerOrg: number;
  /** Per request, milliseconds. Default 30000. */
  timeoutMs: number;
  /** Retries per request (429, 5xx, network errors, invalid JSON). Default 8. */
  maxRetries: number;
  /** Longest total time spent retrying one request, milliseconds. Default 300000. */
  maxRetryElapsedMs: number;
  /** Cap on one Retry-After wait, milliseconds. Default 60000. */
  maxRetryAfterMs: number;
  /** Requests per second every shard behind one source IP (NAT) may spend together; split by shard count. Default 90. */
  ipBudgetPerSecond: number;
  /** PEM file of CA certificates trusted besides Node's bundled roots (a TLS-inspecting proxy's CA). Default null. */
  caFile?: string | null;
  /** The top-level `proxy` section, copied here by the loader (so that a client built from this section uses it). */
  proxy?: ProxyConfig;
}

/** Which organizations, networks and clients to collect. */
export interface TargetsConfig {
  /** Organization ids; empty = every organization the key can see. */
  orgIds: string[];
  /** Network ids to keep (empty = all networks of the organizations, after the filters below). */
  networkIds: string[];
  networkFilter: {
    /** Keep networks with any of these product types (e.g. wireless, appliance). Empty = all. */
    productTypes: string[];
    /** Keep networks carrying any (or all, with tagsMatch: all) of these tags. Empty = all. */
    tags: string[];
    tagsMatch: 'any' | 'all';
    /** Regular expression on the network name. */
    namePattern: string | null;
  };
  /** Client set per network id; networks not listed use `defaultClients`. */
  clientSets: Record<string, ClientSetConfig>;
  defaultClients: ClientSetConfig;
}

export type ClientSetConfig =
  | {
      mode: 'explicit';
      /** Client keys (k74272e), MACs, or IPs on Track-by-IP networks. */
      clients: string[];
    }
  | {
      /** Clients seen since the start of the window being collected (GET /networks/{id}/clients), filtered. */
      mode: 'discover';
      filter: ClientFilter;
    };

export interface ClientFilter {
  /** SSID names to keep (wireless clients only). Empty = all. */
  ssids: string[];
  /** VLANs to keep. Empty = all. */
  vlans: string[];
  connection: 'any' | 'Wired' | 'Wireless';
  /** Regular expressions, case-insensitive; null = no filter. */
  osPattern: string | null;
  manufacturerPattern: string | null;
  descriptionPattern: string | null;
  /** Minimum sent+recv within the window being collected, kilobytes. Default 0. */
  minUsageKb: number;
}

export interface CollectionConfig {
  /** How far back the API lets us go, seconds. Default 2678400 (31 days). */
  lookbackSeconds: number;
  /** Client ids per usageHistories request (capped by usagePerPage and maxUrlLength). Default 1000. */
  clientsPerRequest: number;
  /** Longest request URL, characters. Default 7000. */
  maxUrlLength: number;
  /** perPage for usageHistories (3-1000). Default 1000. */
  usagePerPage: number;
  /** Also write per-SSID usage (measurement client_usage_by_ssid), one request set per enabled SSID. */
  splitBySsid: boolean;
  /** Networks collected at the same time per organization (within `networksInFlight` over all). Default 8. */
  networkConcurrency: number;
  /** Shard assignment of organizations: this instance is `index` of `count` (0-based). */
  shard: { index: number; count: number };
  /** Closed daily buckets before the open one that every run fetches again and overwrites (0-30; 0 = off). Default 2. */
  settleDays: number;
  /** Consecutive runs a rejected record holds the checkpoint at its bucket before it is given up (0 = forever). Default 3. */
  rejectHoldRuns: number;
  /** Networks collected at the same time over all organizations, slots handed out round-robin per organization. Default 64. */
  networksInFlight: number;
}

export type InfluxConfig =
  | {
      /** `/api/v2/write` via @influxdata/influxdb-client: InfluxDB 2.x, 3.x, and 1.8+ (bucket db/rp). */
      apiVersion: 2;
      url: string;
      /** Secret. */
      token: string;
      org: string;
      bucket: string;
      batchSize: number;
      timeoutMs: number;
      maxRetries: number;
      /** PEM file of CA certificates trusted besides Node's bundled roots. Default null. */
      caFile?: string | null;
      /** Accept any server certificate (logged loudly). Default false. */
      tlsSkipVerify?: boolean;
      /** The top-level `proxy` section, copied here by the loader. */
      proxy?: ProxyConfig;
    }
  | {
      /** `/write?db=&rp=` for InfluxDB 1.x before 1.8. */
      apiVersion: 1;
      url: string;
      database: string;
      retentionPolicy: string | null;
      username: string | null;
      /** Secret. */
      password: string | null;
      batchSize: number;
      timeoutMs: number;
      maxRetries: number;
      /** PEM file of CA certificates trusted besides Node's bundled roots. Default null. */
      caFile?: string | null;
      /** Accept any server certificate (logged loudly). Default false. */
      tlsSkipVerify?: boolean;
      /** The top-level `proxy` section, copied here by the loader. */
      proxy?: ProxyConfig;
    };

export interface StateConfig {
  /** `file` (default) or `influx` (checkpoints stored in InfluxDB, stateless instances). */
  store: 'file' | 'influx';
  /** Folder of the file store. Default ./state. */
  dir: string;
}

export interface ScheduleConfig {
  /** node-cron expression. Default `7 * * * *` (hourly, off the hour). */
  cron: string;
  /** Run once immediately when the daemon starts. Default true. */
  runAtStart: boolean;
  /** IANA time zone for the cron expression. Default UTC. */
  timezone: string;
  /** A run with no progress for longer than this is wedged (`/livez` 503), seconds. Default 900. */
  stallLimitSeconds: number;
}
