import { CLIENTS_PER_PAGE, DEFAULT_MAX_URL_LENGTH, NETWORKS_PER_PAGE, USAGE_PER_PAGE } from '../../src/simulator/index.js';

/** What one network's data requires: its client list, and the ids to ask usage for. */
export interface NetworkNeed {
  networkId: string;
  /** Client ids the discovery lists (perPage 5000) over the window. */
  ids: readonly string[];
}

export interface MinimumRequests {
  total: number;
  /** GET /organizations: one page when the configuration does not name the organization, else none. */
  organizations: number;
  networks: number;
  clients: number;
  usageHistories: number;
  /** The largest usageHistories chunk the server's limits allow (perPage max, and URL length). */
  largestChunk: number;
}

/**
 * The fewest requests the data allows: the organizations page (only when the configuration leaves the
 * organization to be discovered), the organization's network pages, and per network its discovery pages
 * (at least one) plus usage requests at the largest safe chunk: at most 1000 ids (perPage max) and a path+query
 * no longer than the server's limit, counted with literal commas and the window parameters the collector sends.
 */
export function minimumRequests(
  needs: readonly NetworkNeed[],
  query: { t0: string; t1: string },
  options: { maxUrlLength?: number; discoverOrganizations?: boolean } = {},
): MinimumRequests {
  const maxUrlLength = options.maxUrlLength ?? DEFAULT_MAX_URL_LENGTH;
  const out: MinimumRequests = { total: 0, organizations: options.discoverOrganizations ? 1 : 0, networks: Math.max(1, Math.ceil(needs.length / NETWORKS_PER_PAGE.max)), clients: 0, usageHistories: 0, largestChunk: 0 };
  for (const need of needs) {
    out.clients += Math.max(1, Math.ceil(need.ids.length / CLIENTS_PER_PAGE.max));
    const fixed = `/api/v1/networks/${need.networkId}/clients/usageHistories?clients=&t0=${encodeURIComponent(query.t0)}&t1=${encodeURIComponent(query.t1)}&perPage=${USAGE_PER_PAGE.max}`.length;
    let count = 0;
    let length = fixed;
    for (const id of need.ids) {
      const cost = encodeURIComponent(id).length + (count > 0 ? 1 : 0);
      if (count > 0 && (count >= USAGE_PER_PAGE.max || length + cost > maxUrlLength)) {
        out.usageHistories++;
        out.largestChunk = Math.max(out.largestChunk, count);
        count = 0;
        length = fixed;
      }
      length += count > 0 ? cost : encodeURIComponent(id).length;
      count++;
    }
    if (count > 0) {
      out.usageHistories++;
      out.largestChunk = Math.max(out.largestChunk, count);
    }
  }
  out.total = out.organizations + out.networks + out.clients + out.usageHistories;
  return out;
}
