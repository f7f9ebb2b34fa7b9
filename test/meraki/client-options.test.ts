import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_OPTIONS, resolveClientOptions } from '../../src/meraki/client-options.js';
import { MerakiClient } from '../../src/meraki/meraki-client.js';
import { defaultUserAgent } from '../../src/meraki/user-agent.js';

describe('resolveClientOptions', () => {
  it('applies the documented defaults', () => {
    const o = resolveClientOptions({ apiKey: 'k' });
    expect(o).toMatchObject({ ...DEFAULT_CLIENT_OPTIONS, apiKey: 'k' });
    expect(o.ratePerOrgPerSecond).toBe(8);
    expect(o.ratePerIpPerSecond).toBe(90);
    expect(o.baseUrl).toBe('https://api.meraki.com/api/v1');
    expect(Object.isFrozen(o)).toBe(true);
  });

  it('derives the default bursts from the rates (a quarter second per org, a tenth per IP)', () => {
    expect(resolveClientOptions({ apiKey: 'k' })).toMatchObject({ burstPerOrg: 2, burstPerIp: 10 });
    expect(resolveClientOptions({ apiKey: 'k', ratePerOrgPerSecond: 200, ratePerIpPerSecond: 1000 })).toMatchObject({ burstPerOrg: 50, burstPerIp: 100 });
    expect(resolveClientOptions({ apiKey: 'k', ratePerOrgPerSecond: 200, burstPerOrg: 3 }).burstPerOrg).toBe(3);
  });

  it('ignores undefined values and trims the trailing slash of baseUrl', () => {
    const o = resolveClientOptions({ apiKey: 'k', timeoutMs: undefined, baseUrl: 'https://api.meraki.ca/api/v1/' });
    expect(o.timeoutMs).toBe(30_000);
    expect(o.baseUrl).toBe('https://api.meraki.ca/api/v1');
  });

  it.each([
    [{ apiKey: '' }, 'apiKey'],
    [{ apiKey: 'a b' }, 'apiKey'],
    [{ apiKey: 'k', baseUrl: 'not a url' }, 'baseUrl'],
    [{ apiKey: 'k', baseUrl: 'ftp://x/api' }, 'baseUrl'],
    [{ apiKey: 'k', baseUrl: 'https://u:p@x/api' }, 'baseUrl'],
    [{ apiKey: 'k', ratePerOrgPerSecond: 0 }, 'ratePerOrgPerSecond'],
    [{ apiKey: 'k', ratePerIpPerSecond: -1 }, 'ratePerIpPerSecond'],
    [{ apiKey: 'k', concurrencyPerOrg: 0 }, 'concurrencyPerOrg'],
    [{ apiKey: 'k', concurrencyPerOrg: 1.5 }, 'concurrencyPerOrg'],
    [{ apiKey: 'k', timeoutMs: Number.NaN }, 'timeoutMs'],
    [{ apiKey: 'k', maxRetries: -1 }, 'maxRetries'],
    [{ apiKey: 'k', maxRetryElapsedMs: -5 }, 'maxRetryElapsedMs'],
    [{ apiKey: 'k', maxRetryAfterMs: Number.POSITIVE_INFINITY }, 'maxRetryAfterMs'],
    [{ apiKey: 'k', trustedHosts: ['http://x'] }, 'trustedHosts'],
    [{ apiKey: 'k', burstPerOrg: 0 }, 'burstPerOrg'],
    [{ apiKey: 'k', userAgent: 'has space/1 x y' }, 'userAgent'],
  ])('rejects %j naming %s', (options, name) => {
    expect(() => resolveClientOptions(options)).toThrow(new RegExp(`\`${name}\``));
  });

  it('never puts the key into a validation error', () => {
    expect(() => resolveClientOptions({ apiKey: 'secret with space' })).toThrow(/<redacted>/);
    expect(() => resolveClientOptions({ apiKey: 'secret with space' })).not.toThrow(/secret/);
  });
});

describe('MerakiClient construction', () => {
  it('validates without network calls and does not expose the key in its options', () => {
    const client = new MerakiClient({ apiKey: 'SECRET', baseUrl: 'http://127.0.0.1:9/api/v1' });
    expect(JSON.stringify(client.options)).not.toContain('SECRET');
    expect(client.stats()).toEqual({ requests: 0, retries: 0, rateLimited: 0, failures: 0, perOrg: {} });
    client.close();
  });

  it('does not expose proxy credentials in its options', () => {
    const proxy = { httpsProxy: 'http://u:SECRET-pw@proxy:3128', httpProxy: null, noProxy: [] };
    const client = new MerakiClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/api/v1', proxy });
    expect(JSON.stringify(client.options)).not.toContain('SECRET');
    client.close();
  });

  it('builds a User-Agent in Meraki\'s convention', () => {
    expect(defaultUserAgent()).toMatch(/^MerakiUsageCollector\/\d+\.\d+\.\d+\S* MerakiUsageCollectorProject$/);
  });
});
