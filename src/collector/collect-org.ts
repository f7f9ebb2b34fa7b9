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
  /** Networks of the organization collected (or tried) in this run. */
  networks: number;
  networksFailed: number;
  /** Why it failed (no secret: error messages only). */
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
  // By position, not by id: an id listed twice is two entries, as before.
  const outcomes = orgs.map((org) => ({ orgId: org.orgId, ok: !('error' in org), networks: 0, networksFailed: 0, firstError: undefined as unknown }));
  const work = orgs.flatMap((org, i) => ('error' in org ? [] : [{ key: String(i), items: org.networks }]));
  const { networksInFlight, networkConcurrency } = deps.config.collection;
  await runRoundRobin(work, { total: networksInFlight, perKey: networkConcurrency, stopped: () => deps.signal?.aborted === true }, async (key, network) => {
    const outcome = outcomes[Number(key)]!;
    const { orgId } = outcome;
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
    try {
      deps.onNetworkDone(orgId, network, r);
    } catch (err) {
      // A hook that throws (progress, self-metrics) is this network's failure, not the run's.
      if (r.ok) outcome.networksFailed++;
      outcome.firstError ??= err;
    }
  });
  return orgs.map((org, i): OrgOutcome => {
    const { firstError, ...o } = outcomes[i]!;
    if ('error' in org) return { ...o, error: org.error };
    if (o.networksFailed > 0) return { ...o, ok: false, error: `${o.networksFailed} of ${org.networks.length} networks failed: ${messageOf(firstError)}` };
    return o;
  });
}
