/** GET /networks/{id}/clients: clients seen in the window, filtered, Link-paginated over client order. */
import { badRequest } from './api-error.js';
import { DayParts, ipOnDay, WIRED_SSID } from './client-day.js';
import { isoSeconds } from './day-buckets.js';
import { hash4 } from './hash.js';
import { linkHeader, paginate, type Keyed, type PageSource } from './pagination.js';
import { arrayParam, perPageParam, windowParams } from './params.js';
import type { RouteContext, RouteResult } from './route-types.js';
import type { DayRange } from './usage-model.js';
import type { SimClient, SimNetwork } from './world-types.js';

export const CLIENTS_PER_PAGE = { min: 3, max: 5000, default: 10 } as const;

type ClientJson = Record<string, unknown>;

export function listClients(ctx: RouteContext, network: SimNetwork): RouteResult {
  const perPage = perPageParam(ctx.query, CLIENTS_PER_PAGE.min, CLIENTS_PER_PAGE.max, CLIENTS_PER_PAGE.default);
  const { t0Ms } = windowParams(ctx.query, { nowMs: ctx.nowMs, allowT1: false, lookbackFrom: ctx.quirks.lookbackFrom });
  const range = ctx.model.daysOverlapping(network, t0Ms, ctx.nowMs, ctx.nowMs);
  const describe = clientDescriber(ctx, network, range);
  const source = scanSource(network.clients.length, (i) => describe(network.clients[i] as SimClient));
  const page = paginate(ctx.seed, source, perPage, ctx.query);
  const link = linkHeader(page, { seed: ctx.seed, base: ctx.linkBase, rawQuery: ctx.rawQuery, quotedRel: ctx.quirks.quotedRel, withPrev: ctx.quirks.prevLinks });
  return { body: JSON.stringify(page.items), link };
}

/** Lazily scans indexes 0..count-1, keeping those for which `item` gives a value. */
function scanSource(count: number, item: (i: number) => ClientJson | undefined): PageSource<ClientJson> {
  return {
    after(afterKey, limit) {
      const out: Keyed<ClientJson>[] = [];
      for (let i = Math.max(0, afterKey + 1); i < count && out.length < limit; i++) {
        const it = item(i);
        if (it) out.push({ key: i, item: it });
      }
      return out;
    },
    before(beforeKey, limit) {
      const out: Keyed<ClientJson>[] = [];
      for (let i = Math.min(count, beforeKey) - 1; i >= 0 && out.length < limit; i--) {
        const it = item(i);
        if (it) out.push({ key: i, item: it });
      }
      return out.reverse();
    },
  };
}

const STATUSES = ['Online', 'Offline'];
const CONNECTIONS = ['Wired', 'Wireless'];

function clientDescriber(ctx: RouteContext, network: SimNetwork, range: DayRange): (c: SimClient) => ClientJson | undefined {
  const q = ctx.query;
  const statuses = arrayParam(q, 'statuses');
  const connections = arrayParam(q, 'recentDeviceConnections');
  if (statuses.some((s) => !STATUSES.includes(s))) throw badRequest(`'statuses' must be Online or Offline`);
  if (connections.some((s) => !CONNECTIONS.includes(s))) throw badRequest(`'recentDeviceConnections' must be Wired or Wireless`);
  const partial = (name: string, value: string | null): boolean => {
    const wanted = q.get(name);
    return wanted === null || (value !== null && value.toLowerCase().includes(wanted.toLowerCase()));
  };
  const vlan = q.get('vlan');
  const namedVlan = q.get('namedVlan');
  const today = ctx.model.today(network, ctx.nowMs);
  const parts = new DayParts();
  const aps = network.devices.filter((d) => d.name.startsWith('AP'));
  const switches = network.devices.filter((d) => !d.name.startsWith('AP'));
  return (c) => {
    if (!ctx.model.exists(network, c, ctx.nowMs) || (vlan !== null && vlan !== c.vlan) || namedVlan !== null) return undefined;
    if (!partial('mac', c.mac) || !partial('os', c.os) || !partial('description', c.description)) return undefined;
    const connection = c.wired ? 'Wired' : 'Wireless';
    if (connections.length > 0 && !connections.includes(connection)) return undefined;
    let recv = 0;
    let sent = 0;
    let lastDay = -1;
    let ssid = WIRED_SSID;
    for (let d = 0; d < range.days.length; d++) {
      ctx.model.parts(c, range.days[d] as number, range.starts[d] as number, range.ends[d] as number, parts, ctx.nowMs);
      if (parts.count === 0) continue;
      recv += parts.totalRecv();
      sent += parts.totalSent();
      lastDay = d;
      ssid = parts.dominant;
    }
    if (lastDay < 0) return undefined;
    const ip = ipOnDay(c, today);
    const status = range.days[lastDay] === today ? 'Online' : 'Offline';
    if (!partial('ip', ip) || (statuses.length > 0 && !statuses.includes(status))) return undefined;
    const h = hash4(ctx.seed, c.globalIndex, 0xc11e);
    const firstStart = ctx.model.calendar(network).dayStartMs(c.firstDay);
    const lastEnd = Math.min(ctx.nowMs, range.ends[lastDay] as number);
    const lastSeen = lastEnd - ((h % 3_600_000) % Math.max(1, lastEnd - (range.starts[lastDay] as number)));
    const pool = c.wired || aps.length === 0 ? switches : aps;
    const device = pool[c.deviceIndex % Math.max(1, pool.length)];
    return {
      id: c.key,
      mac: c.mac,
      ip,
      ip6: null,
      ip6Local: null,
      description: c.description,
      firstSeen: isoSeconds(Math.min(lastSeen, firstStart + (h % 28_800_000))),
      lastSeen: isoSeconds(lastSeen),
      manufacturer: c.manufacturer,
      os: c.os,
      deviceTypePrediction: null,
      recentDeviceSerial: device?.serial ?? null,
      recentDeviceName: device?.name ?? null,
      recentDeviceConnection: connection,
      ssid: ssid === WIRED_SSID ? null : (network.ssids[ssid]?.name ?? null),
      vlan: c.vlan,
      namedVlan: null,
      switchport: c.wired ? String(1 + (h % 48)) : null,
      usage: { sent: sent / 8, recv: recv / 8 },
      status,
      notes: null,
      smInstalled: false,
      groupPolicy8021x: null,
      adaptivePolicyGroup: null,
      pskGroup: null,
      user: null,
    };
  };
}
