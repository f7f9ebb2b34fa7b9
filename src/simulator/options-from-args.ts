/** `meraki-usage simulate` flags -> SimulatorOptions (the flags and the help text: simulate-flags.ts). */
import { DEFAULT_FAULTS, DEFAULT_QUIRKS, NUMERIC_QUIRKS, QUIRK_CHOICES } from './options.js';
import type { Faults, Quirks, SimulatorOptions } from './types.js';

export { SIMULATE_ARG_OPTIONS, SIMULATE_HELP } from './simulate-flags.js';

/** Flags as node:util parseArgs gives them (strings), numbers and booleans accepted too. */
export type SimulateFlags = Record<string, string | number | boolean | string[] | undefined>;

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
