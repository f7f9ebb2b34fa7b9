import type { Clock } from '../clock.js';
import type { MerakiConfig } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { Egress } from '../net/egress.js';
import type { MerakiEvent } from './events.js';
import { NO_PROXY_CONFIG } from '../net/proxy-rules.js';
import { parseHostRule } from '../net/trusted-hosts.js';

/** Options of a MerakiClient: the user's `meraki` config (all but `apiKey` optional) plus wiring. */
export interface MerakiClientOptions extends Partial<Omit<MerakiConfig, 'apiKey' | 'ipBudgetPerSecond'>> {
  /** Secret; sent only as `Authorization: Bearer`, only to trusted hosts. Never logged. */
  apiKey: string;
  /**
   * Tokens (requests) a per-organization bucket holds: the burst above the rate. Default: a quarter second of
   * `ratePerOrgPerSecond`, at least 2 (2 at the default 8/s). Absorbs timer lag so that the rate is reached.
   */
  burstPerOrg?: number;
  /** Tokens the per-IP bucket holds. Default: a tenth of a second of `ratePerIpPerSecond`, at least 10. */
  burstPerIp?: number;
  /** First backoff step without Retry-After (5xx, network errors, 429 without the header), ms. Default 1000. */
  backoffBaseMs?: number;
  /** Cap on one backoff step, ms. Default 30000. */
  backoffMaxMs?: number;
  /** Redirects followed per request. Default 5. */
  maxRedirects?: number;
  /** User-Agent, `Application/version Vendor`. Default `MerakiUsageCollector/<version> MerakiUsageCollectorProject`. */
  userAgent?: string;
  logger?: Logger;
  /** Time source of the rate limiters and retry budget; must advance with real time. Default systemClock. */
  clock?: Clock;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
  /** Called synchronously for every request, retry and 429; must not throw. */
  onEvent?: (event: MerakiEvent) => void;
  /** The HTTP agents (proxy, CA). Default: built from `proxy` and `caFile`. Closed by `close()`. */
  egress?: Egress;
}

export const DEFAULT_BASE_URL = 'https://api.meraki.com/api/v1';
export const DEFAULT_RATE_PER_ORG_PER_SECOND = 8;
export const DEFAULT_RATE_PER_IP_PER_SECOND = 90;
export const DEFAULT_CONCURRENCY_PER_ORG = 4;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 8;
export const DEFAULT_MAX_RETRY_ELAPSED_MS = 300_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/** Smallest default burst of an organization's bucket, and the default in seconds of its rate. */
export const DEFAULT_BURST_PER_ORG = 2;
export const DEFAULT_BURST_PER_ORG_SECONDS = 0.25;
/** Smallest default burst of the per-IP bucket, and the default in seconds of its rate. */
export const DEFAULT_BURST_PER_IP = 10;
export const DEFAULT_BURST_PER_IP_SECONDS = 0.1;
export const DEFAULT_BACKOFF_BASE_MS = 1000;
export const DEFAULT_BACKOFF_MAX_MS = 30_000;
export const DEFAULT_MAX_REDIRECTS = 5;

type WiringKeys = 'apiKey' | 'userAgent' | 'logger' | 'clock' | 'random' | 'onEvent' | 'egress';

/** Every tunable option, with its value. */
export type ClientSettings = Required<Omit<MerakiClientOptions, WiringKeys>>;

export const DEFAULT_CLIENT_OPTIONS: Readonly<ClientSettings> = Object.freeze({
  baseUrl: DEFAULT_BASE_URL,
  trustedHosts: [],
  ratePerOrgPerSecond: DEFAULT_RATE_PER_ORG_PER_SECOND,
  ratePerIpPerSecond: DEFAULT_RATE_PER_IP_PER_SECOND,
  concurrencyPerOrg: DEFAULT_CONCURRENCY_PER_ORG,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  maxRetries: DEFAULT_MAX_RETRIES,
  maxRetryElapsedMs: DEFAULT_MAX_RETRY_ELAPSED_MS,
  maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS,
  burstPerOrg: DEFAULT_BURST_PER_ORG,
  burstPerIp: DEFAULT_BURST_PER_IP,
  backoffBaseMs: DEFAULT_BACKOFF_BASE_MS,
  backoffMaxMs: DEFAULT_BACKOFF_MAX_MS,
  maxRedirects: DEFAULT_MAX_REDIRECTS,
  caFile: null,
  proxy: NO_PROXY_CONFIG,
});

