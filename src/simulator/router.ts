/** Matches /api/v1 paths to handlers, resolving (and access-checking) organizations and networks first. */
import { ApiError, notFound } from './api-error.js';
import { listClients } from './routes-clients.js';
import { listNetworks, listOrganizations, listSsids } from './routes-organizations.js';
import type { RouteMatch } from './route-types.js';
import { clientUsageHistory, usageHistories } from './routes-usage.js';
import type { SimNetwork, SimOrganization, SimWorld } from './world-types.js';

/** Resolves a path below /api/v1 (e.g. "/networks/N_1/clients") or throws 404/403 as an ApiError. */
export function matchRoute(world: SimWorld, method: string, path: string, visible: (o: SimOrganization) => boolean): RouteMatch {
  if (method !== 'GET') throw new ApiError(404, ['Not found']);
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const [root, id, sub, sub2, sub3] = parts;
  if (root === 'organizations' && parts.length === 1) return { endpoint: 'organizations', run: listOrganizations };
  if (root === 'organizations' && sub === 'networks' && parts.length === 3) {
    const org = accessibleOrg(world.organization(id ?? ''), visible);
    return { endpoint: 'networks', org, run: (ctx) => listNetworks(ctx, org) };
  }
  if (root !== 'networks' || id === undefined) throw notFound();
  const network = world.network(id);
  const org = accessibleOrg(network && world.organization(network.organizationId), visible);
  const net = network as SimNetwork;
  const base = { org, network: net };
  if (sub === 'wireless' && sub2 === 'ssids' && parts.length === 4) return { ...base, endpoint: 'ssids', run: (ctx) => listSsids(ctx, net) };
  if (sub === 'clients' && parts.length === 3) return { ...base, endpoint: 'clients', run: (ctx) => listClients(ctx, net) };
  if (sub === 'clients' && sub2 === 'usageHistories' && parts.length === 4) {
    return { ...base, endpoint: 'usageHistories', run: (ctx) => usageHistories(ctx, net) };
  }
  if (sub === 'clients' && sub2 !== undefined && sub3 === 'usageHistory' && parts.length === 5) {
    return { ...base, endpoint: 'usageHistory', run: (ctx) => clientUsageHistory(ctx, net, sub2) };
  }
  throw notFound();
}

function accessibleOrg(org: SimOrganization | undefined, visible: (o: SimOrganization) => boolean): SimOrganization {
  if (!org || !visible(org)) throw notFound();
  if (!org.apiEnabled) throw new ApiError(403, ['API access is not enabled for this organization']);
  return org;
}
