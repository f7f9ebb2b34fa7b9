import { afterEach, describe, expect, it } from 'vitest';
import { collectOrgNetworks, listOrgNetworks, type OrgRunDeps } from '../../src/collector/collect-org.js';
import { FairSlots } from '../../src/collector/fair-slots.js';
import { resolveOrganizations } from '../../src/discovery/resolve-networks.js';
import { silentLogger } from '../../src/log/logger.js';
import { MerakiClient } from '../../src/meraki/index.js';
import type { Sink } from '../../src/sink/sink.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { lineCount, type Lines } from '../../src/transform/line-block.js';
import { harnessConfig } from '../helpers/collector-harness.js';

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);

/** FairSlots that records, per organization, how many of its tasks wait for a slot and how many hold one. */
class WatchedSlots extends FairSlots {
  readonly waiting = new Map<string, number>();
  readonly running = new Map<string, number>();
  readonly maxWaiting = new Map<string, number>();
  readonly maxRunning = new Map<string, number>();
  runningTotal = 0;
  maxRunningTotal = 0;

  override run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const bump = (m: Map<string, number>, max: Map<string, number>, by: number): void => {
      const n = (m.get(key) ?? 0) + by;
      m.set(key, n);
      max.set(key, Math.max(max.get(key) ?? 0, n));
    };
    bump(this.waiting, this.maxWaiting, 1);
    return super.run(key, async () => {
      bump(this.waiting, this.maxWaiting, -1);
      bump(this.running, this.maxRunning, 1);
      this.maxRunningTotal = Math.max(this.maxRunningTotal, ++this.runningTotal);
      try {
        return await task();
      } finally {
        bump(this.running, this.maxRunning, -1);
        this.runningTotal--;
      }
    });
  }
}

/** Checkpoints in a Map (typed through OrgRunDeps, so the test does not depend on where the stores live). */
function mapStore(): OrgRunDeps['store'] {
  const states = new Map<string, Parameters<OrgRunDeps['store']['put']>[1]>();
  return {
    description: 'in memory',
    get: async (key) => states.get(key) ?? null,
    put: async (key, state) => {
      states.set(key, state);
    },
    list: async function* () {
      yield* states.values();
    },
  };
}

class CountingSink implements Sink {
  readonly description = 'counting';
  lines = 0;
  async write(lines: Lines): Promise<void> {
    this.lines += lineCount(lines);
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

describe('collectOrgNetworks: per-organization workers', () => {
  it('collects every network once, one waiter per organization, never more than networkConcurrency or the slots', async () => {
    const sim = await startSimulator({ seed: 5, orgs: 2, networksPerOrg: 9, clientsPerNetwork: 3, now: NOW, rate: false });
    sims.push(sim);
    const config = await harnessConfig({ sim, influx: null, yaml: 'collection:\n  networkConcurrency: 3\n' });
    const meraki = new MerakiClient({ ...config.meraki, logger: silentLogger });
    const slots = new WatchedSlots(4);
    const done = new Map<string, string[]>();
    const deps: OrgRunDeps = {
      meraki, sink: new CountingSink(), store: mapStore(), config, logger: silentLogger,
      clock: sim.clock, mode: 'incremental', fallbackPages: { count: 0 }, slots,
      onNetworkDone: (orgId, network, r) => {
        expect(r.ok).toBe(true);
        done.set(orgId, [...(done.get(orgId) ?? []), network.id]);
      },
    };
    const orgs = await resolveOrganizations(meraki, config.targets, config.collection.shard);
    expect(orgs).toHaveLength(2);
    const lists = await Promise.all(orgs.map((org) => listOrgNetworks(org, deps)));
    const outcomes = await Promise.all(
      orgs.map((org, i) => {
        const list = lists[i]!;
        if ('error' in list) throw new Error(list.error);
        return collectOrgNetworks(org.orgId, list.networks, deps);
      }),
    );
    for (const [i, org] of orgs.entries()) {
      const list = lists[i]!;
      if ('error' in list) throw new Error(list.error);
      expect(list.networks).toHaveLength(9);
      expect(outcomes[i]).toEqual({ orgId: org.orgId, ok: true, networks: 9, networksFailed: 0 });
      // Every network exactly once.
      expect([...(done.get(org.orgId) ?? [])].sort()).toEqual(list.networks.map((n) => n.id).sort());
      expect(slots.maxWaiting.get(org.orgId)).toBe(1);
      expect(slots.maxRunning.get(org.orgId)).toBeLessThanOrEqual(3);
      expect(slots.waiting.get(org.orgId)).toBe(0);
      expect(slots.running.get(org.orgId)).toBe(0);
    }
    expect(slots.maxRunningTotal).toBeLessThanOrEqual(4);
  });

  it('an organization without networks resolves at once with nothing collected', async () => {
    const sim = await startSimulator({ seed: 6, orgs: 1, networksPerOrg: 1, clientsPerNetwork: 1, now: NOW, rate: false });
    sims.push(sim);
    const config = await harnessConfig({ sim, influx: null });
    const meraki = new MerakiClient({ ...config.meraki, logger: silentLogger });
    const slots = new WatchedSlots(2);
    const deps: OrgRunDeps = {
      meraki, sink: new CountingSink(), store: mapStore(), config, logger: silentLogger,
      clock: sim.clock, mode: 'incremental', fallbackPages: { count: 0 }, slots, onNetworkDone: () => {},
    };
    expect(await collectOrgNetworks('1', [], deps)).toEqual({ orgId: '1', ok: true, networks: 0, networksFailed: 0 });
    expect(slots.maxWaiting.size).toBe(0);
  });
});
