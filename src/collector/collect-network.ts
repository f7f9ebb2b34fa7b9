import type { Clock } from '../clock.js';
import type { Config } from '../config/types.js';
import { resolveClientSet } from '../discovery/client-set.js';
import type { Logger } from '../log/logger.js';
import type { OrgApi } from '../meraki/index.js';
import type { NetworkTarget } from '../discovery/resolve-networks.js';
import type { CheckpointStore } from '../state/checkpoint-store.js';
import { emptyState, MAX_GAPS_KEPT, unitKey, type NetworkState } from '../planning/network-state.js';
import { planWindow, type Window } from '../planning/windows.js';
import type { Sink } from '../sink/sink.js';
import { collectUnit, type UnitJob } from './collect-unit.js';
import { writeInfoPoints } from './info-points.js';

export interface NetworkDeps {
  api: OrgApi;
  sink: Sink;
  store: CheckpointStore;
  config: Config;
  logger: Logger;
  clock: Clock;
  signal?: AbortSignal;
  mode: 'incremental' | 'backfill';
  sinceMs?: number;
}

export interface NetworkResult {
  ok: boolean;
  clients: number;
  points: number;
  rejected: number;
  gaps: number;
  /** The main unit's checkpoint after the run (checkpoint age = now - this). */
  checkpointMs: number | null;
  /** The main unit's end of the last successful fetch after the run (data freshness = now - this). */
  fetchedToMs?: number | null;
  error?: unknown;
}

interface Unit {
  key: string;
  ssid?: { number: number; name: string };
  state: NetworkState;
  window: Window;
}

/**
 * Collects one network: its main unit, plus one unit per enabled SSID when SSID splitting is on. Each unit keeps
 * its own checkpoint; a unit's failure is recorded in its state and reported, the others still run.
 */
export async function collectNetwork(orgId: string, network: NetworkTarget, deps: NetworkDeps): Promise<NetworkResult> {
  const log = deps.logger.child({ org: orgId, network: network.id });
  const nowMs = deps.clock.now();
  const result: NetworkResult = { ok: true, clients: 0, points: 0, rejected: 0, gaps: 0, checkpointMs: null };
  let units: Unit[] = [];
  try {
    const ssids = deps.config.collection.splitBySsid ? await enabledSsids(deps, network) : [];
    units = await Promise.all(
      [undefined, ...ssids].map(async (ssid) => {
        const key = unitKey(network.id, ssid?.number);
        const state = (await deps.store.get(key)) ?? emptyState(orgId, network.id, network.name, ssid?.number);
        state.networkName = network.name;
        const window = planWindow({
          checkpointMs: state.checkpointMs,
          nowMs,
          lookbackSeconds: deps.config.collection.lookbackSeconds,
          mode: deps.mode,
          settleDays: deps.config.collection.settleDays,
          ...(deps.sinceMs === undefined ? {} : { sinceMs: deps.sinceMs }),
        });
        return { key, state, window, ...(ssid ? { ssid } : {}) };
      }),
    );
    const listFromMs = Math.min(...units.map((u) => u.window.t0Ms));
    const set = deps.config.targets.clientSets[network.id] ?? deps.config.targets.defaultClients;
    const clients = await resolveClientSet(deps.api, network.id, set, listFromMs, deps.signal);
    result.clients = clients.ids.length;
    await writeInfoPoints(deps.sink, orgId, network, clients.info, nowMs, deps.signal);
    for (const unit of units) {
      if (unit.window.gap) {
        result.gaps++;
        recordGap(unit.state, unit.window.gap, nowMs);
        log.warn('gap: data older than the API lookback was never collected', {
          unit: unit.key,
          fromMs: unit.window.gap.fromMs,
          toMs: unit.window.gap.toMs,
          from: new Date(unit.window.gap.fromMs).toISOString(),
          to: new Date(unit.window.gap.toMs).toISOString(),
        });
      }
      const ids = unit.ssid && set.mode === 'discover' ? clients.ids.filter((id) => clients.wireless.has(id)) : clients.ids;
      const job: UnitJob = {
        key: unit.key,
        orgId,
        networkId: network.id,
        state: unit.state,
        window: unit.window,
        ids,
        ssidOf: unit.ssid ? () => unit.ssid!.name : (id) => clients.ssidOf.get(id),
        ...(unit.ssid ? { ssidNumber: unit.ssid.number } : {}),
      };
      await collectUnit(job, deps, result);
      unit.state.lastResult = 'ok';
      unit.state.lastError = null;
      unit.state.lastRunAtMs = nowMs;
      await deps.store.put(unit.key, unit.state);
    }
  } catch (err) {
    result.ok = false;
    result.error = err;
    log.error('network failed; its checkpoint stays where it was', { err });
    for (const unit of units.filter((u) => u.state.lastRunAtMs !== nowMs || u.state.lastResult !== 'ok')) {
      unit.state.lastResult = 'failed';
      unit.state.lastError = err instanceof Error ? err.message : String(err);
      unit.state.lastRunAtMs = nowMs;
      await deps.store.put(unit.key, unit.state).catch((e: unknown) => log.error('cannot save state', { err: e }));
    }
  }
  result.checkpointMs = units[0]?.state.checkpointMs ?? null;
  result.fetchedToMs = units[0]?.state.fetchedToMs ?? null;
  return result;
}

async function enabledSsids(deps: NetworkDeps, network: NetworkTarget): Promise<{ number: number; name: string }[]> {
  if (!network.productTypes.includes('wireless')) return [];
  const ssids = await deps.api.ssids(network.id, deps.signal);
  return ssids.filter((s) => s.enabled).map((s) => ({ number: s.number, name: s.name }));
}

function recordGap(state: NetworkState, gap: { fromMs: number; toMs: number }, nowMs: number): void {
  const same = state.gaps.find((g) => g.fromMs === gap.fromMs);
  if (same) {
    same.toMs = Math.max(same.toMs, gap.toMs);
    return;
  }
  state.gaps.push({ ...gap, recordedAtMs: nowMs });
  if (state.gaps.length > MAX_GAPS_KEPT) state.gaps.splice(0, state.gaps.length - MAX_GAPS_KEPT);
}
