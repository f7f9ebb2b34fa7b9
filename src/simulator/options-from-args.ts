/** `meraki-usage simulate` flags -> SimulatorOptions, and the command's help text (the CLI only wires these). */
import { DEFAULT_FAULTS, DEFAULT_QUIRKS, NUMERIC_QUIRKS, QUIRK_CHOICES } from './options.js';
import type { Faults, Quirks, SimulatorOptions } from './types.js';

/** Flags as node:util parseArgs gives them (strings), numbers and booleans accepted too. */
export type SimulateFlags = Record<string, string | number | boolean | string[] | undefined>;

/** Options for node:util parseArgs({ options: SIMULATE_ARG_OPTIONS }). */
export const SIMULATE_ARG_OPTIONS = {
  port: { type: 'string' },
  'untrusted-port': { type: 'string' },
  seed: { type: 'string' },
  orgs: { type: 'string' },
  networks: { type: 'string' },
  clients: { type: 'string' },
  'history-days': { type: 'string' },
  now: { type: 'string' },
  rate: { type: 'string' },
  'org-burst': { type: 'string' },
  'ip-rate': { type: 'string' },
  'max-url-length': { type: 'string' },
  'api-keys': { type: 'string' },
  quirks: { type: 'string' },
  faults: { type: 'string' },
  'time-zones': { type: 'string' },
} as const;

export const SIMULATE_HELP = `Usage: meraki-usage simulate [options]

Serves a simulated Meraki Dashboard API v1 on 127.0.0.1 (deterministic from --seed).
Any non-empty API key is accepted unless --api-keys is given:
  curl -H 'Authorization: Bearer anykey' http://127.0.0.1:8787/api/v1/organizations

Options:
  --port N             TCP port (default 0: any free port)
  --untrusted-port N   port of the "untrusted host" listener (default 0: any free port)
  --seed S             seed of the world and the faults (default 1)
  --orgs N             organizations (default 1)
  --networks N         networks per organization (default 3)
  --clients N          clients per network (default 50)
  --history-days N     days of usage before the start time (default 400)
  --now T              start time: ISO 8601 or ms since the epoch; the clock then stands still
                       until moved (POST /_sim/clock). Default: the real clock
  --rate N|off         requests per second per organization (default 10); off: no rate limits
  --org-burst N        extra burst per organization, requests (default: the --rate value)
  --ip-rate N          requests per second per source IP (default 100, or 10 x --rate if larger)
  --max-url-length N   longest path+query in characters, else 414 (default 8192)
  --api-keys a,b       accept only these API keys
  --quirks a,b,k=v     quirks to switch on: ${Object.keys(DEFAULT_QUIRKS).join(', ')}
                       (booleans by name; dayBoundary=networkTimeZone, usageHistoriesPagination=days,
                       lookbackFrom=today, redirectStatus=308, prevLinks=false; lateDataHours=N:
                       closed days keep growing N hours, 0-48; usage502AboveClients=N: usage
                       requests naming more than N clients answer 502)
  --faults k=v,...     fault rates 0..1: ${Object.keys(DEFAULT_FAULTS).filter((k) => k !== 'slowMs').join(', ')};
                       slowMs=N (delay of slow answers, ms)
  --time-zones a,b     IANA time zones given to the networks in turn (default: drawn by the seed); with
                       --quirks dayBoundary=networkTimeZone buckets start at these zones' midnights

Ground truth and controls (no key): GET /_sim/counters, POST /_sim/counters/reset, GET|POST /_sim/clock,
GET /_sim/truth?networkId=..&clientId=..&fromMs=..&toMs=..&ssidNumber=.., GET /_sim/world,
GET|POST /_sim/quirks, GET|POST /_sim/faults. See docs/simulator.md.
`;

function text(flags: SimulateFlags, name: string): string | undefined {
  const v = flags[name];
  if (v === undefined || v === false) return undefined;
  return Array.isArray(v) ? v.join(',') : String(v);
}

function int(flags: SimulateFlags, name: string, min = 0): number | undefined {
  const raw = text(flags, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min) throw new Error(`Expected --${name} to be an integer >= ${min}, got "${raw}"`);
  return n;
}

