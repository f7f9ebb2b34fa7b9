import type { ClientFilter, ClientSetConfig } from '../config/types.js';
import type { OrgApi } from '../meraki/index.js';
import type { NetworkClient } from '../meraki/types.js';

/** The clients to ask usage for in one network, and what discovery knows of them for tagging. */
export interface ClientSet {
  /** Identifiers for the `clients` parameter: client keys, or the configured MACs/IPs. */
  ids: string[];
  /** Client key -> current SSID name (wireless clients seen by discovery). */
  ssidOf: Map<string, string>;
  /** Client keys of wireless clients (the SSID-split units ask only for these). */
  wireless: Set<string>;
  /** What the listing says of each seen client (names for reports: written as `client_info`). */
  info: ClientInfo[];
}

/** A client as the listing names it. */
export type ClientInfo = Pick<NetworkClient, 'id' | 'mac' | 'description' | 'manufacturer' | 'os'>;

/**
 * Lists the network's clients seen since `sinceMs` (every page, perPage 5000) and applies the set's rules:
 * `explicit` keeps the configured identifiers (all of them, seen or not); `discover` keeps the seen clients
 * that pass the filter. Seen since the window start is exactly the set that can have usage in the window.
 */
export async function resolveClientSet(
  api: OrgApi,
  networkId: string,
  set: ClientSetConfig,
  sinceMs: number,
  signal?: AbortSignal,
): Promise<ClientSet> {
  const ids: string[] = [];
  const ssidOf = new Map<string, string>();
  const wireless = new Set<string>();
  const info: ClientInfo[] = [];
  const match = set.mode === 'discover' ? compileFilter(set.filter) : () => true;
  const query = { t0: new Date(sinceMs).toISOString(), perPage: 5000 };
  for await (const page of api.clients(networkId, query, signal)) {
    for (const c of page) {
      if (c.ssid) ssidOf.set(c.id, c.ssid);
      info.push({ id: c.id, mac: c.mac, description: c.description, manufacturer: c.manufacturer, os: c.os });
      if (c.recentDeviceConnection === 'Wireless' || c.ssid) wireless.add(c.id);
      if (set.mode === 'discover' && match(c)) ids.push(c.id);
    }
  }
  if (set.mode === 'explicit') ids.push(...new Set(set.clients));
  return { ids, ssidOf, wireless, info };
}

function compileFilter(f: ClientFilter): (c: NetworkClient) => boolean {
  const ssids = new Set(f.ssids);
  const vlans = new Set(f.vlans.map(String));
  const os = f.osPattern === null ? null : new RegExp(f.osPattern, 'i');
  const maker = f.manufacturerPattern === null ? null : new RegExp(f.manufacturerPattern, 'i');
  const desc = f.descriptionPattern === null ? null : new RegExp(f.descriptionPattern, 'i');
  return (c) =>
    (ssids.size === 0 || (c.ssid !== null && ssids.has(c.ssid))) &&
    (vlans.size === 0 || (c.vlan !== null && vlans.has(String(c.vlan)))) &&
    (f.connection === 'any' || c.recentDeviceConnection === f.connection) &&
    (os === null || os.test(c.os ?? '')) &&
    (maker === null || maker.test(c.manufacturer ?? '')) &&
    (desc === null || desc.test(c.description ?? '')) &&
    (c.usage?.sent ?? 0) + (c.usage?.recv ?? 0) >= f.minUsageKb;
}
