import { describe, expect, it } from 'vitest';
import { readUsagePage } from '../../src/collector/read-usage-page.js';
import { MerakiApiError, type PageBytes } from '../../src/meraki/index.js';

const USUAL = '[{"clientId":"k1","clientMac":"aa:bb:cc:dd:ee:01","clientIp":null,"usageHistory":[{"ts":"2026-03-01T00:00:00Z","recv":1.5,"sent":2}]}]';

/** Bodies served in turn; refetches are counted (the real client's refetch is tested in test/meraki/usage-pages.sim.test.ts). */
function pageOf(...bodies: string[]): PageBytes & { refetches: unknown[] } {
  const refetches: unknown[] = [];
  let next = 1;
  return {
    body: Buffer.from(bodies[0]!),
    operation: 'GET /networks/N_1/clients/usageHistories',
    refetches,
    async refetchInvalidJson(cause) {
      refetches.push(cause);
      return Buffer.from(bodies[next++]!);
    },
  };
}

describe('readUsagePage (the collector reads the bytes the client returns)', () => {
  it('the usual shape is scanned from the bytes; nothing is fetched again', async () => {
    const page = pageOf(USUAL);
    const read = await readUsagePage(page);
    expect(Array.isArray(read)).toBe(false);
    expect(read).toMatchObject({ clientIds: ['k1'], buckets: 1 });
    expect(page.refetches).toEqual([]);
  });

  it('valid JSON of another shape comes as parsed items, for the encoder to validate', async () => {
    const page = pageOf('[{"clientId":"k1","extra":true}]');
    expect(await readUsagePage(page)).toEqual([{ clientId: 'k1', extra: true }]);
    expect(page.refetches).toEqual([]);
  });

  it('bytes that are not JSON are fetched again until a body reads (each refetch given the parse error)', async () => {
    const page = pageOf('[{"clientId":"k1","cli', '<html>502</html>', USUAL);
    const read = await readUsagePage(page);
    expect(read).toMatchObject({ clientIds: ['k1'] });
    expect(page.refetches).toHaveLength(2);
    expect(page.refetches.every((c) => c instanceof SyntaxError)).toBe(true);
  });

  it('JSON that is not an array is a non-retryable bad-response naming the request', async () => {
    const error = await readUsagePage(pageOf('{"errors":["nope"]}')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MerakiApiError);
    expect(error).toMatchObject({ reason: 'bad-response', retryable: false, operation: 'GET /networks/N_1/clients/usageHistories' });
  });
});
