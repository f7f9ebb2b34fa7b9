import type { ClientInfo } from '../discovery/client-set.js';
import type { NetworkTarget } from '../discovery/resolve-networks.js';
import type { Sink } from '../sink/sink.js';
import { encodeLine } from '../transform/line-protocol.js';

/** Names and time zones of networks, one point per network per run (the latest point of a network wins). */
export const NETWORK_INFO_MEASUREMENT = 'network_info';
/** Names, MAC, manufacturer and OS of clients, one point per listed client per run (the latest wins). */
export const CLIENT_INFO_MEASUREMENT = 'client_info';

/**
 * The info lines of one network at one run. Names live in their own measurements, never in the tags of
 * `client_usage`, so a rename adds an info point and cannot split or double a client-day in usage sums.
 * `name` is what the Dashboard shows: the description, else the MAC.
 */
export function infoLines(orgId: string, network: Pick<NetworkTarget, 'id' | 'name' | 'timeZone'>, clients: readonly ClientInfo[], nowMs: number): string[] {
  const t = Math.floor(nowMs / 1000);
  const lines = [encodeLine(NETWORK_INFO_MEASUREMENT, { org: orgId, network: network.id }, { name: network.name || network.id, time_zone: network.timeZone || 'Etc/UTC' }, t)];
  for (const c of clients) {
    // Every field in every point (empty when Meraki has none), so last() of each field is the same point's.
    const fields = { name: c.description || c.mac || c.id, mac: c.mac ?? '', description: c.description ?? '', manufacturer: c.manufacturer ?? '', os: c.os ?? '' };
    lines.push(encodeLine(CLIENT_INFO_MEASUREMENT, { org: orgId, network: network.id, client: c.id }, fields, t));
  }
  return lines;
}

/** Writes the info lines of one network (called once per network per run). */
export async function writeInfoPoints(sink: Sink, orgId: string, network: NetworkTarget, clients: readonly ClientInfo[], nowMs: number, signal?: AbortSignal): Promise<void> {
  await sink.write(infoLines(orgId, network, clients, nowMs), signal);
}
