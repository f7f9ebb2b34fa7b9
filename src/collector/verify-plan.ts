import type { Config } from '../config/types.js';
import { resolveClientSet } from '../discovery/client-set.js';
import { resolveNetworks, resolveOrganizations } from '../discovery/resolve-networks.js';
import type { Logger } from '../log/logger.js';
import type { MerakiClient, OrgApi } from '../meraki/index.js';
import { MerakiApiError } from '../meraki/index.js';
import { usageChunks } from '../planning/chunk-clients.js';
import { DAY_MS } from '../planning/windows.js';
import { SSID_USAGE_MEASUREMENT, USAGE_MEASUREMENT } from '../transform/usage-point.js';
import { toPoints } from '../transform/usage-to-points.js';
import type { ServedDay } from './compare-stored.js';

/** One unit to verify: a network (`client_usage`), or a network x SSID (`client_usage_by_ssid`). */
export interface VerifyUnit {
  orgId: string;
  networkId: string;
  networkName: string;
  measurement: string;
  ssidNumber?: number;
  ids: string[];
  ssidOf: (clientId: string) => string | undefined;
  /** The client chunks the usage requests go by (one request each, unless Meraki answers 414). */
  chunks: string[][];
}

/**
 * The units of every planned network (or of `networkId` only), with their client sets as a backfill from
 * `t0Ms` would ask for them. Costs the discovery requests (organizations, networks, clients, SSIDs).
 */
export async function planVerifyUnits(
  meraki: MerakiClient,
  config: Config,
  t0Ms: number,
  networkId: string | undefined,
  signal?: AbortSignal,
): Promise<VerifyUnit[]> {
  const c = config.collection;
  const units: VerifyUnit[] = [];
  for (const org of await resolveOrganizations(meraki, config.targets, c.shard, signal)) {
    const api = meraki.org(org.orgId);
    const target = await resolveNetworks(meraki, org, config.targets, signal);
    for (const network of target.networks) {
      if (networkId !== undefined && network.id !== networkId) continue;
      const set = config.targets.clientSets[network.id] ?? config.targets.defaultClients;
      const clients = await resolveClientSet(api, network.id, set, t0Ms, signal);
      const chunksOf = (ids: string[]) => usageChunks(ids, network.id, config);
      const common = { orgId: org.orgId, networkId: network.id, networkName: network.name };
      units.push({ ...common, measurement: USAGE_MEASUREMENT, ids: clients.ids, ssidOf: (id) => clients.ssidOf.get(id), chunks: chunksOf(clients.ids) });
      if (!c.splitBySsid || !network.productTypes.includes('wireless')) continue;
      for (const ssid of (await api.ssids(network.id, signal)).filter((s) => s.enabled)) {
        const ids = set.mode === 'discover' ? clients.ids.filter((id) => clients.wireless.has(id)) : clients.ids;
        units.push({ ...common, measurement: SSID_USAGE_MEASUREMENT, ssidNumber: ssid.number, ids, ssidOf: () => ssid.name, chunks: chunksOf(ids) });
      }
    }
  }
  return units;
}

/** Closed buckets that overlap the window: start after `t0Ms - 1 day`, end at or before `nowMs`. */
export function comparedRange(t0Ms: number, nowMs: number): { fromMs: number; toMs: number } {
  return { fromMs: t0Ms - DAY_MS + 1, toMs: nowMs - DAY_MS + 1 };
}

export interface ServedUsage {
  days: ServedDay[];
  /** Records or buckets Meraki served that fail validation (not compared). */
  rejected: number;
  /** Clients with a rejected record or bucket: what is stored for them cannot be called extra. */
  rejectedClients: Set<string>;
  /** A rejected record had no client id: nothing stored can be called extra. */
  rejectedUnknown: boolean;
}

/**
 * What Meraki serves for the unit from `t0Ms` to `nowMs`, as client-days within `range`: one usageHistories
 * request per client chunk (and Link pages), a chunk split in two on HTTP 414.
 */
export async function fetchServed(
  api: OrgApi,
  unit: VerifyUnit,
  window: { t0Ms: number; nowMs: number; range: { fromMs: number; toMs: number } },
  config: Config,
  logger: Logger,
  signal?: AbortSignal,
): Promise<ServedUsage> {
  const out: ServedUsage = { days: [], rejected: 0, rejectedClients: new Set(), rejectedUnknown: false };
  const ctx = { org: unit.orgId, network: unit.networkId, ssidOf: unit.ssidOf, ...(unit.ssidNumber === undefined ? {} : { ssidNumber: unit.ssidNumber }) };
  const pending = unit.chunks.map((chunk) => [...chunk]);
  while (pending.length > 0) {
    const chunk = pending.shift()!;
    const query = {
      clients: chunk,
      t0: new Date(window.t0Ms).toISOString(),
      t1: new Date(window.nowMs).toISOString(),
      perPage: config.collection.usagePerPage,
      ...(unit.ssidNumber === undefined ? {} : { ssidNumber: unit.ssidNumber }),
    };
    try {
      for await (const page of api.usageHistories(unit.networkId, query, signal)) {
        const { points, rejects } = toPoints(page, ctx);
        out.rejected += rejects.length;
        for (const r of rejects) {
          if (r.clientId === undefined) out.rejectedUnknown = true;
          else out.rejectedClients.add(r.clientId);
        }
        for (const p of points) {
          const dayMs = p.timeSeconds * 1000;
          if (dayMs < window.range.fromMs || dayMs >= window.range.toMs) continue;
          out.days.push({ client: p.client, dayMs, mac: p.mac, ip: p.ip, ssid: p.ssid, recvKb: p.recvKb, sentKb: p.sentKb });
        }
      }
    } catch (err) {
      if (err instanceof MerakiApiError && err.status === 414 && chunk.length > 1) {
        logger.warn('URL too long (414): splitting the client chunk', { network: unit.networkId, clients: chunk.length });
        const half = Math.ceil(chunk.length / 2);
        pending.unshift(chunk.slice(0, half), chunk.slice(half));
        continue;
      }
      throw err;
    }
  }
  return out;
}
