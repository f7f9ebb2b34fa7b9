import { describe, expect, it } from 'vitest';
import type { InfluxConfig } from '../../src/config/types.js';
import { createInfluxQlClient, InfluxQlError } from '../../src/sink/influxql-client.js';

const common = { batchSize: 100, timeoutMs: 5000, maxRetries: 0 };
const v1: InfluxConfig = { apiVersion: 1, url: 'http://db.example:8086/base', database: 'meraki', retentionPolicy: 'autogen', username: 'reader', password: 's3cret-pass', ...common };
const v2: InfluxConfig = { apiVersion: 2, url: 'http://db.example:8086', token: 'tok-very-secret', org: 'o', bucket: 'meraki/long', ...common };

function fakeFetch(status: number, body: unknown, seen: { url: string; headers: Record<string, string> }[]): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(input), headers: init?.headers as Record<string, string> });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as typeof fetch;
}

const OK = { results: [{ statement_id: 0, series: [{ name: 'client_usage', tags: { network: 'N_1' }, columns: ['time', 'recv', 'sent'], values: [[0, 1.5, 2]] }] }] };

describe('InfluxQL client', () => {
  it('1.x: /query under the base path with db, rp, epoch=ms and Basic auth, never credentials in the URL', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const client = createInfluxQlClient(v1, { fetch: fakeFetch(200, OK, seen) });
    const series = await client.query('SELECT 1');
    expect(series).toEqual([{ name: 'client_usage', tags: { network: 'N_1' }, columns: ['time', 'recv', 'sent'], values: [[0, 1.5, 2]] }]);
    const url = new URL(seen[0]!.url);
    expect(url.pathname).toBe('/base/query');
    expect(Object.fromEntries(url.searchParams)).toEqual({ db: 'meraki', rp: 'autogen', q: 'SELECT 1', epoch: 'ms' });
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('reader:s3cret-pass').toString('base64')}`);
    expect(seen[0]!.url).not.toContain('s3cret');
    expect(client.description).not.toContain('s3cret');
  });

  it('2.x: the DBRP of the bucket (db/rp) and token auth', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    await createInfluxQlClient(v2, { fetch: fakeFetch(200, OK, seen) }).query('SELECT 1');
    const url = new URL(seen[0]!.url);
    expect([url.pathname, url.searchParams.get('db'), url.searchParams.get('rp')]).toEqual(['/query', 'meraki', 'long']);
    expect(seen[0]!.headers.authorization).toBe('Token tok-very-secret');
  });

  it('moves user:password from the URL into the Authorization header', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const client = createInfluxQlClient({ ...v1, url: 'http://u:p%40ss@db.example:8086', username: null, password: null }, { fetch: fakeFetch(200, OK, seen) });
    await client.query('SELECT 1');
    expect(seen[0]!.url.startsWith('http://db.example:8086/query?')).toBe(true);
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('u:p@ss').toString('base64')}`);
  });

  it.each([
    [401, { error: 'authorization failed' }, /HTTP 401: authorization failed/],
    [200, { results: [{ statement_id: 0, error: 'database not found: meraki' }] }, /database not found/],
    [502, '<html>bad gateway</html>', /HTTP 502, not JSON/],
  ])('HTTP %d: an InfluxQlError with the status and no secret', async (status, body, message) => {
    const client = createInfluxQlClient(v1, { fetch: fakeFetch(status, body, []) });
    const err = await client.query('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfluxQlError);
    expect((err as InfluxQlError).status).toBe(status);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('s3cret');
  });

  it('a refused connection: status null', async () => {
    const client = createInfluxQlClient({ ...v1, url: 'http://127.0.0.1:1' });
    const err = await client.query('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfluxQlError);
    expect((err as InfluxQlError).status).toBeNull();
  });
});
