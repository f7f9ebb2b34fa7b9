import { resolveNetworks, type NetworkTarget } from '../discovery/resolve-networks.js';
import type { MerakiClient } from '../meraki/index.js';
import { collectNetwork, type NetworkDeps, type NetworkResult } from './collect-network.js';
import { runRoundRobin } from './round-robin.js';

export interface OrgRunDeps extends Omit<NetworkDeps, 'api'> {
  meraki: MerakiClient;
  /** Called after each network (the run's totals, progress, self-metrics). */
  onNetworkDone: (orgId: string, network: NetworkTarget, result: NetworkResult) => void;
  /** Usage pages that took the JSON.parse path instead of the byte scanner (counted by collect-unit). */
  fallbackPages: { count: number };
}

/** What happened to one organization in a run. */
export interface OrgOutcome {
  orgId: string;
  ok: boolean;
  networks: number;
  networksFailed: number;
  error?: string;
}

/** An organization to collect: its networks, or why they could not be listed. */
export type OrgNetworks = { orgId: string } & ({ networks: readonly NetworkTarget[] } | { error: string });

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** An organization's networks after the filters, or why they cannot be read (never throws). */
export async function listOrgNetworks(
  org: { orgId: string; orgName: string },
  deps: Pick<OrgRunDeps, 'meraki' | 'config' | 'signal'>,
): Promise<OrgNetworks> {
  try {
    return { orgId: org.orgId, networks: (await resolveNetworks(deps.meraki, org, deps.config.targets, deps.signal)).networks };
  } catch (err) {
    return { orgId: org.orgId, error: `cannot list its networks: ${messageOf(err)}` };
  }
}

/**
 * Collects every organization's networks at once: at most `collection.networksInFlight` networks over all of
 * them and `collection.networkConcurrency` per organization, the free places going round-robin over the
 * organizations (runRoundRobin). Never throws: a network's failure is its organization's result, an organization
 * whose list failed is failed. Resolves only when every network it started has finished; once the run's signal
 * is aborted no network starts. Outcomes come in the order of `orgs`.
 */
export async function collectOrganizations(orgs: readonly OrgNetworks[], deps: OrgRunDeps): Promise<OrgOutcome[]> {
  const outcomes = new Map<string, OrgOutcome & { firstError?: unknown; planned: number }>();
  const work: { key: string; items: readonly NetworkTarget[] }[] = [];
  for (const org of orgs) {
    if ('error' in org) {
      outcomes.set(org.orgId, { orgId: org.orgId, ok: false, networks: 0, networksFailed: 0, error: org.error, planned: 0 });
      continue;
    }
    outcomes.set(org.orgId, { orgId: org.orgId, ok: true, networks: 0, networksFailed: 0, planned: org.networks.length });
    work.push({ key: org.orgId, items: org.networks });
  }
  const { networksInFlight, networkConcurrency } = deps.config.collection;
  await runRoundRobin(work, { total: networksInFlight, perKey: networkConcurrency, stopped: () => deps.signal?.aborted === true }, async (orgId, network) => {
    const outcome = outcomes.get(orgId)!;
    let r: NetworkResult;
    try {
      r = await collectNetwork(orgId, network, { ...deps, api: deps.meraki.org(orgId) });
    } catch (err) {
      r = { ok: false, clients: 0, points: 0, rejected: 0, gaps: 0, checkpointMs: null, error: err };
    }
    outcome.networks++;
    if (!r.ok) {
      outcome.networksFailed++;
      outcome.firstError ??= r.error;
    }
    deps.onNetworkDone(orgId, network, r);
  });
  return orgs.map((org) => {
    const { firstError, planned, ...o } = outcomes.get(org.orgId)!;
    if (o.networksFailed > 0) return { ...o, ok: false, error: `${o.networksFailed} of ${planned} networks failed: ${messageOf(firstError)}` };
    return o;
  });
}
