/** Organizations that fail (orgFaults) and the "another application" drain of organization budgets. */
import { ApiError } from './api-error.js';
import type { RouteMatch } from './route-types.js';
import type { OrgFault, OrgFaultSpec, OtherApplication } from './types.js';
import type { SimWorld } from './world-types.js';

const FAULTS: readonly OrgFault[] = ['forbidden', 'networksServerError', 'usageServerError'];

export function checkOrgFaults(specs: readonly OrgFaultSpec[], orgs: number): OrgFaultSpec[] {
  if (!Array.isArray(specs)) throw new Error('Expected `orgFaults` to be a list of { org, fault }');
  for (const [i, s] of specs.entries()) {
    if (!Number.isInteger(s.org) || s.org < 0 || s.org >= orgs) throw new Error(`Expected \`orgFaults[${i}].org\` to be an organization index 0..${orgs - 1}, got ${s.org}`);
    if (!FAULTS.includes(s.fault)) throw new Error(`Expected \`orgFaults[${i}].fault\` to be ${FAULTS.join(' | ')}, got ${String(s.fault)}`);
  }
  return [...specs];
}

export function checkOtherApplication(o: OtherApplication, orgs: number): OtherApplication {
  if (!(Number.isFinite(o.perSecond) && o.perSecond > 0)) throw new Error(`Expected \`otherApplication.perSecond\` to be a number > 0, got ${o.perSecond}`);
  if (!Array.isArray(o.orgs) || o.orgs.some((i) => !Number.isInteger(i) || i < 0 || i >= orgs)) {
    throw new Error(`Expected \`otherApplication.orgs\` to be organization indexes 0..${orgs - 1}`);
  }
  return { orgs: [...o.orgs], perSecond: o.perSecond };
}

/** Organization id -> its fault. */
export function orgFaultMap(world: SimWorld, specs: readonly OrgFaultSpec[]): Map<string, OrgFault> {
  return new Map(specs.map((s) => [world.organizations[s.org]!.id, s.fault]));
}

/** Organization id -> requests per second another application takes from its bucket. */
export function otherAppDrain(world: SimWorld, o: OtherApplication | null): Map<string, number> {
  return new Map((o?.orgs ?? []).map((i) => [world.organizations[i]!.id, o!.perSecond]));
}

/** Throws the organization's fault for this request, if it has one (called after the rate limit). */
export function throwOrgFault(faults: ReadonlyMap<string, OrgFault>, match: RouteMatch): void {
  const fault = match.org ? faults.get(match.org.id) : undefined;
  if (fault === 'forbidden') throw new ApiError(403, ["You don't have permission to access this organization"]);
  if (fault === 'networksServerError' && match.endpoint === 'networks') throw new ApiError(500, ['Something went wrong']);
  if (fault === 'usageServerError' && match.endpoint === 'usageHistories') throw new ApiError(502, ['Bad Gateway']);
}

/** The usage502AboveClients quirk: a usageHistories request naming more than `n` clients answers 502. */
export function throwLargeUsage502(n: number, match: RouteMatch, query: string): void {
  if (n <= 0 || match.endpoint !== 'usageHistories') return;
  const clients = new URLSearchParams(query).get('clients') ?? '';
  if (clients.split(',').filter((c) => c.trim() !== '').length > n) throw new ApiError(502, ['Bad Gateway']);
}
