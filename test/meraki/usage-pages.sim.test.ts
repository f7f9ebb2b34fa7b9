import { describe, expect, it } from 'vitest';
import { readUsagePage, type PageScanner } from '../../src/collector/read-usage-page.js';
import type { MerakiEvent, OrgApi, UsageHistoriesQuery } from '../../src/meraki/index.js';
import { encodePage } from '../../src/transform/encode-scanned-page.js';
import { encodeUsagePage } from '../../src/transform/encode-usage-page.js';
import { linesOf } from '../../src/transform/line-block.js';
import { scanUsagePage, type ScannedUsagePage } from '../../src/transform/scan-usage-page.js';
import { allPages, simHarness } from './sim-harness.js';

const h = simHarness();
/** A fixed simulated "now", so that two reads of the same pages give the same usage. */
const NOW = Date.parse('2026-03-10T12:00:00Z');
const CLIENTS = 22;
const PER_PAGE = 4;

/** Every page of `usageHistoryPages`, in order, read as the collector reads them (`readUsagePage` with `read`). */
async function pagesOf(api: OrgApi, networkId: string, query: UsageHistoriesQuery, read: PageScanner): Promise<(ScannedUsagePage | unknown[])[]> {
  const out: (ScannedUsagePage | unknown[])[] = [];
  for await (const bytes of api.usageHistoryPages(networkId, query)) out.push(await readUsagePage(bytes, read));
  return out;
}

/** A scanUsagePage that counts what it was given: bodies, the ones it declined, and of those the ones JSON.parse rejects too. */
function countingReader() {
  const counts = { bodies: 0, declined: 0, notJson: 0 };
  const read = (body: Buffer): ScannedUsagePage | null => {
    counts.bodies++;
    const page = scanUsagePage(body);
    if (page === null) {
      counts.declined++;
      try {
        JSON.parse(body.toString('utf8'));
      } catch {
        counts.notJson++;
      }
    }
    return page;
  };
  return { counts, read };
}

const clientIdsOf = (page: ScannedUsagePage | unknown[]) =>
  Array.isArray(page) ? page.map((item) => (item as { clientId: string }).clientId) : page.clientIds;

const retriesFor = (events: MerakiEvent[], reason: string) => events.filter((e) => e.type === 'retry' && e.reason === reason).length;

async function setUp() {
  const sim = await h.sim({ now: NOW, networksPerOrg: 1, clientsPerNetwork: CLIENTS });
  const net = sim.world.networks[0]!;
  const query: UsageHistoriesQuery = { clients: net.clients.map((c) => c.key), perPage: PER_PAGE, t0: new Date(NOW - 7 * 86_400_000).toISOString() };
  const ctx = { org: net.organizationId, network: net.id };
  return { sim, net, query, ctx };
}

describe('usageHistoryPages read by readUsagePage with scanUsagePage, against the simulator', () => {
  it('yields scanned pages with the clients and lines of usageHistories + encodeUsagePage', async () => {
    const { sim, net, query, ctx } = await setUp();
    const { client, events } = h.client(sim);
    const api = client.org(net.organizationId);
    const reader = countingReader();
    const pages = await pagesOf(api, net.id, query, reader.read);
    const parsed = await allPages(api.usageHistories(net.id, query));

    expect(pages).toHaveLength(Math.ceil(CLIENTS / PER_PAGE));
    expect(parsed).toHaveLength(pages.length);
    expect(pages.every((p) => !Array.isArray(p))).toBe(true);
    expect(reader.counts).toEqual({ bodies: pages.length, declined: 0, notJson: 0 });
    expect(pages.map(clientIdsOf)).toEqual(parsed.map(clientIdsOf));
    expect(pages.flatMap(clientIdsOf).sort()).toEqual(query.clients.slice().sort());
    let lines = 0;
    for (let i = 0; i < pages.length; i++) {
      const fast = encodePage(pages[i]!, ctx);
      const slow = encodeUsagePage(parsed[i]!, ctx);
      expect(slow.rejects).toEqual([]);
      expect(linesOf(fast.lines)).toEqual(slow.lines);
      expect(fast.newestMs).toBe(slow.newestMs);
      lines += slow.lines.length;
    }
    expect(lines).toBeGreaterThanOrEqual(CLIENTS * 7);
    expect(events.filter((e) => e.type === 'retry')).toEqual([]);
  });

  it('with invalid and truncated JSON bodies: the reader declines them, JSON.parse fails, the runner retries, every page arrives', async () => {
    const { sim, net, query } = await setUp();
    const { client: clean } = h.client(sim);
    const expected = (await pagesOf(clean.org(net.organizationId), net.id, query, scanUsagePage)).map(clientIdsOf);

    sim.setFaults({ invalidJsonRate: 0.25, truncatedRate: 0.25 });
    sim.resetCounters();
    const { client, events } = h.client(sim, { maxRetries: 30, maxRetryAfterMs: 20 });
    const reader = countingReader();
    const pages = await pagesOf(client.org(net.organizationId), net.id, query, reader.read);

    expect(pages.map(clientIdsOf)).toEqual(expected);
    expect(pages.every((p) => !Array.isArray(p))).toBe(true);
    const retries = retriesFor(events, 'invalid-json');
    expect(retries).toBeGreaterThan(0);
    // Each broken body: declined by the reader, rejected by JSON.parse, retried. Nothing else was declined.
    expect(reader.counts).toEqual({ bodies: pages.length + retries, declined: retries, notJson: retries });
    expect(events.filter((e) => e.type === 'retry').length).toBe(retries);
    const stats = client.stats();
    expect(stats.failures).toBe(0);
    expect(stats.retries).toBe(retries);
    expect(stats.requests).toBe(sim.counters.requests);
  });

  it('pages the reader declines but that are valid JSON come as parsed items (malformed records)', async () => {
    const { sim, net, query, ctx } = await setUp();
    const { client: clean } = h.client(sim);
    const expected = (await pagesOf(clean.org(net.organizationId), net.id, query, scanUsagePage)).map(clientIdsOf);

    sim.setFaults({ malformedRecordRate: 0.5 });
    const { client, events } = h.client(sim);
    const reader = countingReader();
    const pages = await pagesOf(client.org(net.organizationId), net.id, query, reader.read);

    expect(pages.map(clientIdsOf)).toEqual(expected);
    expect(pages.every((p) => Array.isArray(p))).toBe(true);
    expect(reader.counts).toEqual({ bodies: pages.length, declined: pages.length, notJson: 0 });
    expect(events.filter((e) => e.type === 'retry')).toEqual([]);
    const encoded = pages.map((p) => encodePage(p, ctx));
    expect(encoded.every((e) => e.rejects.length > 0 && e.lines.ends.length > 0)).toBe(true);
  });
});
