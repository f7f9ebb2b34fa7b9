import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { InfluxV1Sink, type InfluxV1SinkOptions } from '../../src/sink/influx-v1-sink.js';
import { InfluxV2Sink } from '../../src/sink/influx-v2-sink.js';
import type { SinkWriteError } from '../../src/sink/sink-write-error.js';
import { startStub, type StubReply, type StubRequest, type StubServer } from './stub-server.js';

const NO_CONTENT: StubReply = { status: 204 };
let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.stop();
  stub = undefined;
});

/** A v1 sink on a scripted server; `sleeps` records every retry wait instead of waiting. */
async function v1(replies: (n: number, r: StubRequest) => StubReply, options: Partial<InfluxV1SinkOptions> = {}) {
  stub = await startStub(replies);
  const sleeps: number[] = [];
  const sink = new InfluxV1Sink({ url: stub.url, database: 'meraki', maxRetries: 3, sleep: async (ms) => void sleeps.push(ms), ...options }, silentLogger);
  return { sink, sleeps, requests: stub.requests };
}

const failure = async (p: Promise<unknown>) => (await p.then(() => undefined).catch((e: unknown) => e)) as SinkWriteError;

describe('HttpLineWriter (through the InfluxDB sinks, against a scripted server)', () => {
  it('v1: POSTs batches of lines to /write with db, rp, precision=s and Basic auth', async () => {
    const { sink, requests } = await v1(() => NO_CONTENT, { retentionPolicy: 'one year', username: 'u', password: 'p@ss', batchSize: 2 });
    await sink.write(['a v=1 1', 'b v=2 2', 'c v=3 3']);
    expect(requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/write?db=meraki&rp=one%20year&precision=s', 'a v=1 1\nb v=2 2'],
      ['POST', '/write?db=meraki&rp=one%20year&precision=s', 'c v=3 3'],
    ]);
    expect(requests[0]?.headers['authorization']).toBe(`Basic ${Buffer.from('u:p@ss').toString('base64')}`);
    expect(requests[0]?.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('v2: POSTs to /api/v2/write with org, bucket, precision=s and the token', async () => {
    stub = await startStub(() => NO_CONTENT);
    const sink = new InfluxV2Sink({ url: stub.url, token: 'tok', org: 'my org', bucket: 'meraki/autogen' }, silentLogger);
    await sink.write(['a v=1 1']);
    expect(stub.requests[0]?.url).toBe('/api/v2/write?org=my%20org&bucket=meraki%2Fautogen&precision=s');
    expect(stub.requests[0]?.headers['authorization']).toBe('Token tok');
  });

  it('429 waits Retry-After in seconds (not milliseconds), then succeeds', async () => {
    const { sink, sleeps, requests } = await v1((n) => (n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : NO_CONTENT));
    await sink.write(['a v=1 1']);
    expect(sleeps).toEqual([2000]);
    expect(requests).toHaveLength(2);
  });

  it('Retry-After as an HTTP date, and capped by maxRetryAfterMs', async () => {
    const at = new Date(Date.now() + 3_600_000).toUTCString();
    const { sink, sleeps } = await v1((n) => (n === 1 ? { status: 503, headers: { 'retry-after': at } } : n === 2 ? { status: 429, headers: { 'retry-after': '0.5' } } : NO_CONTENT), {
      maxRetryAfterMs: 90_000,
    });
    await sink.write(['a v=1 1']);
    expect(sleeps).toEqual([90_000, 500]);
  });

  it('5xx and network errors back off exponentially within bounds, then give up with the status', async () => {
    const { sink, sleeps, requests } = await v1(() => ({ status: 500, body: '{"error":"engine: timeout"}' }), { minRetryDelayMs: 100, maxRetryDelayMs: 300 });
    const error = await failure(sink.write(['a v=1 1']));
    expect(error).toMatchObject({ status: 500, retryable: true, attempts: 4 });
    expect(error.message).toMatch(/HTTP 500: engine: timeout \(gave up after 4 attempts\)$/);
    expect(requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    const ceilings = [100, 200, 300];
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(ceilings[i]! / 2);
      expect(ms).toBeLessThanOrEqual(ceilings[i]!);
    });
  });

  it.each<[number, RegExp]>([
    [400, /HTTP 400: unable to parse 'x': bad \(not retried\)/],
    [413, /HTTP 413.*\(lower batchSize\)/],
    [403, /HTTP 403.*\(check the credentials\)/],
    [404, /HTTP 404.*CREATE DATABASE "meraki"/],
    [301, /HTTP 301.*redirects are not followed/],
  ])('%d is final: not retried, explained', async (status, message) => {
    const { sink, sleeps } = await v1(() => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: "unable to parse 'x': bad" }) }));
    const error = await failure(sink.write(['x']));
    expect(error).toMatchObject({ status, retryable: false, attempts: 1 });
    expect(error.message).toMatch(message);
    expect(sleeps).toEqual([]);
  });

  it('a server that never answers times out per request, and is retried', async () => {
    const { sink, requests } = await v1(() => 'hang', { timeoutMs: 300, maxRetries: 1 });
    const error = await failure(sink.write(['a v=1 1']));
    expect(error).toMatchObject({ retryable: true, attempts: 2 });
    expect(error.message).toMatch(/request timed out after 300 ms \(gave up after 2 attempts\)/);
    expect(requests).toHaveLength(2);
  });

  it('an abort during a request ends the write at once with the signal reason', async () => {
    const { sink } = await v1(() => 'hang', { timeoutMs: 600_000 });
    const controller = new AbortController();
    const writing = sink.write(['a v=1 1'], controller.signal);
    while (stub?.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    controller.abort(new Error('stop now'));
    await expect(writing).rejects.toThrow('stop now');
  });

  it('an already aborted signal sends nothing', async () => {
    const { sink, requests } = await v1(() => NO_CONTENT);
    await expect(sink.write(['a v=1 1'], AbortSignal.abort(new Error('aborted before')))).rejects.toThrow('aborted before');
    expect(requests).toEqual([]);
  });

  it('secrets echoed by a server are scrubbed from errors', async () => {
    const password = 'hunter2-secret';
    const { sink } = await v1((_n, r) => ({ status: 401, body: `bad auth ${r.headers['authorization']} for user u with ${password}` }), { username: 'u', password });
    const error = await failure(sink.write(['a v=1 1']));
    expect(error.message).toMatch(/HTTP 401: bad auth Basic \*\*\* for user u with \*\*\*/);
    expect(error.message).not.toContain(password);

    stub = await startStub((_n, r) => ({ status: 400, body: `token was ${r.headers['authorization']}` }));
    const v2 = new InfluxV2Sink({ url: stub.url, token: 'sEcReT-t0ken', org: 'o', bucket: 'b' }, silentLogger);
    const e2 = await failure(v2.write(['a v=1 1']));
    expect(e2.message).toContain('token was Token ***');
    expect(e2.message).not.toContain('sEcReT-t0ken');
  });

  it('ping uses /ping, falls back to /health, and fails with the reason', async () => {
    stub = await startStub((_n, r) => (r.url === '/ping' ? { status: 404 } : r.url === '/health' ? { status: 200, body: 'OK' } : NO_CONTENT));
    await new InfluxV2Sink({ url: stub.url, token: 't', org: 'o', bucket: 'b' }, silentLogger).ping();
    expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /ping', 'GET /health']);
    await stub.stop();
    stub = await startStub(() => ({ status: 500 }));
    await expect(new InfluxV2Sink({ url: stub.url, token: 't', org: 'o', bucket: 'b' }, silentLogger).ping()).rejects.toThrow(/ping failed: HTTP 500/);
  });

  it.each<[string, Partial<InfluxV1SinkOptions>, RegExp]>([
    ['batchSize 0', { batchSize: 0 }, /`batchSize` to be a positive integer/],
    ['negative maxRetries', { maxRetries: -1 }, /`maxRetries` to be a non-negative number/],
    ['fractional maxRetries', { maxRetries: 1.5 }, /`maxRetries` to be an integer/],
    ['timeoutMs 0', { timeoutMs: 0 }, /`timeoutMs` to be a positive number/],
    ['no database', { database: '' }, /`database` to be a non-empty string/],
  ])('rejects bad options: %s', (_name, options, message) => {
    expect(() => new InfluxV1Sink({ url: 'http://127.0.0.1:1', database: 'x', ...options }, silentLogger)).toThrow(message);
  });
});
