import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SIMULATE_ARG_OPTIONS, SIMULATE_HELP, simulatorOptionsFromArgs, startSimulator } from '../../src/simulator/index.js';

const parse = (args: string[]) => simulatorOptionsFromArgs(parseArgs({ args, options: SIMULATE_ARG_OPTIONS, strict: true }).values);

describe('simulate flags', () => {
  it('turns flags into SimulatorOptions', () => {
    expect(
      parse(['--port', '8787', '--seed', '3', '--orgs', '2', '--networks', '4', '--clients', '100', '--rate', '20', '--quirks', 'receivedField,tsJitter,dayBoundary=networkTimeZone,redirectStatus=308', '--faults', 'serverErrorRate=0.1,slowMs=500', '--now', '2026-03-10T12:00:00Z', '--api-keys', 'a, b']),
    ).toEqual({
      port: 8787,
      seed: 3,
      orgs: 2,
      networksPerOrg: 4,
      clientsPerNetwork: 100,
      rate: { perOrgPerSecond: 20, orgBurst: 20, perIpPerSecond: 200 },
      quirks: { receivedField: true, tsJitter: true, dayBoundary: 'networkTimeZone', redirectStatus: 308 },
      faults: { serverErrorRate: 0.1, slowMs: 500 },
      now: Date.parse('2026-03-10T12:00:00Z'),
      apiKeys: ['a', 'b'],
    });
    expect(parse([])).toEqual({});
    expect(parse(['--rate', 'off'])).toEqual({ rate: false });
    expect(parse(['--ip-rate', '500'])).toEqual({ rate: { perOrgPerSecond: 10, orgBurst: 10, perIpPerSecond: 500 } });
    expect(parse(['--now', 'real'])).toEqual({ now: 'real' });
    expect(parse(['--time-zones', 'Europe/Berlin, America/New_York'])).toEqual({ timeZones: ['Europe/Berlin', 'America/New_York'] });
  });

  it('--time-zones gives the networks their zones in turn; an unknown zone is named', async () => {
    const sim = await startSimulator({ ...parse(['--time-zones', 'Europe/Berlin,America/New_York', '--networks', '3', '--rate', 'off']), now: 0 });
    try {
      expect(sim.world.networks.map((n) => n.timeZone)).toEqual(['Europe/Berlin', 'America/New_York', 'Europe/Berlin']);
    } finally {
      await sim.stop();
    }
    await expect(startSimulator({ timeZones: ['Europe/Atlantis'] })).rejects.toThrow(/`timeZones`.*"Europe\/Atlantis"/);
    await expect(startSimulator({ timeZones: [] })).rejects.toThrow(/`timeZones`/);
  });

  it('names the flag in errors', () => {
    expect(() => parse(['--port', 'x'])).toThrow(/--port/);
    expect(() => parse(['--orgs', '0'])).toThrow(/--orgs/);
    expect(() => parse(['--quirks', 'nope'])).toThrow(/nope/);
    expect(() => parse(['--quirks', 'dayBoundary=mars'])).toThrow(/dayBoundary/);
    expect(() => parse(['--faults', 'resetRate=2'])).toThrow(/resetRate/);
    expect(() => parse(['--faults', 'boom=0.1'])).toThrow(/boom/);
    expect(() => parse(['--now', 'tomorrow'])).toThrow(/--now/);
  });

  it('has help text that lists every flag', () => {
    for (const flag of Object.keys(SIMULATE_ARG_OPTIONS)) expect(SIMULATE_HELP).toContain(`--${flag}`);
  });

  it('starts a simulator from parsed flags', async () => {
    const sim = await startSimulator(parse(['--orgs', '2', '--networks', '2', '--clients', '7', '--seed', '9']));
    try {
      expect(sim.world.networks.length).toBe(4);
      expect(sim.world.networks[0]!.clients.length).toBe(7);
      const res = await fetch(`${sim.url}/organizations`, { headers: { Authorization: 'Bearer anykey' } });
      expect(res.status).toBe(200);
    } finally {
      await sim.stop();
    }
  });
});
