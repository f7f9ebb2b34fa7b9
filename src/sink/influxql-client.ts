import type { InfluxConfig } from '../config/types.js';

/** One series of an InfluxQL result (`/query` JSON). */
export interface InfluxQlSeries {
  name: string;
  tags: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/** Runs InfluxQL read queries. */
export interface InfluxQlClient {
  /** A short description for errors and logs (never a credential). */
  readonly description: string;
  /** Runs one statement; resolves with its series (times as epoch milliseconds). */
  query(statement: string, signal?: AbortSignal): Promise<InfluxQlSeries[]>;
}

/** An InfluxQL request that failed; `status` is the HTTP status, null when no response arrived. */
export class InfluxQlError extends Error {
  readonly status: number | null;
  constructor(message: string, status: number | null, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InfluxQlError';
    this.status = status;
  }
}

export interface InfluxQlClientOptions {
  /** The HTTP function (tests pass a fake). Default: the global fetch. */
  fetch?: typeof fetch;
  /** Per query, milliseconds. Default: the config's `influx.timeoutMs`. */
  timeoutMs?: number;
}

export interface QueryTarget {
  url: URL;
  params: Record<string, string>;
  authorization: string | null;
}

/**
 * Where `/query` is and how to authenticate, for InfluxDB 1.x (database, retention policy, Basic auth) and 2.x
 * (the v1-compatible endpoint: database = bucket through its DBRP mapping, `bucket` may be `db/rp`; token auth).
 * Credentials only ever go into the Authorization header, never into the URL.
 */
export function queryTarget(influx: InfluxConfig): QueryTarget {
  const base = new URL(influx.url);
  const userInfo = base.username ? { user: decodeURIComponent(base.username), pass: decodeURIComponent(base.password) } : null;
  base.username = '';
  base.password = '';
  const url = new URL('query', base.href.endsWith('/') ? base.href : `${base.href}/`);
  if (influx.apiVersion === 2) {
    const [db, rp] = influx.bucket.split('/', 2);
    return { url, params: { db: db ?? influx.bucket, ...(rp ? { rp } : {}) }, authorization: `Token ${influx.token}` };
  }
  const user = influx.username ?? userInfo?.user ?? null;
  const pass = influx.password ?? userInfo?.pass ?? '';
  return {
    url,
    params: { db: influx.database, ...(influx.retentionPolicy ? { rp: influx.retentionPolicy } : {}) },
    authorization: user === null ? null : `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`,
  };
}

interface QueryResponse {
  results?: { error?: string; series?: { name?: string; tags?: Record<string, string>; columns?: string[]; values?: unknown[][] | null }[] }[];
  error?: string;
}

/** An InfluxQL client over HTTP `/query` built from the config's `influx` section. */
export function createInfluxQlClient(influx: InfluxConfig, options: InfluxQlClientOptions = {}): InfluxQlClient {
  const target = queryTarget(influx);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? influx.timeoutMs;
  const description = `InfluxQL ${target.url.origin}${target.url.pathname} db=${target.params.db ?? ''}`;

  const query = async (statement: string, signal?: AbortSignal): Promise<InfluxQlSeries[]> => {
    const url = new URL(target.url);
    for (const [k, v] of Object.entries({ ...target.params, q: statement, epoch: 'ms' })) url.searchParams.set(k, v);
    const timeout = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (target.authorization) headers.authorization = target.authorization;
    let res: Response;
    try {
      res = await doFetch(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (err) {
      throw new InfluxQlError(`${description}: request failed (${(err as Error).name})`, null, { cause: err });
    }
    const text = await res.text();
    let body: QueryResponse;
    try {
      body = JSON.parse(text) as QueryResponse;
    } catch {
      throw new InfluxQlError(`${description}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`, res.status);
    }
    const error = body.error ?? body.results?.find((r) => r.error)?.error;
    if (!res.ok || error) throw new InfluxQlError(`${description}: HTTP ${res.status}: ${error ?? 'no error message'}`, res.status);
    return (body.results?.[0]?.series ?? []).map((s) => ({
      name: s.name ?? '',
      tags: s.tags ?? {},
      columns: s.columns ?? [],
      values: s.values ?? [],
    }));
  };
  return { description, query };
}
