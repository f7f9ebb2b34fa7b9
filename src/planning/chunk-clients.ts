import type { Config } from '../config/types.js';

/**
 * Splits client ids into request-sized chunks: at most `maxCount` ids, and a `clients=` parameter short enough
 * that the whole URL stays under `maxUrlLength` characters (Meraki answers 414 above its own limit).
 * `baseLength` is the length of the URL without the client list. Lengths assume every id is percent-encoded,
 * an upper bound on what any HTTP client sends. Pure.
 */
export function chunkClients(ids: readonly string[], maxCount: number, maxUrlLength: number, baseLength: number): string[][] {
  if (maxCount < 1) throw new RangeError(`Expected \`maxCount\` to be >= 1, got ${maxCount}`);
  const budget = maxUrlLength - baseLength;
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let length = 0;
  for (const id of ids) {
    const cost = encodeURIComponent(id).length + (chunk.length > 0 ? 3 : 0); // ",": %2C at worst
    if (chunk.length > 0 && (chunk.length >= maxCount || length + cost > budget)) {
      chunks.push(chunk);
      chunk = [];
      length = 0;
    }
    if (encodeURIComponent(id).length > budget) {
      throw new RangeError(`client id ${id.slice(0, 40)} alone exceeds the URL length limit of ${maxUrlLength}`);
    }
    length += chunk.length > 0 ? cost : encodeURIComponent(id).length;
    chunk.push(id);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Longest URL without the client list: base URL, path, and the other parameters (generous). */
const URL_OVERHEAD = 220;

/** A network's client ids in usageHistories-sized chunks under the configuration (collect and verify alike). */
export function usageChunks(ids: readonly string[], networkId: string, config: Pick<Config, 'meraki' | 'collection'>): string[][] {
  const c = config.collection;
  return chunkClients(ids, Math.min(c.clientsPerRequest, c.usagePerPage), c.maxUrlLength, config.meraki.baseUrl.length + networkId.length + URL_OVERHEAD);
}
