import { afterEach, describe, expect, inject, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import type { Config } from '../../src/config/types.js';
import { MerakiClient } from '../../src/meraki/index.js';
import { createSink } from '../../src/sink/create-sink.js';
import type { Sink } from '../../src/sink/sink.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { Registry } from 'prom-client';
import { runSummaryText } from '../../src/cli/run-summary-text.js';
import { startObserveServer } from '../../src/observe/http-server.js';
import { createCollectorMetrics } from '../../src/observe/metrics.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { parsePromText, sumOf } from '../observe/prom-text.js';
import { createDatabase, DAY_MS, diffUsage, harnessConfig, storedUsage, usageFromTruth, type UsageMap } from '../helpers/collector-harness.js';

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);
const influxUrl = inject('influxUrl');
const FROM_MS = Math.floor((NOW - 31 * DAY_MS) / DAY_MS) * DAY_MS;

/** A sink that records whether a write was running or started after `closed` was set. */
function watchedSink(inner: Sink): Sink & { closedAt: () => void; late: number } {
  let closed = false;
  let inFlight = 0;
  const w = {
    late: 0,
    closedAt() {
      closed = true;
      if (inFlight > 0) w.late += inFlight;
    },
    async write(lines: string[], signal?: AbortSignal) {
      if (closed) w.late++;
      inFlight++;
      try {
        await inner.write(lines, signal);
      } finally {
        inFlight--;
      }
    },
    close: () => inner.close(),
  };
  return w as unknown as Sink & { closedAt: () => void; late: number };
}

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function setup(db: string, options: SimulatorOptions) {
  const sim = await startSimulator({ seed: 21, networksPerOrg: 2, clientsPerNetwork: 12, now: NOW, rate: false, ...options });
  sims.push(sim);
  await createDatabase(influxUrl, db);
  const yaml = 'meraki:\n  maxRetries: 2\ncollection:\n  networksInFlight: 4\n  networkConcurrency: 2\n';
  const config: Config = await harnessConfig({ sim, influx: { v1: { url: influxUrl, database: db } }, yaml });
  const logger = captureLogger();
  const sink = watchedSink(createSink(config, logger));
  const meraki = new MerakiClient({ ...config.meraki, logger, backoffBaseMs: 5, backoffMaxMs: 20 });
  const collector = createCollector({ config, logger, clock: sim.clock, sink, meraki });
  return { sim, config, logger, sink, collector, meraki };
}

function healthyTruth(sim: Simulator, failed: readonly number[]): UsageMap {
  const out: UsageMap = new Map();
  sim.world.organizations.forEach((o, i) => {
    if (failed.includes(i)) return;
    for (const [k, v] of usageFromTruth(sim, { orgId: o.id, fromMs: FROM_MS })) out.set(k, v);
  });
  expect(out.size).toBeGreaterThan(100);
  return out;
}

