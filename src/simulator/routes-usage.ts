/** GET /networks/{id}/clients/usageHistories and /networks/{id}/clients/{clientId}/usageHistory. */
import { badRequest, notFound } from './api-error.js';
import { DayParts, ipOnDay } from './client-day.js';
import { arraySource, linkHeader, paginate } from './pagination.js';
import { MAX_WINDOW_MS, perPageParam, ssidNumberParam, windowParams } from './params.js';
import type { RouteContext, RouteResult } from './route-types.js';
import { BucketWriter } from './usage-json.js';
import type { DayRange } from './usage-model.js';
import type { SimClient, SimNetwork } from './world-types.js';

/** perPage of usageHistories: 3-1000 (seed document); the default (undocumented) is 10, like /clients. */
export const USAGE_PER_PAGE = { min: 3, max: 1000, default: 10 } as const;

export function usageHistories(ctx: RouteContext, network: SimNetwork): RouteResult {
  const q = ctx.query;
  const names = (q.get('clients') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw badRequest(`'clients' is required: a comma-separated list of client keys, MACs or IPs`);
  const ssidNumber = ssidNumberParam(q);
  const perPage = perPageParam(q, USAGE_PER_PAGE.min, USAGE_PER_PAGE.max, USAGE_PER_PAGE.default);
  const { t0Ms, t1Ms } = windowParams(q, { nowMs: ctx.nowMs, allowT1: true, lookbackFrom: ctx.quirks.lookbackFrom });
  const range = ctx.model.daysOverlapping(network, t0Ms, t1Ms, ctx.nowMs);
  const clients = resolveClients(ctx, network, names);
  const allDays = range.days.map((_, i) => i);
  const byDays = ctx.quirks.usageHistoriesPagination === 'days';
  const page = byDays ? paginate(ctx.seed, arraySource(allDays), perPage, q) : paginate(ctx.seed, arraySource(clients), perPage, q);
  const pageClients = byDays ? clients : (page.items as SimClient[]);
  const pageDays = byDays ? (page.items as number[]) : allDays;
  const link = linkHeader(page, { seed: ctx.seed, base: ctx.linkBase, rawQuery: ctx.rawQuery, quotedRel: ctx.quirks.quotedRel, withPrev: ctx.quirks.prevLinks });
  return { body: writeHistories(ctx, network, pageClients, range, pageDays, ssidNumber), link };
}

function resolveClients(ctx: RouteContext, network: SimNetwork, names: string[]): SimClient[] {
  const seen = new Set<number>();
  const clients: SimClient[] = [];
  for (const name of names) {
    const c = ctx.model.resolve(network, name, ctx.nowMs);
    if (c && !seen.has(c.index)) {
      seen.add(c.index);
      clients.push(c);
    }
  }
  return clients;
}

function writeHistories(ctx: RouteContext, network: SimNetwork, clients: SimClient[], range: DayRange, dayIdx: number[], ssidNumber: number | undefined): string {
  const writer = new BucketWriter(ctx, ctx.quirks.receivedField ? 'received' : 'recv');
  const parts = new DayParts();
  const pair = [0, 0];
  const today = ctx.model.today(network, ctx.nowMs);
  let out = '[';
  for (let k = 0; k < clients.length; k++) {
    const c = clients[k] as SimClient;
    out += `${k === 0 ? '' : ','}{"clientId":"${c.key}","clientIp":"${ipOnDay(c, today)}","clientMac":"${c.mac}","usageHistory":[`;
    for (let j = 0; j < dayIdx.length; j++) {
      const i = dayIdx[j] as number;
      const day = range.days[i] as number;
      ctx.model.parts(c, day, range.starts[i] as number, range.ends[i] as number, parts, ctx.nowMs);
      if (ssidNumber === undefined) {
        pair[0] = parts.totalRecv();
        pair[1] = parts.totalSent();
      } else parts.onSsid(ssidNumber, pair);
      if (j > 0) out += ',';
      out += writer.bucket(c, day, range.starts[i] as number, pair[0] as number, pair[1] as number);
    }
    out += ']}';
  }
  return `${out}]`;
}

export function clientUsageHistory(ctx: RouteContext, network: SimNetwork, clientId: string): RouteResult {
  const c = ctx.model.resolve(network, clientId, ctx.nowMs);
  if (!c) throw notFound();
  const range = ctx.model.daysOverlapping(network, ctx.nowMs - MAX_WINDOW_MS, ctx.nowMs, ctx.nowMs);
  const writer = new BucketWriter(ctx, 'received');
  const parts = new DayParts();
  const buckets: string[] = [];
  for (let i = 0; i < range.days.length; i++) {
    const day = range.days[i] as number;
    ctx.model.parts(c, day, range.starts[i] as number, range.ends[i] as number, parts, ctx.nowMs);
    buckets.push(writer.bucket(c, day, range.starts[i] as number, parts.totalRecv(), parts.totalSent()));
  }
  return { body: `[${buckets.join(',')}]` };
}
