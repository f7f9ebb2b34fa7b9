import { afterEach, describe, expect, it } from 'vitest';
import { collectOrganizations, listOrgNetworks, type OrgRunDeps } from '../../src/collector/collect-org.js';
import { resolveOrganizations } from '../../src/discovery/resolve-networks.js';
import { silentLogger } from '../../src/log/logger.js';
import { MerakiClient } from '../../src/meraki/index.js';
import type { Sink } from '../../src/sink/sink.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { lineCount, type Lines } from '../../src/transform/line-block.js';
import { harnessConfig } from '../helpers/collector-harness.js';

const NOW = Date.UTC(2026, 10, 20, 13, 30, 0);

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

describe('collectOrganizations', () => {
  it('collects every network of every organization once and reports each organization, in the order given', async () => {
    const sim = await startSimulator({ seed: 5, orgs: 2, networksPerOrg: 9, clientsPerNetwork: 3, now: NOW, rate: false });
    sims.push(sim);
    const config = await harnessConfig({ sim, influx: null, yaml: 'collection:\n  networkConcurrency: 3\n  networksInFlight: 4\n' });
    const meraki = new MerakiClient({ ...config.meraki, logger: silentLogger });
    const done = new Map<string, string[]>();
    const deps: OrgRunDeps = {
      meraki, sink: new CountingSink(), store: mapStore(), config, logger: silentLogger,
      clock: sim.clock, mode: 'incremental', fallbackPages: { count: 0 },
      onNetworkDone: (orgId, network, r) => {
        expect(r.ok).toBe(true);
        done.set(orgId, [...(done.get(orgId) ?? []), network.id]);
      },
    };
    const orgs = await resolveOrganizations(meraki, config.targets, config.collection.shard);
    expect(orgs).toHaveLength(2);
    const lists = await Promise.all(orgs.map((org) => listOrgNetworks(org, deps)));
    // A third organization whose list could not be read: failed, nothing collected, the others as without it.
    const outcomes = await collectOrganizations([{ orgId: 'gone', error: 'cannot list its networks: 403' }, ...lists], deps);
    expect(outcomes.map((o) => o.orgId)).toEqual(['gone', ...orgs.map((o) => o.orgId)]);
    expect(outcomes[0]).toEqual({ orgId: 'gone', ok: false, networks: 0, networksFailed: 0, error: 'cannot list its networks: 403' });
    for (const [i, org] of orgs.entries()) {
      const list = lists[i]!;
      if ('error' in list) throw new Error(list.error);
      expect(list.networks).toHaveLength(9);
      // The run keeps only what it needs of each network (not the API's whole object).
      expect(Object.keys(list.networks[0]!).sort()).toEqual(['id', 'name', 'productTypes', 'timeZone']);
      expect(outcomes[i + 1]).toEqual({ orgId: org.orgId, ok: true, networks: 9, networksFailed: 0 });
      expect([...(done.get(org.orgId) ?? [])].sort()).toEqual(list.networks.map((n) => n.id).sort());
    }
    expect(done.has('gone')).toBe(false);
  });

  it('an organization without networks is ok with nothing collected; a stopped run starts no network', async () => {
    const sim = await startSimulator({ seed: 6, orgs: 1, networksPerOrg: 3, clientsPerNetwork: 1, now: NOW, rate: false });
    sims.push(sim);
    const config = await harnessConfig({ sim, influx: null });
    const meraki = new MerakiClient({ ...config.meraki, logger: silentLogger });
    const controller = new AbortController();
    let collected = 0;
    const deps: OrgRunDeps = {
      meraki, sink: new CountingSink(), store: mapStore(), config, logger: silentLogger, signal: controller.signal,
      clock: sim.clock, mode: 'incremental', fallbackPages: { count: 0 }, onNetworkDone: () => void collected++,
    };
    expect(await collectOrganizations([{ orgId: '1', networks: [] }], deps)).toEqual([{ orgId: '1', ok: true, networks: 0, networksFailed: 0 }]);
    const [org] = await resolveOrganizations(meraki, config.targets, config.collection.shard);
    const list = await listOrgNetworks(org!, deps);
    controller.abort();
    expect(await collectOrganizations([list], deps)).toEqual([{ orgId: org!.orgId, ok: true, networks: 0, networksFailed: 0 }]);
    expect(collected).toBe(0);
    expect(sim.counters.byEndpoint['clients'] ?? 0).toBe(0);
    expect(sim.counters.byEndpoint['usageHistories'] ?? 0).toBe(0);
  });
});
