/** Builds the synthetic world (organizations -> networks -> SSIDs, devices, clients) from the seed. */
import { below, hash4, pick } from './hash.js';
import { buildClients, clientFinder } from './world-clients.js';
import { CITIES, PLACES, SSID_NAMES, TAGS, TIME_ZONES } from './world-pools.js';
import type { SimDevice, SimNetwork, SimOrganization, SimSsid, SimWorld } from './world-types.js';

export interface WorldSpec {
  seed: number;
  orgs: number;
  networksPerOrg: number;
  clientsPerNetwork: number;
  /** UTC day number of the initial clock. */
  startDay: number;
  historyDays: number;
  apiDisabledOrgs: number;
  /** Time zones of the networks in turn; undefined: drawn from TIME_ZONES. */
  timeZones?: readonly string[] | undefined;
  /** Monthly usage growth, percent (default 0). */
  growthPctPerMonth?: number;
  /** Clients arrive and leave during the history (default true). */
  churn?: boolean;
}

type NetworkKind = 'combined' | 'wireless' | 'wired';

export function buildWorld(spec: WorldSpec): SimWorld {
  const organizations: SimOrganization[] = [];
  const networks: SimNetwork[] = [];
  const orgBase = 100_000 + below(hash4(spec.seed, 1), 800_000);
  for (let o = 0; o < spec.orgs; o++) {
    const id = String(orgBase + o * 7);
    const orgNetworks: SimNetwork[] = [];
    for (let j = 0; j < spec.networksPerOrg; j++) {
      const network = buildNetwork(spec, id, o, j, networks.length);
      orgNetworks.push(network);
      networks.push(network);
    }
    const name = `${pick(hash4(spec.seed, 2, o), CITIES)} Holdings ${o + 1}`;
    organizations.push({ id, name, apiEnabled: o < spec.orgs - spec.apiDisabledOrgs, networks: orgNetworks });
  }
  const orgById = new Map(organizations.map((org) => [org.id, org]));
  const networkById = new Map(networks.map((network) => [network.id, network]));
  return {
    seed: spec.seed,
    organizations,
    networks,
    startDay: spec.startDay,
    historyStartDay: spec.startDay - spec.historyDays,
    clientCount: networks.length * spec.clientsPerNetwork,
    growthPctPerMonth: spec.growthPctPerMonth ?? 0,
    organization: (id) => orgById.get(id),
    network: (id) => networkById.get(id),
  };
}

function networkKind(h: number, j: number): NetworkKind {
  if (j < 3) return (['combined', 'wireless', 'wired'] as const)[j] as NetworkKind;
  const r = below(h, 100);
  return r < 60 ? 'combined' : r < 85 ? 'wireless' : 'wired';
}

function buildNetwork(spec: WorldSpec, orgId: string, o: number, j: number, globalIndex: number): SimNetwork {
  const h = (salt: number): number => hash4(spec.seed, 0x6e6574, globalIndex, salt);
  const kind = networkKind(h(1), j);
  const digits = `${String(100_000 + below(h(2), 900_000))}${String(o).padStart(6, '0')}${String(j).padStart(6, '0')}`;
  const productTypes = kind === 'combined' ? ['appliance', 'switch', 'wireless'] : kind === 'wireless' ? ['wireless'] : ['appliance', 'switch'];
  const tags = TAGS.filter((_, t) => below(hash4(spec.seed, globalIndex, t, 3), 100) < 25);
  const ssids = kind === 'wired' ? [] : buildSsids(h);
  const devices = buildDevices(h, kind);
  const batch = {
    seed: spec.seed,
    count: spec.clientsPerNetwork,
    firstGlobal: globalIndex * spec.clientsPerNetwork,
    networkGlobal: globalIndex,
    wiredOnly: kind === 'wired',
    enabledSsids: ssids.filter((s) => s.enabled).length,
    devices: devices.length,
    historyStartDay: spec.startDay - spec.historyDays,
    historyDays: spec.historyDays,
    churn: spec.churn ?? true,
  };
  const clients = buildClients(batch);
  const finder = clientFinder(batch, clients);
  return {
    id: `${kind === 'combined' ? 'L' : 'N'}_${digits}`,
    organizationId: orgId,
    name: `${pick(h(4), CITIES)} ${pick(h(5), PLACES)} ${j + 1}`,
    productTypes,
    tags,
    timeZone: spec.timeZones ? (spec.timeZones[globalIndex % spec.timeZones.length] as string) : pick(h(6), TIME_ZONES),
    trackByIp: kind === 'wired' && (j === 2 || below(h(7), 2) === 0),
    ssids,
    devices,
    clients,
    clientByKey: finder.byKey,
    clientByMac: finder.byMac,
    clientByIp: finder.byIp,
  };
}

function buildSsids(h: (salt: number) => number): SimSsid[] {
  const enabled = 1 + below(h(8), 4);
  const ssids: SimSsid[] = [];
  for (let n = 0; n < 15; n++) {
    const name = n < enabled ? `${pick(h(9 + n), SSID_NAMES)}-${n}` : `Unconfigured SSID ${n + 1}`;
    ssids.push({ number: n, name, enabled: n < enabled });
  }
  return ssids;
}

function buildDevices(h: (salt: number) => number, kind: NetworkKind): SimDevice[] {
  const count = 2 + below(h(30), 3);
  const devices: SimDevice[] = [];
  for (let d = 0; d < count; d++) {
    const code = h(31 + d).toString(36).toUpperCase().padStart(8, '0').slice(-8);
    const ap = kind !== 'wired' && d % 2 === 0;
    devices.push({ serial: `Q2${ap ? 'K' : 'H'}D-${code.slice(0, 4)}-${code.slice(4)}`, name: `${ap ? 'AP' : 'Switch'} ${d + 1}` });
  }
  return devices;
}
