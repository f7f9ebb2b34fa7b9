import { z } from 'zod';
import type { Config } from './types.js';
import * as D from './defaults.js';
import { influxSchema } from './influx-schema.js';
import { bool, cronExpression, hostList, httpUrl, ids, list, num, oneOf, regex, shard, text, timeZone } from './schema-primitives.js';
import { noProxyList, pemFile, proxyUrl } from './schema-primitives.js';

const apiKey = z
  .string({ error: 'expected a string' })
  .refine((s) => !/\s/.test(s), { error: 'expected the API key without spaces or line breaks' });

const meraki = z.strictObject({
  apiKey: apiKey.default(''),
  baseUrl: httpUrl(D.DEFAULT_MERAKI_BASE_URL).default(D.DEFAULT_MERAKI_BASE_URL),
  trustedHosts: hostList().default([...D.DEFAULT_TRUSTED_HOSTS]),
  ratePerOrgPerSecond: num({ gt: 0, example: 8 }).default(D.DEFAULT_RATE_PER_ORG_PER_SECOND),
  // Unset: ipBudgetPerSecond / collection.shard.count (set below, after parsing).
  ratePerIpPerSecond: num({ gt: 0, example: 90 }).optional(),
  concurrencyPerOrg: num({ int: true, min: 1, max: 100, example: 4 }).default(D.DEFAULT_CONCURRENCY_PER_ORG),
  timeoutMs: num({ int: true, min: 1, example: 30000 }).default(D.DEFAULT_MERAKI_TIMEOUT_MS),
  maxRetries: num({ int: true, min: 0, example: 8 }).default(D.DEFAULT_MERAKI_MAX_RETRIES),
  maxRetryElapsedMs: num({ int: true, min: 0, example: 300000 }).default(D.DEFAULT_MAX_RETRY_ELAPSED_MS),
  maxRetryAfterMs: num({ int: true, min: 0, example: 60000 }).default(D.DEFAULT_MAX_RETRY_AFTER_MS),
  ipBudgetPerSecond: num({ gt: 0, example: 90 }).default(D.DEFAULT_IP_BUDGET_PER_SECOND),
  caFile: pemFile().default(D.DEFAULT_CA_FILE),
});

const clientFilter = z.strictObject({
  ssids: list('Corp').default([]),
  vlans: list('10').default([]),
  connection: oneOf(['any', 'Wired', 'Wireless']).default('any'),
  osPattern: regex().default(null),
  manufacturerPattern: regex().default(null),
  descriptionPattern: regex().default(null),
  minUsageKb: num({ min: 0, example: 1024 }).default(0),
});

const lookbackSeconds = num({ int: true, min: 86400, max: D.MAX_LOOKBACK_SECONDS, example: D.MAX_LOOKBACK_SECONDS });

/** `mode` may be left out: `clients` present means explicit, otherwise discover. */
const clientSet = z.preprocess(
  (v) => (v && typeof v === 'object' && !('mode' in v) ? { mode: 'clients' in v ? 'explicit' : 'discover', ...v } : v),
  z.discriminatedUnion(
    'mode',
    [
      z.strictObject({
        mode: z.literal('explicit'),
        clients: list('k74272e').refine((a) => a.length > 0, { error: 'expected at least one client, e.g. k74272e' }),
      }),
      z.strictObject({
        mode: z.literal('discover'),
        filter: clientFilter.prefault({}),
      }),
    ],
    { error: 'expected mode: explicit (with clients) or discover (with filter)' },
  ),
);

const targets = z.strictObject({
  orgIds: ids('123456,789012').default([]),
  networkIds: ids('L_123,N_456').default([]),
  networkFilter: z
    .strictObject({
      productTypes: list('wireless').default([]),
      tags: list('retention').default([]),
      tagsMatch: oneOf(['any', 'all']).default('any'),
      namePattern: regex().default(null),
    })
    .prefault({}),
  clientSets: z.record(z.string(), clientSet, { error: 'expected a map of network id to client set' }).default({}),
  defaultClients: clientSet.prefault({}),
});

const collection = z.strictObject({
  lookbackSeconds: lookbackSeconds.default(D.DEFAULT_LOOKBACK_SECONDS),
  clientsPerRequest: num({ int: true, min: 1, max: 10000, example: 1000 }).default(D.DEFAULT_CLIENTS_PER_REQUEST),
  maxUrlLength: num({ int: true, min: 500, max: 100000, example: 7000 }).default(D.DEFAULT_MAX_URL_LENGTH),
  usagePerPage: num({ int: true, min: 3, max: 1000, example: 1000 }).default(D.DEFAULT_USAGE_PER_PAGE),
  splitBySsid: bool().default(false),
  networkConcurrency: num({ int: true, min: 1, max: 256, example: 8 }).default(D.DEFAULT_NETWORK_CONCURRENCY),
  shard: shard().default({ index: 0, count: 1 }),
  settleDays: num({ int: true, min: 0, max: 30, example: 2 }).default(D.DEFAULT_SETTLE_DAYS),
  rejectHoldRuns: num({ int: true, min: 0, max: 1000, example: 3 }).default(D.DEFAULT_REJECT_HOLD_RUNS),
  networksInFlight: num({ int: true, min: 1, max: 10000, example: 64 }).default(D.DEFAULT_NETWORKS_IN_FLIGHT),
});

/** The whole file: unknown keys anywhere are errors. */
export const configSchema = z
  .strictObject({
    meraki: meraki.prefault({}),
    targets: targets.prefault({}),
    collection: collection.prefault({}),
    influx: influxSchema.nullable().default(null),
    fileSink: z.strictObject({ dir: text('./out').default(D.DEFAULT_FILE_SINK_DIR) }).prefault({}),
    state: z
      .strictObject({
        store: oneOf(['file', 'influx']).default('file'),
        dir: text('./state').default(D.DEFAULT_STATE_DIR),
      })
      .prefault({}),
    schedule: z
      .strictObject({
        cron: cronExpression().default(D.DEFAULT_SCHEDULE_CRON),
        runAtStart: bool().default(true),
        timezone: timeZone().default(D.DEFAULT_SCHEDULE_TIMEZONE),
        stallLimitSeconds: num({ int: true, min: 1, example: 900 }).default(D.DEFAULT_STALL_LIMIT_SECONDS),
      })
      .prefault({}),
    log: z
      .strictObject({
        level: oneOf(['debug', 'info', 'warn', 'error']).default('info'),
        format: oneOf(['json', 'pretty', 'auto']).default('auto'),
      })
      .prefault({}),
    proxy: z
      .strictObject({
        httpsProxy: proxyUrl().default(D.DEFAULT_HTTPS_PROXY),
        httpProxy: proxyUrl().default(D.DEFAULT_HTTP_PROXY),
        noProxy: noProxyList().default([...D.DEFAULT_NO_PROXY]),
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    if (c.state.store === 'influx' && c.influx === null) {
      ctx.addIssue({ code: 'custom', path: ['state', 'store'], message: 'influx needs an InfluxDB: set INFLUX_URL or influx.url' });
    }
  })
  // Shards behind one NAT address share Meraki's per-IP limit: each takes its part unless a rate is set.
  .transform((c) => ({
    ...c,
    meraki: { ...c.meraki, ratePerIpPerSecond: c.meraki.ratePerIpPerSecond ?? c.meraki.ipBudgetPerSecond / c.collection.shard.count },
  }));

/** Compile-time proof that the schema produces a `Config`. */
export function asConfig(parsed: z.output<typeof configSchema>): Config {
  return parsed;
}
