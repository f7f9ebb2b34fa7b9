import pLimit from 'p-limit';
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
 * Collects one organization's networks through its own queue (`networkConcurrency` at a time, each also taking
 * one of the run's fair slots). Never throws:
 * failed networks are the organization's result. Resolves only when every network it started has finished.
 */
export async function collectOrgNetworks(orgId: string, networks: readonly Network[], deps: OrgRunDeps): Promise<OrgOutcome> {
  const outcome: OrgOutcome = { orgId, ok: true, networks: 0, networksFailed: 0 };
  const api = deps.meraki.org(orgId);
  const limit = pLimit(deps.config.collection.networkConcurrency);
  let firstError: unknown;
  const settled = await Promise.allSettled(
    networks.map((network) =>
      limit(() =>
        deps.slots.run(orgId, async () => {
          if (deps.signal?.aborted) return;
          const r = await collectNetwork(orgId, network, { ...deps, api });
          outcome.networks++;
          if (!r.ok) {
            outcome.networksFailed++;
            firstError ??= r.error;
          }
          deps.onNetworkDone(orgId, network, r);
        }),
      ),
    ),
  );
  for (const s of settled) {
    if (s.status === 'rejected') {
      outcome.networksFailed++;
      firstError ??= s.reason;
    }
  }
  if (outcome.networksFailed > 0) {
    outcome.ok = false;
    outcome.error = `${outcome.networksFailed} of ${networks.length} networks failed: ${messageOf(firstError)}`;
  }
  return outcome;
}