export function simulatorOptionsFromArgs(flags: SimulateFlags): SimulatorOptions {
  const options: SimulatorOptions = {};
  const set = <K extends keyof SimulatorOptions>(key: K, value: SimulatorOptions[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('port', int(flags, 'port'));
  set('untrustedPort', int(flags, 'untrusted-port'));
  set('seed', int(flags, 'seed'));
  set('orgs', int(flags, 'orgs', 1));
  set('networksPerOrg', int(flags, 'networks', 1));
  set('clientsPerNetwork', int(flags, 'clients', 1));
  set('historyDays', int(flags, 'history-days', 1));
  set('maxUrlLength', int(flags, 'max-url-length', 16));
  set('now', nowFlag(text(flags, 'now')));
  set('rate', rateFlags(flags));
  set('apiKeys', text(flags, 'api-keys')?.split(',').map((k) => k.trim()).filter((k) => k !== ''));
  set('quirks', quirksFlag(text(flags, 'quirks')));
  set('faults', faultsFlag(text(flags, 'faults')));
  set('timeZones', text(flags, 'time-zones')?.split(',').map((z) => z.trim()).filter((z) => z !== ''));
  return options;
}

function nowFlag(raw: string | undefined): number | 'real' | undefined {
  if (raw === undefined || raw === 'real') return raw;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) throw new Error(`Expected --now to be an ISO 8601 time, ms since the epoch or "real", got "${raw}"`);
  return ms;
}

function rateFlags(flags: SimulateFlags): SimulatorOptions['rate'] {
  const raw = text(flags, 'rate');
  if (raw === 'off' || raw === 'false' || raw === '0') return false;
  const perOrg = int(flags, 'rate', 1);
  const burst = int(flags, 'org-burst');
  const perIp = int(flags, 'ip-rate', 1);
  if (perOrg === undefined && burst === undefined && perIp === undefined) return undefined;
  const org = perOrg ?? 10;
  return { perOrgPerSecond: org, orgBurst: burst ?? org, perIpPerSecond: perIp ?? Math.max(100, org * 10) };
}

function pairs(raw: string): [string, string | undefined][] {
  return raw.split(',').map((p) => p.trim()).filter((p) => p !== '').map((p) => {
    const at = p.indexOf('=');
    return at < 0 ? [p, undefined] : [p.slice(0, at).trim(), p.slice(at + 1).trim()];
  });
}

/** "receivedField,tsJitter,dayBoundary=networkTimeZone" -> Partial<Quirks>. */
export function quirksFlag(raw: string | undefined): Partial<Quirks> | undefined {
  if (raw === undefined) return undefined;
  const quirks: Record<string, unknown> = {};
  for (const [name, value] of pairs(raw)) {
    const current = (DEFAULT_QUIRKS as unknown as Record<string, unknown>)[name];
    if (current === undefined) throw new Error(`Unknown quirk "${name}" in --quirks; known: ${Object.keys(DEFAULT_QUIRKS).join(', ')}`);
    const choices = QUIRK_CHOICES[name];
    const range = NUMERIC_QUIRKS[name];
    if (range) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < range.min || n > range.max) {
        throw new Error(`Expected --quirks ${name}=N, a whole number ${range.min} to ${range.max}`);
      }
      quirks[name] = n;
    } else if (typeof current === 'boolean') {
      if (value !== undefined && value !== 'true' && value !== 'false') throw new Error(`Expected --quirks ${name} to be true or false`);
      quirks[name] = value !== 'false';
    } else {
      const parsed = typeof current === 'number' ? Number(value) : value;
      if (!choices?.includes(parsed as string | number)) throw new Error(`Expected --quirks ${name}=one of ${choices?.join('|')}`);
      quirks[name] = parsed;
    }
  }
  return quirks as Partial<Quirks>;
}

/** "serverErrorRate=0.1,slowMs=500" -> Partial<Faults>. */
export function faultsFlag(raw: string | undefined): Partial<Faults> | undefined {
  if (raw === undefined) return undefined;
  const faults: Record<string, number> = {};
  for (const [name, value] of pairs(raw)) {
    if (!(name in DEFAULT_FAULTS)) throw new Error(`Unknown fault "${name}" in --faults; known: ${Object.keys(DEFAULT_FAULTS).join(', ')}`);
    const n = Number(value);
    const ok = value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 && (name === 'slowMs' || n <= 1);
    if (!ok) throw new Error(`Expected --faults ${name}=${name === 'slowMs' ? 'milliseconds' : 'a rate between 0 and 1'}, got "${value}"`);
    faults[name] = n;
  }
  return faults as Partial<Faults>;
}

/** Lines the CLI prints once the simulator runs. */
export function describeSimulator(sim: { url: string; shardUrl: string; untrustedUrl: string; adminUrl: string }): string {
  return [
    `Meraki API simulator: ${sim.url}`,
    `  shard host:     ${sim.shardUrl}`,
    `  untrusted host: ${sim.untrustedUrl}`,
    `  ground truth:   ${sim.adminUrl}/truth?networkId=...   counters: ${sim.adminUrl}/counters`,
    `  any API key works, e.g. curl -H 'Authorization: Bearer anykey' ${sim.url}/organizations`,
  ].join('\n');
}
