import { resolveNetworks } from '../discovery/resolve-networks.js';
import type { MerakiClient } from '../meraki/index.js';
import type { Network } from '../meraki/types.js';
import { collectNetwork, type NetworkDeps, type NetworkResult } from './collect-network.js';
import type { FairSlots } from './fair-slots.js';

export interface OrgRunDeps extends Omit<NetworkDeps, 'api'> {
  meraki: MerakiClient;
  /** Called after each network of the organization (the run's totals, progress, self-metrics). */
  onNetworkDone: (orgId: string, network: Network, result: NetworkResult) => void;
  /** Usage pages that took the JSON.parse path instead of the byte scanner (counted by collect-unit). */
  fallbackPages: { count: number };
  /** Networks in flight over all organizations (`collection.networksInFlight`), handed out round-robin. */
  slots: FairSlots;
}

/** What happened to one organization in a run. */
export interface OrgOutcome {
  orgId: string;
  ok: boolean;
  networks: number;
  networksFailed: number;
  error?: string;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** An organization's networks after the filters, or why they cannot be read (never throws). */
export async function listOrgNetworks(
  org: { orgId: string; orgName: string },
  deps: Pick<OrgRunDeps, 'meraki' | 'config' | 'signal'>,
): Promise<{ networks: Network[] } | { error: string }> {
  try {
    return { networks: (await resolveNetworks(deps.meraki, org, deps.config.targets, deps.signal)).networks };
  } catch (err) {
    return { error: `cannot list its networks: ${messageOf(err)}` };
  }
}

/**
 * Collects one organization's networks, at most `networkConcurrency` at a time, each also taking one of the run's
 * fair slots. Never throws: failed networks are the organization's result. Resolves only when every network it
 * started has finished.
 *
 * Workers, not one task per network, and at most one of them waiting for a slot: a worker takes the next network
 * once it holds a slot and only then may start another (up to `networkConcurrency`); a worker that finds another
 * one of its organization waiting ends. So a waiting organization holds one pending call, not a closure and a
 * promise per network (10,000 networks queued up front kept ~10 MB alive all run, and V8 sized the heap to it).
 * The slots still go one per organization per round, as when every network waited.
 */
export async function collectOrgNetworks(orgId: string, networks: readonly Network[], deps: OrgRunDeps): Promise<OrgOutcome> {
  const outcome: OrgOutcome = { orgId, ok: true, networks: 0, networksFailed: 0 };
  const api = deps.meraki.org(orgId);
  const maxWorkers = Math.min(deps.config.collection.networkConcurrency, networks.length);
  let firstError: unknown;
  let next = 0;
  let alive = 0;
  let waiting = false;
  const fail = (err: unknown): void => {
    outcome.networksFailed++;
    firstError ??= err;
  };
  const workers: Promise<void>[] = [];
  const start = (): void => {
    alive++;
    workers.push(work().finally(() => alive--));
  };
  const work = async (): Promise<void> => {
    while (next < networks.length) {
      waiting = true;
      await deps.slots
        .run(orgId, async () => {
          waiting = false;
          const network = networks[next++];
          if (network === undefined) return;
          if (alive < maxWorkers && next < networks.length) start();
          if (deps.signal?.aborted) return;
          const r = await collectNetwork(orgId, network, { ...deps, api });
          outcome.networks++;
          if (!r.ok) fail(r.error);
          deps.onNetworkDone(orgId, network, r);
        })
        .catch(fail);
      if (waiting) return;
    }
  };
  if (maxWorkers > 0) start();
  // A worker starts any other before it ends, so the list is complete once every worker in it has ended.
  for (let i = 0; i < workers.length; i++) await workers[i];
  if (outcome.networksFailed > 0) {
    outcome.ok = false;
    outcome.error = `${outcome.networksFailed} of ${networks.length} networks failed: ${messageOf(firstError)}`;
  }
  return outcome;
}
