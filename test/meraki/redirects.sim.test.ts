import { describe, expect, it } from 'vitest';
import { MerakiApiError } from '../../src/meraki/index.js';
import { keyFingerprint } from '../../src/simulator/index.js';
import { collectPagesForTest } from './collect.js';
import { TEST_KEY, hostOf, rejectionOf, simHarness } from './sim-harness.js';

const h = simHarness();
const KEY_ID = keyFingerprint(TEST_KEY);

describe('redirects and Link pages go only to trusted hosts', () => {
  it('follows a redirect to a trusted shard host, key included', async () => {
    const sim = await h.sim({ clientsPerNetwork: 12, quirks: { redirectToShard: true } });
    const { client, events } = h.client(sim, { trustedHosts: [hostOf(sim.shardUrl)] });
    const net = sim.world.networks[0]!;
    const clients = await collectPagesForTest(client.org(net.organizationId).clients(net.id, { timespan: 2_678_400, perPage: 5 }));
    expect(clients.length).toBeGreaterThan(0);
    expect(sim.counters.keysSeen.shard).toEqual([KEY_ID]);
    expect(sim.counters.keyedRequests.untrusted).toBe(0);
    expect(events.some((e) => e.type === 'redirect' && e.toHost === hostOf(sim.shardUrl))).toBe(true);
  });

  it.each([301, 302, 308] as const)('follows a %i redirect to the shard', async (redirectStatus) => {
    const sim = await h.sim({ quirks: { redirectToShard: true, redirectStatus } });
    const { client } = h.client(sim, { trustedHosts: [hostOf(sim.shardUrl)] });
    await expect(client.organizations()).resolves.toHaveLength(1);
  });

  it('refuses a redirect to the shard when it is not trusted (other port/host), and sends it no key', async () => {
    const sim = await h.sim({ quirks: { redirectToShard: true } });
    const { client } = h.client(sim, { trustedHosts: ['localhost:1'] });
    const error = await rejectionOf(client.organizations());
    expect(error).toBeInstanceOf(MerakiApiError);
    expect(error).toMatchObject({ reason: 'untrusted-host', retryable: false, status: 307 });
    expect(sim.counters.keyedRequests.shard).toBe(0);
    expect(sim.counters.requests).toBe(1);
  });

  it('refuses a redirect to the untrusted host with a clear error; no key reaches it; not retried', async () => {
    const sim = await h.sim({ faults: { untrustedRedirectRate: 1 } });
    const { client } = h.client(sim);
    const error = (await rejectionOf(client.organizations())) as MerakiApiError;
    expect(error).toBeInstanceOf(MerakiApiError);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`refused redirect (HTTP 307) to untrusted host http://${hostOf(sim.untrustedUrl)}`);
    expect(error.message).not.toContain(TEST_KEY);
    expect(sim.counters.keyedRequests.untrusted).toBe(0);
    expect(sim.counters.keysSeen.untrusted).toEqual([]);
    expect(sim.counters.requests).toBe(1);
    expect(client.stats()).toMatchObject({ requests: 1, retries: 0, failures: 1 });
  });

  it('refuses a Link next page on the untrusted host after yielding the first page; no key reaches it', async () => {
    const sim = await h.sim({ clientsPerNetwork: 12, faults: { untrustedLinkRate: 1 } });
    const { client } = h.client(sim);
    const net = sim.world.networks[0]!;
    const pages: unknown[][] = [];
    const error = (await rejectionOf((async () => {
      for await (const page of client.org(net.organizationId).clients(net.id, { timespan: 2_678_400, perPage: 3 })) pages.push(page);
    })())) as MerakiApiError;
    expect(pages).toHaveLength(1);
    expect(error).toMatchObject({ reason: 'untrusted-host', retryable: false });
    expect(error.message).toContain(`refused link to untrusted host http://${hostOf(sim.untrustedUrl)}`);
    expect(sim.counters.keyedRequests.untrusted).toBe(0);
  });

  it('follows Link pages on a trusted shard host with rel="next" quoted, key included', async () => {
    const sim = await h.sim({ clientsPerNetwork: 12, quirks: { shardLinks: true, quotedRel: true, prevLinks: false } });
    const { client } = h.client(sim, { trustedHosts: [hostOf(sim.shardUrl)] });
    const net = sim.world.networks[0]!;
    const keys = net.clients.map((c) => c.key);
    const items = await collectPagesForTest(client.org(net.organizationId).usageHistories(net.id, { clients: keys, perPage: 4 }));
    expect(items).toHaveLength(keys.length);
    expect(sim.counters.keysSeen.shard).toEqual([KEY_ID]);
    expect(sim.counters.keyedRequests.shard).toBe(Math.ceil(keys.length / 4) - 1);
  });

  it('without trusting the shard, a Link to it is refused and it gets no key', async () => {
    const sim = await h.sim({ clientsPerNetwork: 12, quirks: { shardLinks: true } });
    const { client } = h.client(sim);
    const net = sim.world.networks[0]!;
    const keys = net.clients.map((c) => c.key);
    const error = await rejectionOf(collectPagesForTest(client.org(net.organizationId).usageHistories(net.id, { clients: keys, perPage: 4 })));
    expect(error).toMatchObject({ reason: 'untrusted-host' });
    expect(sim.counters.keyedRequests.shard).toBe(0);
  });
});
