/** GET /organizations, /organizations/{id}/networks, /networks/{id}/wireless/ssids. */
import { ApiError, badRequest } from './api-error.js';
import { arraySource, linkHeader, paginate } from './pagination.js';
import { arrayParam, perPageParam } from './params.js';
import type { RouteContext, RouteResult } from './route-types.js';
import type { SimNetwork, SimOrganization } from './world-types.js';

export const ORGANIZATIONS_PER_PAGE = { min: 3, max: 9000, default: 9000 } as const;
export const NETWORKS_PER_PAGE = { min: 3, max: 100_000, default: 1000 } as const;

function paged<T>(ctx: RouteContext, items: readonly T[], limits: { min: number; max: number; default: number }, toJson: (t: T) => unknown): RouteResult {
  const perPage = perPageParam(ctx.query, limits.min, limits.max, limits.default);
  const page = paginate(ctx.seed, arraySource(items), perPage, ctx.query);
  const link = linkHeader(page, {
    seed: ctx.seed,
    base: ctx.linkBase,
    rawQuery: ctx.rawQuery,
    quotedRel: ctx.quirks.quotedRel,
    withPrev: ctx.quirks.prevLinks,
  });
  return { body: JSON.stringify(page.items.map(toJson)), link };
}

export function listOrganizations(ctx: RouteContext): RouteResult {
  const orgs = ctx.model.world.organizations.filter((o) => ctx.visible(o));
  return paged(ctx, orgs, ORGANIZATIONS_PER_PAGE, (o) => ({
    id: o.id,
    name: o.name,
    url: `https://n1.meraki.com/o/${o.id}/manage/organization/overview`,
    api: { enabled: o.apiEnabled },
    licensing: { model: 'co-term' },
    cloud: { region: { name: 'North America' } },
  }));
}

export function listNetworks(ctx: RouteContext, org: SimOrganization): RouteResult {
  const productTypes = arrayParam(ctx.query, 'productTypes');
  const tags = arrayParam(ctx.query, 'tags');
  const mode = ctx.query.get('tagsFilterType') ?? 'withAnyTags';
  if (mode !== 'withAnyTags' && mode !== 'withAllTags') {
    throw badRequest(`'tagsFilterType' must be one of withAnyTags, withAllTags`);
  }
  const networks = org.networks.filter(
    (n) =>
      (productTypes.length === 0 || productTypes.some((p) => n.productTypes.includes(p))) &&
      (tags.length === 0 || (mode === 'withAllTags' ? tags.every((t) => n.tags.includes(t)) : tags.some((t) => n.tags.includes(t)))),
  );
  return paged(ctx, networks, NETWORKS_PER_PAGE, (n) => ({
    id: n.id,
    organizationId: n.organizationId,
    name: n.name,
    productTypes: n.productTypes,
    timeZone: n.timeZone,
    tags: n.tags,
    enrollmentString: null,
    url: `https://n1.meraki.com/${encodeURIComponent(n.name)}/n/${n.id}/manage/usage/list`,
    notes: '',
    isBoundToConfigTemplate: false,
  }));
}

export function listSsids(_ctx: RouteContext, network: SimNetwork): RouteResult {
  if (!network.productTypes.includes('wireless')) {
    throw new ApiError(400, ['This endpoint only supports wireless networks']);
  }
  return {
    body: JSON.stringify(
      network.ssids.map((s) => ({
        number: s.number,
        name: s.name,
        enabled: s.enabled,
        splashPage: 'None',
        ssidAdminAccessible: false,
        authMode: s.enabled && s.number > 0 ? 'psk' : 'open',
        ipAssignmentMode: 'NAT mode',
        visible: true,
        availableOnAllAps: true,
        availabilityTags: [],
        bandSelection: 'Dual band operation',
      })),
    ),
  };
}
