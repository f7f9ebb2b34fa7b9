import { nextPageUrl } from '../../src/meraki/link-header.js';

/**
 * Client ids of a network as GET /clients lists them from `t0` (every page, perPage 5000), with plain fetch:
 * the reference the minimum request count is computed from. Call it outside the measured run.
 */
export async function listClientIds(baseUrl: string, networkId: string, t0: string): Promise<string[]> {
  const ids: string[] = [];
  let url: string | undefined = `${baseUrl}/networks/${networkId}/clients?t0=${encodeURIComponent(t0)}&perPage=5000`;
  for (let page = 0; url && page < 1000; page++) {
    const res: Response = await fetch(url, { headers: { authorization: 'Bearer bench-key-0123456789abcdef' } });
    if (!res.ok) throw new Error(`GET /clients answered ${res.status}`);
    for (const c of (await res.json()) as { id: string }[]) ids.push(c.id);
    url = nextPageUrl(res.headers.get('link')) ?? undefined;
  }
  return ids;
}
