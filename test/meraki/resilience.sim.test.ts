import { describe, expect, it } from 'vitest';
import { MerakiApiError } from '../../src/meraki/index.js';
import { allPages, rejectionOf, simHarness, TEST_KEY } from './sim-harness.js';

const h = simHarness();
const FAULTY = { serverErrorRate: 0.3, resetRate: 0.1, invalidJsonRate: 0.1, truncatedRate: 0.1 };

function ids(pages: unknown[][], field: string): string[] {
  return pages.flat().map((item) => (item as Record<string, string>)[field] as string);
}

/** The id of every item, page by page (values such as today's usage move with real time). */
function pageIds(read: { clients: unknown[][]; usage: unknown[][]; networks: unknown[][] }): string[][][] {
  const of = (pages: unknown[][], field: string) => pages.map((p) => p.map((item) => (item as Record<string, string>)[field]));
  return [of(read.clients, 'id'), of(read.usage, 'clientId'), of(read.networks, 'id')] as string[][][];
}

describe('retries against a faulty simulator', () => {
  it('with 5xx at 30%, resets, truncated and invalid JSON, every page arrives exactly once', async () => {
    const sim = await h.sim({ networksPerOrg: 2, clientsPerNetwork: 40 });
    const { client: clean } = h.client(sim);
    const net = sim.world.networks[0]!;
    const keys = net.clients.map((c) => c.key);
    const read = async (c: typeof clean) => ({
      clients: await allPages(c.org(net.organizationId).clients(net.id, { timespan: 2_678_400, perPage: 4 })),
      usage: await allPages(c.org(net.organizationId).usageHistories(net.id, { clients: keys, perPage: 3 })),
      networks: await allPages(c.org(net.organizationId).networks({ perPage: 3 })),
    });
    const expected = await read(clean);

    sim.setFaults(FAULTY);
    sim.resetCounters();
    const { client } = h.client(sim, { maxRetries: 30, maxRetryAfterMs: 20 });
    const got = await read(client);

    expect(pageIds(got)).toEqual(pageIds(expected));
    expect(got.networks).toEqual(expected.networks);
    expect(ids(got.usage, 'clientId')).toHaveLength(keys.length);
    expect(new Set(ids(got.clients, 'id')).size).toBe(ids(expected.clients, 'id').length);
    const byStatus = sim.counters.byStatus;
    const serverErrors = ['500', '502', '503', '504'].reduce((n, s) => n + (byStatus[s] ?? 0), 0);
    expect(serverErrors).toBeGreaterThan(0);
    expect(byStatus.reset ?? 0).toBeGreaterThan(0);
    const stats = client.stats();
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.failures).toBe(0);
    expect(stats.requests).toBe(sim.counters.requests);
  });

  it('retries responses slower than timeoutMs', async () => {
    const sim = await h.sim({ faults: { slowRate: 0.5, slowMs: 3000 } });
    const { client, events } = h.client(sim, { timeoutMs: 400, maxRetries: 20 });
    const net = sim.world.networks[0]!;
    for (let i = 0; i < 4; i++) await client.org(net.organizationId).ssids(net.id);
    expect(events.some((e) => e.type === 'retry' && e.reason === 'timeout')).toBe(true);
  });

  it('gives up after maxRetries with the last error, marked final', async () => {
    const sim = await h.sim({ faults: { serverErrorRate: 1 } });
    const { client } = h.client(sim, { maxRetries: 3, maxRetryAfterMs: 10 });
    const error = (await rejectionOf(client.organizations())) as MerakiApiError;
    expect(error).toBeInstanceOf(MerakiApiError);
    expect(error.attempts).toBe(4);
    expect(error.retryable).toBe(false);
    expect(error.status).toBeGreaterThanOrEqual(500);
    expect(error.requestId).toMatch(/^[0-9a-f]{16}$/);
    expect(sim.counters.requests).toBe(4);
  });

  it('gives up when the next wait would pass maxRetryElapsedMs', async () => {
    const sim = await h.sim({ faults: { serverErrorRate: 1 } });
    const { client } = h.client(sim, { maxRetries: 100, maxRetryElapsedMs: 300, backoffBaseMs: 100, backoffMaxMs: 100, maxRetryAfterMs: 100, random: () => 0.99 });
    const error = (await rejectionOf(client.organizations())) as MerakiApiError;
    expect(error.retryable).toBe(false);
    expect(error.attempts).toBeLessThanOrEqual(4); // not the 101 that maxRetries allows: waits of 100 ms, 300 ms in all
    expect(sim.counters.requests).toBe(error.attempts);
  });

  it('does not retry other 4xx: 404 with Meraki\'s messages and request id', async () => {
    const sim = await h.sim();
    const { client } = h.client(sim);
    const error = (await rejectionOf(client.org(sim.world.organizations[0]!.id).ssids('N_does_not_exist'))) as MerakiApiError;
    expect(error).toMatchObject({ status: 404, retryable: false, reason: 'http', operation: 'GET /networks/N_does_not_exist/wireless/ssids' });
    expect(error.messages.length).toBeGreaterThan(0);
    expect(error.message).toContain(error.messages[0]);
    expect(error.message).toContain(`request id ${error.requestId}`);
    expect(sim.counters.requests).toBe(1);
  });

  it('414 for a too long URL is final, with status 414', async () => {
    const sim = await h.sim({ maxUrlLength: 300 });
    const { client } = h.client(sim);
    const net = sim.world.networks[0]!;
    const keys = net.clients.map((c) => c.key);
    const error = await rejectionOf(allPages(client.org(net.organizationId).usageHistories(net.id, { clients: keys })));
    expect(error).toMatchObject({ status: 414, retryable: false });
    expect(sim.counters.requests).toBe(1);
  });

  it('401 for a bad key: final, and the key is nowhere in the error', async () => {
    const sim = await h.sim({ apiKeys: ['another-key'] });
    const { client } = h.client(sim);
    const error = (await rejectionOf(client.organizations())) as MerakiApiError;
    expect(error).toMatchObject({ status: 401, retryable: false });
    const everything = JSON.stringify([error.message, error.stack, error.messages, error.cause, { ...error }]);
    expect(everything).not.toContain(TEST_KEY);
  });

  it('network errors carry no key either', async () => {
    const sim = await h.sim({ faults: { resetRate: 1 } });
    const { client } = h.client(sim, { maxRetries: 1 });
    const error = (await rejectionOf(client.organizations())) as MerakiApiError;
    expect(error.reason).toBe('network');
    const cause = (error.cause as MerakiApiError).cause as Error;
    expect(JSON.stringify([error, error.cause, cause, Object.entries(cause)])).not.toContain(TEST_KEY);
    expect(Object.keys(cause)).not.toContain('config');
  });
});

describe('a 429 on a call that gives up', () => {
  it('still pauses the organization for Retry-After and counts as rate limited', async () => {
    const sim = await h.sim({ rate: { perOrgPerSecond: 1, orgBurst: 0, perIpPerSecond: 1000 } });
    const { client, events } = h.client(sim, { ratePerOrgPerSecond: 100, maxRetries: 0 });
    const net = sim.world.networks[0]!;
    const api = client.org(net.organizationId);
    await api.ssids(net.id);
    const error = (await rejectionOf(api.ssids(net.id))) as MerakiApiError;
    expect(error).toMatchObject({ status: 429, retryable: false, attempts: 1 });
    expect(client.stats()).toMatchObject({ rateLimited: 1, retries: 0, failures: 1 });
    const limited = events.find((e) => e.type === 'rateLimited');
    expect(limited).toMatchObject({ retryAfterMs: 1000 });
    expect(client.orgLimiter(net.organizationId).pausedUntilMs).toBeGreaterThanOrEqual((limited as { atMs: number }).atMs + 1000);
  });
});