export type ResolvedClientOptions = ClientSettings & MerakiClientOptions;

function check(ok: boolean, name: string, expected: string, value: unknown): void {
  if (!ok) throw new TypeError(`Expected \`${name}\` to be ${expected}, got ${JSON.stringify(value)}`);
}

function checkNumbers(o: ResolvedClientOptions): void {
  const positive = ['ratePerOrgPerSecond', 'ratePerIpPerSecond', 'timeoutMs', 'backoffBaseMs', 'backoffMaxMs'] as const;
  for (const name of positive) check(Number.isFinite(o[name]) && o[name] > 0, name, 'a positive number', o[name]);
  const nonNegative = ['maxRetries', 'maxRetryElapsedMs', 'maxRetryAfterMs', 'maxRedirects'] as const;
  for (const name of nonNegative) check(Number.isFinite(o[name]) && o[name] >= 0, name, 'a non-negative number', o[name]);
  for (const name of ['maxRetries', 'maxRedirects', 'concurrencyPerOrg'] as const) {
    check(Number.isInteger(o[name]), name, 'an integer', o[name]);
  }
  check(o.concurrencyPerOrg >= 1, 'concurrencyPerOrg', 'an integer >= 1', o.concurrencyPerOrg);
  check(Number.isFinite(o.burstPerOrg) && o.burstPerOrg >= 1, 'burstPerOrg', 'a number >= 1', o.burstPerOrg);
  check(Number.isFinite(o.burstPerIp) && o.burstPerIp >= 1, 'burstPerIp', 'a number >= 1', o.burstPerIp);
}

/** Applies defaults and validates; errors name the option. Returns a frozen object. */
export function resolveClientOptions(options: MerakiClientOptions): Readonly<ResolvedClientOptions> {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...DEFAULT_CLIENT_OPTIONS, ...defined } as ResolvedClientOptions;
  if (options.burstPerOrg === undefined) {
    o.burstPerOrg = Math.max(DEFAULT_BURST_PER_ORG, Math.round(o.ratePerOrgPerSecond * DEFAULT_BURST_PER_ORG_SECONDS));
  }
  if (options.burstPerIp === undefined) {
    o.burstPerIp = Math.max(DEFAULT_BURST_PER_IP, Math.round(o.ratePerIpPerSecond * DEFAULT_BURST_PER_IP_SECONDS));
  }
  check(typeof o.apiKey === 'string' && o.apiKey.trim() !== '', 'apiKey', 'a non-empty string', '<redacted>');
  check(!/[\s]/.test(o.apiKey.trim()), 'apiKey', 'free of whitespace', '<redacted>');
  let base: URL | undefined;
  try {
    base = new URL(o.baseUrl);
  } catch {
    base = undefined;
  }
  check(!!base && (base.protocol === 'https:' || base.protocol === 'http:') && !base.username && !base.search,
    'baseUrl', 'an http(s) URL without credentials or query', o.baseUrl);
  check(Array.isArray(o.trustedHosts), 'trustedHosts', 'an array of host names', o.trustedHosts);
  o.trustedHosts.forEach(parseHostRule);
  checkNumbers(o);
  check(o.userAgent === undefined || /^[\x21-\x7e]+\/\S+( [\x21-\x7e]+)?$/.test(o.userAgent), 'userAgent',
    'like "Application/version Vendor"', o.userAgent);
  return Object.freeze({ ...o, apiKey: o.apiKey.trim(), baseUrl: o.baseUrl.replace(/\/+$/, ''), trustedHosts: [...o.trustedHosts] });
}
