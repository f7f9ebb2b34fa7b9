import { describe, expect, it } from 'vitest';
import { benchApiEfficiency } from '../../bench/api-efficiency.js';
import { CountingSink } from '../../bench/helpers/counting-sink.js';
import { minimumRequests } from '../../bench/helpers/minimum-requests.js';
import { formatTable } from '../../bench/helpers/summary-table.js';
import { naiveBackfill } from '../../bench/naive-collector.js';
import { tableRows } from '../../bench/table-rows.js';
import { startSimulator } from '../../src/simulator/index.js';

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);

describe('benchmarks: request counts and shapes of the cheap sections (no timings)', () => {
  it('API efficiency: the collector needs at most 1.05 x the fewest requests, backfill and hourly run', async () => {
    const r = await benchApiEfficiency({ networks: 4, clientsPerNetwork: 60 });
    for (const run of [r.backfill, r.hourlyIncremental] as { ok: boolean; ratio: number; requests: number; minimum: { total: number } }[]) {
      expect(run.ok).toBe(true);
      expect(run.minimum.total).toBe(1 + 1 + 4 + 4); // organizations (not configured), networks, 4 x (clients + usage)
      expect(run.ratio).toBeLessThanOrEqual(1.05);
    }
  });

  it('the minimum packs ids by the perPage maximum and by URL length', () => {
    const ids = Array.from({ length: 2500 }, (_, i) => `k${(0x100000 + i).toString(16)}`);
    const byCount = minimumRequests([{ networkId: 'N_1', ids }], { t0: 'a', t1: 'b' }, { maxUrlLength: 100_000 });
    expect(byCount).toMatchObject({ networks: 1, clients: 1, usageHistories: 3, largestChunk: 1000 });
    const byUrl = minimumRequests([{ networkId: 'N_1', ids }], { t0: 'a', t1: 'b' }, { maxUrlLength: 4000 });
    expect(byUrl.largestChunk).toBeLessThan(1000);
    expect(byUrl.usageHistories).toBe(Math.ceil(2500 / byUrl.largestChunk));
  });

  it('the naive collector asks once per client, and stores one point per client and day', async () => {
    const sim = await startSimulator({ seed: 2, networksPerOrg: 2, clientsPerNetwork: 15, now: NOW, rate: false });
    try {
      const sink = new CountingSink();
      const r = await naiveBackfill({ baseUrl: sim.url, apiKey: 'k-0123456789', orgId: sim.world.organizations[0]!.id, emit: (l) => void sink.write(l), maxRequests: 1000 });
      expect(r.requests).toBe(1 + 2 + r.clients);
      expect(r.points).toBe(sink.lines);
      expect(r.points).toBeGreaterThan(0);
    } finally {
      await sim.stop();
    }
  });

  it('the summary table marks goals met, missed and missing', () => {
    const rows = tableRows({ apiEfficiency: { backfill: { ratio: 1.01 }, hourlyIncremental: { ratio: 1.2 } }, memory: { error: 'timed out' } });
    expect(rows.find((r) => r.figure.startsWith('backfill'))?.met).toBe(true);
    expect(rows.find((r) => r.figure.startsWith('hourly'))?.met).toBe(false);
    expect(rows.find((r) => r.section === 'memory')?.value).toMatch(/^error: timed out/);
    expect(formatTable(rows).split('\n')).toHaveLength(rows.length + 2);
  });
});
