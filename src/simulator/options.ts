/** Defaults of the simulator's options, and their validation (errors name the option). */
import { DEFAULT_RATE } from './rate-limiter.js';
import type { Faults, OrgFaultSpec, OtherApplication, Quirks, RateOptions, SimulatorOptions } from './types.js';
import { checkOrgFaults, checkOtherApplication } from './org-faults.js';
import type { FAULT_NAMES, QUIRK_NAMES } from './simulate-flags.js';

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
  lateDataHours: 0,
  usage502AboveClients: 0,
});
/** Quirks that take a whole number, with their range. */
export const NUMERIC_QUIRKS: Readonly<Record<string, { min: number; max: number }>> = {
  lateDataHours: { min: 0, max: 48 },
  usage502AboveClients: { min: 0, max: 100_000 },
};

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
  stickyMalformedRate: 0,
});

/** simulate-flags.ts names the same quirks and faults (its help text loads no simulator code): else a type error. */
type SameNames<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never] ? true : false;
const _quirkNamesMatch: SameNames<keyof Quirks, (typeof QUIRK_NAMES)[number]> = true;
const _faultNamesMatch: SameNames<keyof Faults, (typeof FAULT_NAMES)[number]> = true;

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
    const range = NUMERIC_QUIRKS[k];
    if (range) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < range.min || v > range.max) {
        throw new Error(`Expected \`quirks.${k}\` to be a whole number ${range.min} to ${range.max}, got ${String(v)}`);
      }
      continue;
    }
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
  timeZones: readonly string[] | undefined;
  orgFaults: readonly OrgFaultSpec[];
  otherApplication: OtherApplication | null;
  growthPctPerMonth: number;
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
    timeZones: checkTimeZones(o.timeZones),
    orgFaults: checkOrgFaults(o.orgFaults ?? [], orgs),
    otherApplication: o.otherApplication ? checkOtherApplication(o.otherApplication, orgs) : null,
    growthPctPerMonth: checkGrowth(o.growthPctPerMonth ?? 0),
    churn: o.churn ?? true,
  };
}

/** Throws unless every entry is an IANA time zone this Node.js knows (and there is at least one). */
function checkTimeZones(zones: string[] | undefined): readonly string[] | undefined {
  if (zones === undefined) return undefined;
  if (zones.length === 0) throw new Error('Expected `timeZones` to list at least one IANA time zone, e.g. ["Europe/Berlin"]');
  for (const zone of zones) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      throw new Error(`Expected \`timeZones\` entries to be IANA time zones such as "Europe/Berlin", got "${zone}"`);
    }
  }
  return [...zones];
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
