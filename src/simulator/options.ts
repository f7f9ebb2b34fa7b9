/** Defaults of the simulator's options, and their validation (errors name the option). */
import { DEFAULT_RATE } from './rate-limiter.js';
import type { Faults, Quirks, RateOptions, SimulatorOptions } from './types.js';

export const DEFAULT_SEED = 1;
export const DEFAULT_ORGS = 1;
export const DEFAULT_NETWORKS_PER_ORG = 3;
export const DEFAULT_CLIENTS_PER_NETWORK = 50;
export const DEFAULT_HISTORY_DAYS = 400;
/** Characters of path + query. */
export const DEFAULT_MAX_URL_LENGTH = 8192;

export const DEFAULT_QUIRKS: Readonly<Quirks> = Object.freeze({
  receivedField: false,
  tsJitter: false,
  quotedRel: false,
  shardLinks: false,
  redirectToShard: false,
  redirectStatus: 307,
  dayBoundary: 'utc',
  usageHistoriesPagination: 'clients',
  lookbackFrom: 'now',
  prevLinks: true,
});

export const DEFAULT_FAULTS: Readonly<Faults> = Object.freeze({
  serverErrorRate: 0,
  slowRate: 0,
  slowMs: 2000,
  resetRate: 0,
  truncatedRate: 0,
  invalidJsonRate: 0,
  malformedRecordRate: 0,
  untrustedRedirectRate: 0,
  untrustedLinkRate: 0,
});

/** Allowed values of the quirks that are not booleans. */
export const QUIRK_CHOICES: Readonly<Record<string, readonly (string | number)[]>> = {
  redirectStatus: [301, 302, 307, 308],
  dayBoundary: ['utc', 'networkTimeZone'],
  usageHistoriesPagination: ['clients', 'days'],
  lookbackFrom: ['now', 'today'],
};

/** Throws when a quirk is unknown or has a value it cannot take. */
export function checkQuirks(q: Quirks): Quirks {
  for (const [k, v] of Object.entries(q)) {
    const fallback = (DEFAULT_QUIRKS as unknown as Record<string, unknown>)[k];
    const choices = QUIRK_CHOICES[k];
    if (fallback === undefined) throw new Error(`Unknown quirk \`${k}\`; known: ${Object.keys(DEFAULT_QUIRKS).join(', ')}`);
    const ok = choices ? choices.includes(v as string | number) : typeof v === 'boolean';
    if (!ok) throw new Error(`Expected \`quirks.${k}\` to be ${choices ? choices.join(' | ') : 'true or false'}, got ${String(v)}`);
  }
  return q;
}

export interface ResolvedOptions {
  seed: number;
  orgs: number;
  networksPerOrg: number;
  clientsPerNetwork: number;
  now: number | 'real';
  historyDays: number;
  rate: RateOptions | false;
  maxUrlLength: number;
  apiKeys: readonly string[] | undefined;
  keyOrgs: Readonly<Record<string, readonly string[]>> | undefined;
  apiDisabledOrgs: number;
  quirks: Quirks;
  faults: Faults;
  port: number;
  untrustedPort: number;
  cacheResponses: boolean;
  growthPctPerMonth: number;
  timeZones: readonly string[] | undefined;
  churn: boolean;
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new Error(`Expected \`${name}\` to be an integer >= ${min}, got ${v}`);
  return v;
}

/** Client keys are `k` + 6 hex digits, unique over the world: at most 2^24 clients. */
export const MAX_CLIENTS = 2 ** 24;

export function resolveOptions(o: SimulatorOptions = {}): ResolvedOptions {
  const orgs = count('orgs', o.orgs, DEFAULT_ORGS, 1);
  const total = orgs * (o.networksPerOrg ?? DEFAULT_NETWORKS_PER_ORG) * (o.clientsPerNetwork ?? DEFAULT_CLIENTS_PER_NETWORK);
  if (total > MAX_CLIENTS) throw new Error(`Expected orgs x networksPerOrg x clientsPerNetwork to be at most ${MAX_CLIENTS}, got ${total}`);
  const rate = o.rate === undefined ? { ...DEFAULT_RATE } : o.rate;
  if (rate) checkRate(rate);
  if (o.now !== undefined && o.now !== 'real' && !Number.isFinite(o.now)) throw new Error(`Expected \`now\` to be ms or 'real'`);
  return {
    seed: count('seed', o.seed, DEFAULT_SEED, 0),
    orgs,
    networksPerOrg: count('networksPerOrg', o.networksPerOrg, DEFAULT_NETWORKS_PER_ORG, 1),
    clientsPerNetwork: count('clientsPerNetwork', o.clientsPerNetwork, DEFAULT_CLIENTS_PER_NETWORK, 1),
    now: o.now ?? 'real',
    historyDays: count('historyDays', o.historyDays, DEFAULT_HISTORY_DAYS, 1),
    rate,
    maxUrlLength: count('maxUrlLength', o.maxUrlLength, DEFAULT_MAX_URL_LENGTH, 16),
    apiKeys: o.apiKeys,
    keyOrgs: o.keyOrgs,
    apiDisabledOrgs: Math.min(orgs, count('apiDisabledOrgs', o.apiDisabledOrgs, 0, 0)),
    quirks: checkQuirks({ ...DEFAULT_QUIRKS, ...o.quirks }),
    faults: checkFaults({ ...DEFAULT_FAULTS, ...o.faults }),
    port: count('port', o.port, 0, 0),
    untrustedPort: count('untrustedPort', o.untrustedPort, 0, 0),
    cacheResponses: o.cacheResponses ?? false,
    growthPctPerMonth: checkGrowth(o.growthPctPerMonth ?? 0),
    timeZones: o.timeZones === undefined ? undefined : checkTimeZones(o.timeZones),
    churn: o.churn ?? true,
  };
}

/** Throws when a rate is outside 0..1 or slowMs is negative. */
export function checkFaults(f: Faults): Faults {
  for (const [k, v] of Object.entries(f)) {
    const ok = k === 'slowMs' ? Number.isFinite(v) && v >= 0 : Number.isFinite(v) && v >= 0 && v <= 1;
    if (!ok) throw new Error(`Expected \`faults.${k}\` to be ${k === 'slowMs' ? 'milliseconds >= 0' : 'a rate between 0 and 1'}, got ${v}`);
  }
  return f;
}

function checkRate(rate: RateOptions): void {
  for (const [k, v] of Object.entries(rate)) {
    const ok = typeof v === 'number' && Number.isFinite(v) && (k === 'orgBurst' ? v >= 0 : v > 0);
    if (!ok) throw new Error(`Expected \`rate.${k}\` to be a number ${k === 'orgBurst' ? '>= 0' : '> 0'} (requests per second), got ${v}`);
  }
}

function checkGrowth(pct: number): number {
  if (!Number.isFinite(pct) || pct <= -100 || pct > 1000) throw new Error(`Expected \`growthPctPerMonth\` to be a percentage above -100 and at most 1000, got ${pct}`);
  return pct;
}

function checkTimeZones(zones: readonly string[]): readonly string[] {
  if (zones.length === 0) throw new Error('Expected `timeZones` to name at least one IANA time zone');
  for (const zone of zones) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      throw new Error(`Expected \`timeZones\` to hold IANA time zones (e.g. Europe/Berlin), got ${JSON.stringify(zone)}`);
    }
  }
  return zones;
}
