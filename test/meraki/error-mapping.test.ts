import { describe, expect, it } from 'vitest';
import { errorFromNetwork, errorFromResponse, errorMessages } from '../../src/meraki/error-mapping.js';
import { MerakiApiError } from '../../src/meraki/meraki-api-error.js';

const op = 'GET /networks/N_1/clients/usageHistories';

describe('errorFromResponse', () => {
  const cases: [number, boolean][] = [
    [400, false], [401, false], [403, false], [404, false], [414, false],
    [429, true], [500, true], [501, false], [502, true], [503, true], [504, true],
  ];
  it.each(cases)('HTTP %i retryable=%s', (status, retryable) => {
    const err = errorFromResponse(op, status, {}, '', 0);
    expect(err).toBeInstanceOf(MerakiApiError);
    expect(err.status).toBe(status);
    expect(err.retryable).toBe(retryable);
  });

  it('carries status, Meraki messages, request id and operation in data and message', () => {
    const err = errorFromResponse(op, 400, { 'x-request-id': 'req-42' }, '{"errors":["Invalid t0","perPage too big"]}', 0);
    expect(err.messages).toEqual(['Invalid t0', 'perPage too big']);
    expect(err.requestId).toBe('req-42');
    expect(err.operation).toBe(op);
    expect(err.message).toBe(`${op}: HTTP 400: Invalid t0; perPage too big (request id req-42)`);
  });

  it('reads Retry-After on 429', () => {
    const err = errorFromResponse(op, 429, { 'retry-after': '2' }, '{"errors":["API rate limit exceeded for organization"]}', 0);
    expect(err.retryAfterMs).toBe(2000);
    expect(err.retryable).toBe(true);
  });

  it('copes with non-JSON bodies', () => {
    expect(errorFromResponse(op, 502, {}, '<html>Bad gateway</html>', 0).messages).toEqual([]);
    expect(errorMessages('{"errors":"not an array"}')).toEqual([]);
    expect(errorMessages('{"errors":[1,"x"]}')).toEqual(['x']);
  });

  it('marks exhausted errors final and keeps the data', () => {
    const err = errorFromResponse(op, 503, { 'x-request-id': 'r' }, '', 0).exhausted(9);
    expect(err.retryable).toBe(false);
    expect(err.status).toBe(503);
    expect(err.attempts).toBe(9);
    expect(err.message).toMatch(/gave up after 9 attempts/);
    expect(err.cause).toBeInstanceOf(MerakiApiError);
  });
});

describe('errorFromNetwork', () => {
  it('keeps only name, code and message of the cause (no request config, no key)', () => {
    const raw = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
      config: { headers: { Authorization: 'Bearer SECRET-KEY' } },
    });
    const err = errorFromNetwork(op, raw, false);
    expect(err.retryable).toBe(true);
    expect(err.reason).toBe('network');
    expect(err.message).toBe(`${op}: network: ECONNRESET socket hang up`);
    expect(JSON.stringify(err, Object.getOwnPropertyNames(err))).not.toContain('SECRET-KEY');
    expect(Object.keys(err.cause as object)).not.toContain('config');
    expect((err.cause as { code?: string }).code).toBe('ECONNRESET');
  });
  it('names timeouts', () => {
    expect(errorFromNetwork(op, new Error('x'), true).reason).toBe('timeout');
  });
});
