/**
 * Ground truth over the usage model: what the endpoints report at the current simulated clock, except that with the
 * `lateDataHours` quirk a closed day is its final value (the endpoints reach it that many hours after it closed).
 */
import { DayParts, ipOnDay, isActive, WIRED_SSID } from './client-day.js';
import type { ClientState, DayUsage, Truth, TruthFilter, TruthRow } from './truth-types.js';
import type { UsageModel } from './usage-model.js';
import type { SimClient, SimNetwork } from './world-types.js';

interface Located {
  network: SimNetwork;
  client: SimClient;
  day: number;
  startMs: number;
  endMs: number;
}

export function createTruth(model: UsageModel): Truth {
  const locate = (networkId: string, clientId: string, atMs: number): Located | undefined => {
    const network = model.world.network(networkId);
    const client = network?.clientByKey(clientId);
    if (!network || !client) return undefined;
    const now = model.clock.now();
    const calendar = model.calendar(network);
    const day = calendar.dayNumber(atMs);
    if (!model.exists(network, client, now) || day < model.world.historyStartDay || day > calendar.dayNumber(now)) return undefined;
    return { network, client, day, startMs: calendar.dayStartMs(day), endMs: calendar.dayStartMs(day + 1) };
  };
  return {
    usage(networkId, clientId, dayStartMs, ssidNumber) {
      const at = locate(networkId, clientId, dayStartMs);
      if (!at) return undefined;
      const parts = new DayParts();
      model.finalParts(at.client, at.day, at.startMs, at.endMs, parts);
      if (ssidNumber === undefined) return { recvKb: parts.totalRecv() / 8, sentKb: parts.totalSent() / 8 };
      const pair = [0, 0];
      parts.onSsid(ssidNumber, pair);
      return { recvKb: (pair[0] as number) / 8, sentKb: (pair[1] as number) / 8 };
    },
    ssidParts(networkId, clientId, dayStartMs) {
      const result = new Map<number, DayUsage>();
      const at = locate(networkId, clientId, dayStartMs);
      if (!at) return result;
      const parts = new DayParts();
      model.finalParts(at.client, at.day, at.startMs, at.endMs, parts);
      for (let p = 0; p < parts.count; p++) {
        const ssid = parts.ssid[p] as number;
        if (ssid !== WIRED_SSID) result.set(ssid, { recvKb: (parts.recv[p] as number) / 8, sentKb: (parts.sent[p] as number) / 8 });
      }
      return result;
    },
    rows: (filter = {}) => truthRows(model, filter),
    at: (atMs) => createTruth(model.withClock({ now: () => atMs })),
    dayStart(networkId, atMs) {
      const network = model.world.network(networkId);
      if (!network) throw new Error(`unknown networkId ${networkId}`);
      const calendar = model.calendar(network);
      return calendar.dayStartMs(calendar.dayNumber(atMs));
    },
    clientAt(networkId, clientId, atMs) {
      const network = model.world.network(networkId);
      const client = network?.clientByKey(clientId);
      const at = atMs ?? model.clock.now();
      if (!network || !client) return undefined;
      const calendar = model.calendar(network);
      const day = calendar.dayNumber(at);
      if (day < client.firstDay || day < model.world.historyStartDay) return undefined;
      const parts = new DayParts();
      model.finalParts(client, day, calendar.dayStartMs(day), calendar.dayStartMs(day + 1), parts, at);
      const state: ClientState = {
        ip: ipOnDay(client, day),
        ssidNumber: client.wired ? null : parts.dominant,
        active: isActive(model.world.seed, client, day),
      };
      return state;
    },
  };
}

function* truthRows(model: UsageModel, filter: TruthFilter): IterableIterator<TruthRow> {
  const parts = new DayParts();
  const pair = [0, 0];
  for (const network of model.world.networks) {
    if (filter.orgId !== undefined && network.organizationId !== filter.orgId) continue;
    if (filter.networkId !== undefined && network.id !== filter.networkId) continue;
    const now = model.clock.now();
    const range = model.daysOverlapping(network, filter.fromMs ?? 0, now + 1, now);
    for (const client of network.clients) {
      if (!model.exists(network, client, now)) continue;
      for (let i = 0; i < range.days.length; i++) {
        const startMs = range.starts[i] as number;
        if ((filter.fromMs !== undefined && startMs < filter.fromMs) || (filter.toMs !== undefined && startMs >= filter.toMs)) continue;
        model.finalParts(client, range.days[i] as number, startMs, range.ends[i] as number, parts, now);
        if (filter.ssidNumber === undefined) {
          pair[0] = parts.totalRecv();
          pair[1] = parts.totalSent();
        } else parts.onSsid(filter.ssidNumber, pair);
        if (pair[0] === 0 && pair[1] === 0) continue;
        yield {
          orgId: network.organizationId,
          networkId: network.id,
          clientId: client.key,
          mac: client.mac,
          dayStartMs: startMs,
          recvKb: (pair[0] as number) / 8,
          sentKb: (pair[1] as number) / 8,
        };
      }
    }
  }
}
