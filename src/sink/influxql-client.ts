import { HttpError, type Transport } from '@influxdata/influxdb-client';
import type { InfluxConfig } from '../config/types.js';
import { egressHint } from '../net/egress-errors.js';
import { createInfluxHttp, INFLUX_CA_SETTING, influxHttpOptions, type InfluxHttp } from './influx-transport.js';

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
  /** Closes idle sockets (optional: idle sockets never keep the process alive). */
  close?(): void;
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
  /**
   * The HTTP transport. Default: createInfluxHttp for the config's URL, proxy and CA settings, the stack the sinks
   * write through, so every InfluxQL read (report, checkpoint store, verify) honours them without more wiring.
   */
  transport?: Transport;
  /** Per query, milliseconds. Default: the config's `influx.timeoutMs`. */
  timeoutMs?: number;
}

export interface QueryTarget {
  /** The server's base URL without credentials (what the transport is built for). */
  base: string;
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
    return { base: base.href, url, params: { db: db ?? influx.bucket, ...(rp ? { rp } : {}) }, authorization: `Token ${influx.token}` };
  }
  const user = influx.username ?? userInfo?.user ?? null;
  const pass = influx.password ?? userInfo?.pass ?? '';
  return {
    base: base.href,
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
  const timeoutMs = options.timeoutMs ?? influx.timeoutMs;
  const http = options.transport ? null : createInfluxHttp({ url: target.base, timeoutMs, ...influxHttpOptions(influx) });
  const transport = options.transport ?? (http as InfluxHttp).transport;
  const description = `InfluxQL ${target.url.origin}${target.url.pathname} db=${target.params.db ?? ''}`;
  const basePath = new URL(target.base).pathname.replace(/\/+$/, '');

  const query = async (statement: string, signal?: AbortSignal): Promise<InfluxQlSeries[]> => {
    const params = new URLSearchParams({ ...target.params, q: statement, epoch: 'ms' });
    const path = `${target.url.pathname.slice(basePath.length)}?${params.toString()}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (target.authorization) headers.authorization = target.authorization;
    let status = 200;
    let body: QueryResponse;
    try {
      const result: unknown = await transport.request(path, '', { method: 'GET', headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout }, (_h, code) => (status = code ?? status));
      body = (result ?? {}) as QueryResponse;
    } catch (err) {
      if (!(err instanceof HttpError)) {
        const code = (err as { code?: unknown }).code;
        const what = typeof code === 'string' ? `${code}: ${(err as Error).message}` : (err as Error).name;
        throw new InfluxQlError(`${description}: request failed (${what})${egressHint(err, INFLUX_CA_SETTING)}`, null, { cause: err });
      }
      status = err.statusCode;
      try {
        body = JSON.parse(err.body ?? '') as QueryResponse;
      } catch {
        throw new InfluxQlError(`${description}: HTTP ${status}, not JSON: ${(err.body ?? '').slice(0, 200)}`, status);
      }
      throw new InfluxQlError(`${description}: HTTP ${status}: ${body.error ?? body.results?.find((r) => r.error)?.error ?? 'no error message'}`, status);
    }
    if (typeof body !== 'object' || body === null) throw new InfluxQlError(`${description}: HTTP ${status}, not JSON: ${String(body).slice(0, 200)}`, status);
    const error = body.error ?? body.results?.find((r) => r.error)?.error;
    if (error) throw new InfluxQlError(`${description}: HTTP ${status}: ${error}`, status);
    return (body.results?.[0]?.series ?? []).map((s) => ({
      name: s.name ?? '',
      tags: s.tags ?? {},
      columns: s.columns ?? [],
      values: s.values ?? [],
    }));
  };
  return { description, query, close: () => http?.close() };
}