describe('organizations that fail next to healthy ones (simulator orgFaults)', () => {
  it('403, a 5xx network list and failing usage requests fail only their organizations; the others equal the truth', async () => {
    const faults: SimulatorOptions['orgFaults'] = [
      { org: 0, fault: 'forbidden' },
      { org: 1, fault: 'networksServerError' },
      { org: 3, fault: 'forbidden' },
      { org: 4, fault: 'usageServerError' },
      { org: 6, fault: 'forbidden' },
    ];
    const { sim, logger, sink, collector, meraki } = await setup('e2e_orgs_mixed', { orgs: 7, orgFaults: faults });
    const ids = sim.world.organizations.map((o) => o.id);
    const failed = [0, 1, 3, 4, 6];
    try {
      const summary = await collector.runOnce();
      sink.closedAt();
      expect(summary.ok).toBe(false);
      expect(summary.organizations).toBe(7);
      expect(summary.orgsFailed).toBe(5);
      expect(summary.orgResults.map((r) => r.orgId)).toEqual(ids);
      expect(summary.orgResults.filter((r) => !r.ok).map((r) => r.orgId)).toEqual(failed.map((i) => ids[i]));
      expect(summary.orgResults[1]!.error).toMatch(/cannot list its networks.*HTTP 500/);
      expect(summary.orgResults[0]!.error).toMatch(/HTTP 403/);
      expect(summary.orgResults[4]!.error).toMatch(/2 of 2 networks failed.*HTTP 502/);
      expect(summary.orgResults.every((r) => r.consecutiveFailures === (r.ok ? 0 : 1))).toBe(true);
      // Each failure logged once, with the organization and the reason.
      const orgLines = logger.lines.filter((l) => l.msg === 'organization failed');
      expect(orgLines.map((l) => l.fields.org).sort()).toEqual(failed.map((i) => ids[i]).sort());
      expect(orgLines.every((l) => typeof l.fields.reason === 'string' && l.fields.reason !== '')).toBe(true);
      expect(diffUsage(await storedUsage(influxUrl, 'e2e_orgs_mixed'), healthyTruth(sim, failed))).toEqual([]);
      // Nothing the run started is still running: no write once runOnce has resolved (give stragglers a chance).
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.late).toBe(0);

      const again = await collector.runOnce();
      expect(again.orgResults.map((r) => r.consecutiveFailures)).toEqual([2, 2, 0, 2, 2, 0, 2]);
      expect(runSummaryText(again)).toContain(`5 organizations failed: ${ids[0]} (`);

      // /metrics (per-organization last result), over HTTP.
      const registry = new Registry();
      createCollectorMetrics(registry, { clock: sim.clock }).onRunDone(again);
      const server = await startObserveServer({ port: 0, registry, health: () => Promise.reject(new Error('unused')) });
      try {
        const { samples } = parsePromText(await (await fetch(`${server.url}/metrics`)).text());
        for (const [i, id] of ids.entries()) {
          expect(sumOf(samples, 'meraki_usage_org_last_result_ok', { org: id })).toBe(failed.includes(i) ? 0 : 1);
          expect(sumOf(samples, 'meraki_usage_org_consecutive_failures', { org: id })).toBe(failed.includes(i) ? 2 : 0);
        }
      } finally {
        await server.close();
      }
      // collector_orgs in the sink: the last run's result per organization.
      const q = `SELECT last(ok), last(consecutive_failures) FROM collector_orgs GROUP BY org`;
      const res = (await (await fetch(`${influxUrl}/query?db=e2e_orgs_mixed&q=${encodeURIComponent(q)}`)).json()) as {
        results: { series?: { tags: { org: string }; values: unknown[][] }[] }[];
      };
      const byOrg = new Map((res.results[0]?.series ?? []).map((x) => [x.tags.org, x.values[0]!.slice(1)]));
      expect(ids.map((id) => byOrg.get(id))).toEqual(ids.map((_, i) => (failed.includes(i) ? [0, 2] : [1, 0])));
      const statuses = await collector.orgStatus();
      expect(statuses.map((s) => [s.orgId, s.lastResult, s.consecutiveFailures]).sort()).toEqual(
        ids.map((id, i) => [id, failed.includes(i) ? 'failed' : 'ok', failed.includes(i) ? 2 : 0]).sort(),
      );
      expect((await collector.status()).every((s) => s.networkId !== '')).toBe(true);
    } finally {
      meraki.close();
      await collector.close();
    }
  });

  for (const [where, index] of [['first', 0], ['middle', 2], ['last', 4]] as const) {
    it(`a 403 organization ${where} in the list: every other organization is collected exactly`, async () => {
      const db = `e2e_orgs_403_${where}`;
      const { sim, sink, collector, meraki } = await setup(db, { orgs: 5, orgFaults: [{ org: index, fault: 'forbidden' }] });
      try {
        const summary = await collector.runOnce();
        sink.closedAt();
        expect(summary.orgResults.filter((r) => !r.ok).map((r) => r.orgId)).toEqual([sim.world.organizations[index]!.id]);
        expect(summary.networks).toBe(8);
        expect(summary.networksFailed).toBe(0);
        expect(diffUsage(await storedUsage(influxUrl, db), healthyTruth(sim, [index]))).toEqual([]);
        await new Promise((r) => setTimeout(r, 200));
        expect(sink.late).toBe(0);
      } finally {
        meraki.close();
        await collector.close();
      }
    });
  }
});
