/** Synthetic clients of one network: identities, lifetimes, addresses and usage levels, all from the seed. */
import { below, hash4, hex, permute24, pick, unit, unpermute24 } from './hash.js';
import { MAKES, OWNERS, VLANS } from './world-pools.js';
import type { SimClient } from './world-types.js';

export interface ClientBatchSpec {
  seed: number;
  count: number;
  /** Global index of the first client (keys and MACs are unique over the world). */
  firstGlobal: number;
  networkGlobal: number;
  wiredOnly: boolean;
  enabledSsids: number;
  devices: number;
  historyStartDay: number;
  historyDays: number;
  /** false: every client exists from the first day of the history and never leaves (default true). */
  churn?: boolean;
}

/** Clients that are active every day from the start of history: the first ones of every network. */
export const ALWAYS_ACTIVE_CLIENTS = 3;

/** Finds a client of one network by key, MAC or IP, by arithmetic (inverse permutations), without maps. */
export interface ClientFinder {
  byKey(key: string): SimClient | undefined;
  byMac(mac: string): SimClient | undefined;
  /** Any IP the client ever had. */
  byIp(ip: string): SimClient | undefined;
}

const keyKey = (seed: number): number => Math.imul(seed, 0x9e3779b1) >>> 0;
const macKey = (seed: number): number => (Math.imul(seed, 0x85ebca6b) ^ 0x3c6ef372) >>> 0;
const blockBaseOf = (spec: ClientBatchSpec): number => (spec.networkGlobal * 2 ** Math.ceil(Math.log2(2 * spec.count + 2))) & 0xffffff;

export function buildClients(spec: ClientBatchSpec): SimClient[] {
  const blockBase = blockBaseOf(spec);
  const ipOf = (offset: number): string => ipv4((10 << 24) | ((blockBase + offset + 1) & 0xffffff));
  const clients: SimClient[] = new Array<SimClient>(spec.count);
  for (let i = 0; i < spec.count; i++) clients[i] = buildClient(spec, i, ipOf);
  return clients;
}

export function clientFinder(spec: ClientBatchSpec, clients: readonly SimClient[]): ClientFinder {
  const blockBase = blockBaseOf(spec);
  const at = (global: number): SimClient | undefined => clients[global - spec.firstGlobal];
  return {
    byKey(key) {
      if (!/^k[0-9a-f]{6}$/.test(key)) return undefined;
      const c = at(unpermute24(parseInt(key.slice(1), 16), keyKey(spec.seed)));
      return c?.key === key ? c : undefined;
    },
    byMac(mac) {
      const m = mac.toLowerCase();
      if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(m)) return undefined;
      const c = at(unpermute24(parseInt(m.slice(9).replaceAll(':', ''), 16), macKey(spec.seed)));
      return c?.mac === m ? c : undefined;
    },
    byIp(ip) {
      const octets = ip.split('.').map(Number);
      if (octets.length !== 4 || octets[0] !== 10) return undefined;
      const offset = ((((octets[1] ?? 0) << 16) | ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)) - blockBase - 1) & 0xffffff;
      const c = clients[offset < spec.count ? offset : offset - spec.count];
      return c && (c.ipPrimary === ip || c.ipSecondary === ip) ? c : undefined;
    },
  };
}

function buildClient(spec: ClientBatchSpec, index: number, ipOf: (offset: number) => string): SimClient {
  const g = spec.firstGlobal + index;
  const h = (salt: number): number => hash4(spec.seed, g, salt, 0x5eed);
  const make = pick(h(1), MAKES);
  const wired = spec.wiredOnly || spec.enabledSsids === 0 || make.wiredOnly === true || below(h(2), 100) < 12;
  const ssidPrimary = wired ? null : below(h(3), spec.enabledSsids);
  const ssidSecondary =
    ssidPrimary === null || spec.enabledSsids < 2 || below(h(4), 100) >= 30
      ? null
      : (ssidPrimary + 1 + below(h(5), spec.enabledSsids - 1)) % spec.enabledSsids;
  const leaseDays = below(h(6), 100) < 20 ? 3 + below(h(7), 12) : 0;
  const heavy = below(h(8), 100) < 3;
  const levelKb = Math.exp(Math.log(2_000) + unit(h(9)) * Math.log(200)) * (heavy ? 10 + unit(h(10)) * 40 : 1);
  const device = pick(h(12), make.devices);
  return {
    index,
    globalIndex: g,
    key: `k${hex(permute24(g, keyKey(spec.seed)), 6)}`,
    mac: `${pick(h(11), make.ouis)}:${macTail(permute24(g, macKey(spec.seed)))}`,
    wired,
    os: pick(h(13), make.oses),
    manufacturer: make.manufacturer,
    description: below(h(14), 100) < 20 ? null : make.wiredOnly ? `${device}-${hex(g & 0xfff, 3)}` : `${pick(h(15), OWNERS)}'s ${device}`,
    vlan: pick(h(16), VLANS),
    ssidPrimary,
    ssidSecondary,
    ...lifetime(spec, index, h),
    ipPrimary: ipOf(index),
    ipSecondary: leaseDays > 0 ? ipOf(spec.count + index) : null,
    leaseDays,
    leasePhase: leaseDays > 0 ? below(h(17), leaseDays) : 0,
    levelEighths: Math.max(8, Math.round(levelKb * 8)),
    sentPerMille: 50 + below(h(18), 350),
    deviceIndex: below(h(19), spec.devices),
  };
}

function lifetime(
  spec: ClientBatchSpec,
  index: number,
  h: (salt: number) => number,
): { firstDay: number; lastDay: number; activePct: number } {
  if (index < ALWAYS_ACTIVE_CLIENTS) return { firstDay: spec.historyStartDay, lastDay: Infinity, activePct: 100 };
  if (spec.churn === false) return { firstDay: spec.historyStartDay, lastDay: Infinity, activePct: 50 + below(h(24), 51) };
  const kind = below(h(20), 100);
  const firstDay =
    kind < 70 ? spec.historyStartDay : spec.historyStartDay + below(h(21), spec.historyDays + (kind < 90 ? 60 : 0));
  const lastDay = below(h(22), 100) < 15 ? firstDay + 1 + below(h(23), 120) : Infinity;
  return { firstDay, lastDay, activePct: 50 + below(h(24), 51) };
}

function macTail(v: number): string {
  return `${hex((v >>> 16) & 0xff, 2)}:${hex((v >>> 8) & 0xff, 2)}:${hex(v & 0xff, 2)}`;
}

function ipv4(v: number): string {
  return `${(v >>> 24) & 0xff}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}
