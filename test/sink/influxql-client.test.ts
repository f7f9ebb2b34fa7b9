import { afterEach, describe, expect, it } from 'vitest';
import type { InfluxConfig } from '../../src/config/types.js';
import { createInfluxQlClient, InfluxQlError } from '../../src/sink/influxql-client.js';
import { startStub, type StubServer } from './stub-server.js';

const common = { batchSize: 100, timeoutMs: 5000, maxRetries: 0 };
let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.stop();
  stub = undefined;
});

/** The base URL of a real scripted server answering every request with `status` and `body` (JSON unless a string). */
async function server(status: number, body: unknown, path = ''): Promise<{ url: string; seen: () => { url: string; headers: Record<string, string> }[] }> {
  const json = typeof body !== 'string';
  stub = await startStub(() => ({ status, headers: { 'content-type': json ? 'application/json' : 'text/html' }, body: json ? JSON.stringify(body) : body }));
  const s = stub;
  return {
    url: `${s.url}${path}`,
    seen: () => s.requests.map((r) => ({ url: `${s.url}${r.url}`, headers: r.headers as Record<string, string> })),
  };
}
const v1 = (url: string): Extract<InfluxConfig, { apiVersion: 1 }> => ({ apiVersion: 1, url, database: 'meraki', retentionPolicy: 'autogen', username: 'reader', password: 's3cret-pass', ...common });
const v2 = (url: string): InfluxConfig => ({ apiVersion: 2, url, token: 'tok-very-secret', org: 'o', bucket: 'meraki/long', ...common });

const OK = { results: [{ statement_id: 0, series: [{ name: 'client_usage', tags: { network: 'N_1' }, columns: ['time', 'recv', 'sent'], values: [[0, 1.5, 2]] }] }] };

describe('InfluxQL client', () => {
  it('1.x: /query under the base path with db, rp, epoch=ms and Basic auth, never credentials in the URL', async () => {
    const { url: base, seen } = await server(200, OK, '/base');
    const client = createInfluxQlClient(v1(base));
    const series = await client.query('SELECT 1');
    expect(series).toEqual([{ name: 'client_usage', tags: { network: 'N_1' }, columns: ['time', 'recv', 'sent'], values: [[0, 1.5, 2]] }]);
    const url = new URL(seen()[0]!.url);
    expect(url.pathname).toBe('/base/query');
    expect(Object.fromEntries(url.searchParams)).toEqual({ db: 'meraki', rp: 'autogen', q: 'SELECT 1', epoch: 'ms' });
    expect(seen()[0]!.headers.authorization).toBe(`Basic ${Buffer.from('reader:s3cret-pass').toString('base64')}`);
    expect(seen()[0]!.url).not.toContain('s3cret');
    expect(client.description).not.toContain('s3cret');
  });

  it('2.x: the DBRP of the bucket (db/rp) and token auth', async () => {
    const { url: base, seen } = await server(200, OK);
    await createInfluxQlClient(v2(base)).query('SELECT 1');
    const url = new URL(seen()[0]!.url);
    expect([url.pathname, url.searchParams.get('db'), url.searchParams.get('rp')]).toEqual(['/query', 'meraki', 'long']);
    expect(seen()[0]!.headers.authorization).toBe('Token tok-very-secret');
  });

  it('moves user:password from the URL into the Authorization header', async () => {
    const { url: base, seen } = await server(200, OK);
    const withCredentials = base.replace('http://', 'http://u:p%40ss@');
    const client = createInfluxQlClient({ ...v1(withCredentials), username: null, password: null });
    await client.query('SELECT 1');
    expect(seen()[0]!.url.startsWith(`${base}/query?`)).toBe(true);
    expect(seen()[0]!.headers.authorization).toBe(`Basic ${Buffer.from('u:p@ss').toString('base64')}`);
  });

  it.each([
    [401, { error: 'authorization failed' }, /HTTP 401: authorization failed/],
    [200, { results: [{ statement_id: 0, error: 'database not found: meraki' }] }, /database not found/],
    [502, '<html>bad gateway</html>', /HTTP 502, not JSON/],
  ])('HTTP %d: an InfluxQlError with the status and no secret', async (status, body, message) => {
    const client = createInfluxQlClient(v1((await server(status, body)).url));
    const err = await client.query('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfluxQlError);
    expect((err as InfluxQlError).status).toBe(status);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('s3cret');
  });

  it('a refused connection: status null', async () => {
    const client = createInfluxQlClient(v1('http://127.0.0.1:1'));
    const err = await client.query('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfluxQlError);
    expect((err as InfluxQlError).status).toBeNull();
  });
});
