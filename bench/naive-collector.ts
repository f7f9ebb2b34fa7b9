import axios, { type AxiosResponse } from 'axios';

/**
 * The backfill the way many scripts do it: axios, one page after another, one request per client (the
 * single-client GET /networks/{id}/clients/{clientId}/usageHistory), no concurrency, Retry-After obeyed on 429.
 * Lines are built by hand and handed to `emit`. Bounded: at most `maxRequests` requests, then it throws.
 */
export interface NaiveOptions {
  baseUrl: string;
  apiKey: string;
  orgId: string;
  emit: (lines: string[]) => void;
  maxRequests: number;
}

export interface NaiveResult {
  requests: number;
  rateLimited: number;
  clients: number;
  points: number;
}

const TIMESPAN_SECONDS = 31 * 86_400;
const MAX_429_RETRIES = 10;

export async function naiveBackfill(o: NaiveOptions): Promise<NaiveResult> {
  const http = axios.create({ baseURL: o.baseUrl, headers: { Authorization: `Bearer ${o.apiKey}` }, timeout: 30_000 });
  const result: NaiveResult = { requests: 0, rateLimited: 0, clients: 0, points: 0 };

  const get = async <T>(url: string): Promise<AxiosResponse<T>> => {
    for (let attempt = 0; ; attempt++) {
      if (++result.requests > o.maxRequests) throw new Error(`naive collector: more than ${o.maxRequests} requests`);
      const res = await http.get<T>(url, { validateStatus: () => true });
      if (res.status === 429 && attempt < MAX_429_RETRIES) {
        result.rateLimited++;
        await new Promise((r) => setTimeout(r, Number(res.headers['retry-after'] ?? 1) * 1000));
        continue;
      }
      if (res.status !== 200) throw new Error(`naive collector: GET ${url} answered ${res.status}`);
      return res;
    }
  };
  const all = async <T>(first: string): Promise<T[]> => {
    const items: T[] = [];
    let url: string | undefined = first;
    while (url) {
      const res: AxiosResponse<T[]> = await get<T[]>(url);
      items.push(...res.data);
      url = /<([^>]+)>;\s*rel="?next"?/.exec(String(res.headers.link ?? ''))?.[1];
    }
    return items;
  };

  const networks = await all<{ id: string }>(`/organizations/${o.orgId}/networks`);
  for (const network of networks) {
    const clients = await all<{ id: string; mac: string; ip: string | null }>(`/networks/${network.id}/clients?timespan=${TIMESPAN_SECONDS}&perPage=1000`);
    for (const client of clients) {
      result.clients++;
      const res = await get<{ ts: string; received: number; sent: number }[]>(`/networks/${network.id}/clients/${client.id}/usageHistory`);
      const lines = res.data.map(
        (b) => `client_usage,network=${network.id},client=${client.id},mac=${client.mac} recv=${b.received},sent=${b.sent} ${Math.floor(Date.parse(b.ts) / 1000)}`,
      );
      result.points += lines.length;
      o.emit(lines);
    }
  }
  return result;
}
