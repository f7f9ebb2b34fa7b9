import type { TargetsConfig } from '../config/types.js';
import type { MerakiClient } from '../meraki/index.js';
import type { Network, Organization } from '../meraki/types.js';
import { inShard } from './shard.js';

/**
 * What a run needs of a network. A copy of these four fields, not the API's object: the run holds every
 * organization's list until it ends, and Meraki's network objects carry more (url, notes, tags, enrollment string).
 */
export type NetworkTarget = Pick<Network, 'id' | 'name' | 'productTypes' | 'timeZone'>;

export interface OrgTarget {
  orgId: string;
  orgName: string;
  networks: NetworkTarget[];
}

/** The organizations this instance owns (configured ids, or every one the key sees), within its shard. */
export async function resolveOrganizations(
  meraki: MerakiClient,
  targets: TargetsConfig,
  shard: { index: number; count: number },
  signal?: AbortSignal,
): Promise<{ orgId: string; orgName: string }[]> {
  let orgs: { orgId: string; orgName: string }[];
  if (targets.orgIds.length > 0) {
    orgs = targets.orgIds.map((orgId) => ({ orgId, orgName: orgId }));
  } else {
    const all: Organization[] = await meraki.organizations(signal);
    orgs = all.filter((o) => o.api?.enabled !== false).map((o) => ({ orgId: o.id, orgName: o.name }));
  }
  return orgs.filter((o) => inShard(o.orgId, shard));
}

/** An organization's networks after the configured filters (explicit ids, product types, tags, name). */
export async function resolveNetworks(
  meraki: MerakiClient,
  org: { orgId: string; orgName: string },
  targets: TargetsConfig,
  signal?: AbortSignal,
): Promise<OrgTarget> {
  const f = targets.networkFilter;
  const wanted = new Set(targets.networkIds);
  const namePattern = f.namePattern === null ? null : new RegExp(f.namePattern, 'i');
  const networks: NetworkTarget[] = [];
  const query = {
    ...(f.productTypes.length > 0 ? { productTypes: f.productTypes } : {}),
    ...(f.tags.length > 0 ? { tags: f.tags, tagsFilterType: f.tagsMatch === 'all' ? ('withAllTags' as const) : ('withAnyTags' as const) } : {}),
  };
  for await (const page of meraki.org(org.orgId).networks(query, signal)) {
    for (const n of page) {
      if (wanted.size > 0 && !wanted.has(n.id)) continue;
      if (namePattern && !namePattern.test(n.name)) continue;
      networks.push({ id: n.id, name: n.name, productTypes: n.productTypes, timeZone: n.timeZone });
    }
  }
  return { ...org, networks };
}
