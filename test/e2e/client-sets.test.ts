import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { createDatabase, DAY_MS, diffUsage, harnessConfig, storedUsage, usageFromTruth } from '../helpers/collector-harness.js';

const NOW = Date.UTC(2026, 4, 15, 20, 0, 0);
const influxUrl = inject('influxUrl');
const fromMs = Math.floor((NOW - 31 * DAY_MS) / DAY_MS) * DAY_MS;

async function collect(sim: Simulator, db: string, yaml: string): Promise<void> {
  await createDatabase(influxUrl, db);
  const config = await harnessConfig({ sim, influx: { v1: { url: influxUrl, database: db } }, yaml });
  const collector = createCollector({ config, logger: captureLogger(), clock: sim.clock });
  try {
    expect((await collector.runOnce()).ok).toBe(true);
  } finally {
    await collector.close();
  }
}

describe('client sets and SSID splitting', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 31, networksPerOrg: 2, clientsPerNetwork: 40, now: NOW, rate: false });
  });
  afterAll(() => sim.stop());

  it('SSID splitting writes client_usage_by_ssid equal to the per-SSID truth, and leaves client_usage whole', async () => {
    const db = 'e2e_split';
    await collect(sim, db, 'collection:\n  splitBySsid: true\n');
    expect(diffUsage(await storedUsage(influxUrl, db), usageFromTruth(sim, { fromMs }))).toEqual([]);
    let checked = 0;
    for (const network of sim.world.organizations[0]!.networks) {
      for (const ssid of network.ssids.filter((s) => s.enabled)) {
        const where = `network = '${network.id}' AND ssid_number = '${ssid.number}'`;
        const stored = await storedUsage(influxUrl, db, { measurement: 'client_usage_by_ssid', where });
        const truth = usageFromTruth(sim, { networkId: network.id, ssidNumber: ssid.number, fromMs });
        expect(diffUsage(stored, truth)).toEqual([]);
        checked += truth.size;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('an explicit set collects exactly the listed clients (by key or MAC); a filter keeps only matching clients', async () => {
    const [first, second] = sim.world.organizations[0]!.networks;
    const picked = first!.trackByIp ? [] : first!.clients.slice(0, 3);
    const wired = second!.clients.filter((c) => c.wired).map((c) => c.key);
    expect(picked.length).toBe(3);
    expect(wired.length).toBeGreaterThan(0);
    const yaml = [
      'targets:',
      '  clientSets:',
      `    ${first!.id}:`,
      `      clients: [${picked[0]!.key}, ${picked[1]!.key}, "${picked[2]!.mac}"]`,
      '  defaultClients:',
      '    filter:',
      '      connection: Wired',
      '',
    ].join('\n');
    const db = 'e2e_sets';
    await collect(sim, db, yaml);
    const keep = new Set([...picked.map((c) => c.key), ...wired]);
    const truth = new Map([...usageFromTruth(sim, { fromMs })].filter(([k]) => keep.has(k.split('|')[1]!)));
    expect(truth.size).toBeGreaterThan(30);
    expect(diffUsage(await storedUsage(influxUrl, db), truth)).toEqual([]);
  });
});
