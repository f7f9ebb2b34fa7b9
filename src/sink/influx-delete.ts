import type { InfluxConfig } from '../config/types.js';
import { HttpError } from '@influxdata/influxdb-client';
import { egressHint } from '../net/egress-errors.js';
import { createInfluxHttp, INFLUX_CA_SETTING, influxHttpOptions } from './influx-transport.js';
import { InfluxQlError, queryTarget } from './influxql-client.js';
import { quoteString } from './influxql-quote.js';

/** Which points to delete: one series (or every series matching `tags`) over a time range. */
export interface DeleteSelector {
  measurement: string;
  /** Tags that must match. A value of '' matches series without that tag (1.x). */
  tags: Record<string, string>;
  /** Inclusive bounds, ms since the epoch. */
  fromMs: number;
  toMs: number;
}

/** Deletes stored points. */
export interface InfluxDeleter {
  readonly description: string;
  /** Deletes what each selector selects (on 1.x up to 100 statements per request). */
  deletePoints(selectors: readonly DeleteSelector[], signal?: AbortSignal): Promise<void>;
}

/** InfluxQL DELETE statements per POST /query (1.x runs them in order and reports the first error). */
const STATEMENTS_PER_REQUEST = 100;

/**
 * Point deletion on both APIs: InfluxQL `DELETE FROM "m" WHERE "tag" = 'v' AND time >= ... AND time <= ...`
 * (POST /query) on 1.x, and `POST /api/v2/delete` with a predicate (`_measurement="m" AND tag="v"`) on 2.x.
 * Credentials go only into the Authorization header. Sent through createInfluxHttp, the stack of the writes and
 * InfluxQL reads (same proxy, CA file and verification).
 */
export function createInfluxDeleter(influx: InfluxConfig): InfluxDeleter {
  const target = queryTarget(influx);
  const http = createInfluxHttp({ url: target.base, timeoutMs: influx.timeoutMs, ...influxHttpOptions(influx) });
  const basePath = new URL(target.base).pathname.replace(/\/+$/, '');
  const headers: Record<string, string> = {};
  if (target.authorization) headers['authorization'] = target.authorization;
  const description = `${influx.apiVersion === 1 ? 'InfluxQL DELETE' : '/api/v2/delete'} ${target.url.origin}`;

  const send = async (url: URL, contentType: string, body: string, signal?: AbortSignal): Promise<void> => {
    const timeout = AbortSignal.timeout(influx.timeoutMs);
    const path = `${url.pathname.slice(basePath.length)}${url.search}`;
    let status = 200;
    let text = '';
    try {
      const result: unknown = await http.transport.request(
        path,
        body,
        { method: 'POST', headers: { ...headers, 'content-type': contentType }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout },
        (_h, code) => (status = code ?? status),
      );
      text = typeof result === 'string' ? result : JSON.stringify(result ?? '');
    } catch (err) {
      if (!(err instanceof HttpError)) {
        const code = (err as { code?: unknown }).code;
        const what = typeof code === 'string' ? code : (err as Error).name;
        throw new InfluxQlError(`${description}: request failed (${what})${egressHint(err, INFLUX_CA_SETTING)}`, null, { cause: err });
      }
      throw new InfluxQlError(`${description}: HTTP ${err.statusCode}: ${errorOf(err.body ?? '') ?? (err.body ?? '').slice(0, 200)}`, err.statusCode);
    }
    const error = errorOf(text);
    if (influx.apiVersion === 1 && error) throw new InfluxQlError(`${description}: HTTP ${status}: ${error}`, status);
  };

  const deletePoints = async (selectors: readonly DeleteSelector[], signal?: AbortSignal): Promise<void> => {
    if (influx.apiVersion === 1) {
      const url = new URL(target.url);
      for (const [k, v] of Object.entries(target.params)) url.searchParams.set(k, v);
      for (let i = 0; i < selectors.length; i += STATEMENTS_PER_REQUEST) {
        // The statements go in the form body: no URL length limit.
        const q = selectors.slice(i, i + STATEMENTS_PER_REQUEST).map(influxQlDelete).join('; ');
        await send(url, 'application/x-www-form-urlencoded', new URLSearchParams({ q }).toString(), signal);
      }
      return;
    }
    const url = new URL('api/v2/delete', target.url.href.replace(/query$/, ''));
    url.searchParams.set('org', influx.org);
    url.searchParams.set('bucket', influx.bucket);
    for (const s of selectors) {
      const body = { start: new Date(s.fromMs).toISOString(), stop: new Date(s.toMs).toISOString(), predicate: v2Predicate(s) };
      await send(url, 'application/json', JSON.stringify(body), signal);
    }
  };
  return { description, deletePoints };
}

/** The InfluxQL statement of a selector (exported for tests). */
export function influxQlDelete(s: DeleteSelector): string {
  const conditions = Object.entries(s.tags).map(([k, v]) => `${quoteIdent(k)} = ${quoteString(v)}`);
  conditions.push(`time >= '${new Date(s.fromMs).toISOString()}'`, `time <= '${new Date(s.toMs).toISOString()}'`);
  return `DELETE FROM ${quoteIdent(s.measurement)} WHERE ${conditions.join(' AND ')}`;
}

/** The v2 delete predicate (only `=` and AND; tags with '' are left out: the v2 predicate cannot say "absent"). */
export function v2Predicate(s: DeleteSelector): string {
  const parts = [`_measurement=${JSON.stringify(s.measurement)}`];
  for (const [k, v] of Object.entries(s.tags)) if (v !== '') parts.push(`${k}=${JSON.stringify(v)}`);
  return parts.join(' AND ');
}

/** The error of a 1.x `/query` answer (`error`, or a statement's `error`) or of a v2 answer (`message`). */
function errorOf(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: string; message?: string; results?: { error?: string }[] };
    return body.error ?? body.results?.find((r) => r.error)?.error ?? body.message ?? null;
  } catch {
    return null;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
