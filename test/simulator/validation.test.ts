import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { apiGet, DAY, errorsOf, NOW } from './sim-http.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('simulator parameter validation', () => {
  let sim: Simulator;
  let uh: string;
  let clients: string;
  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, rate: false, clientsPerNetwork: 10, maxUrlLength: 2000 });
    const n = sim.world.networks[0]!;
    uh = `${sim.url}/networks/${n.id}/clients/usageHistories?clients=${n.clients[0]!.key}`;
    clients = `${sim.url}/networks/${n.id}/clients?`;
  });
  afterAll(() => sim.stop());

  const cases: [string, () => string, string][] = [
    ['missing clients', () => uh.replace(/clients=[^&]*/, 'perPage=5'), 'clients'],
    ['empty clients', () => uh.replace(/clients=[^&]*/, 'clients=,'), 'clients'],
    ['perPage too small', () => `${uh}&perPage=2`, 'perPage'],
    ['perPage too big', () => `${uh}&perPage=1001`, 'perPage'],
    ['perPage not a number', () => `${uh}&perPage=ten`, 'perPage'],
    ['t0 more than 31 days back', () => `${uh}&t0=${iso(NOW - 31 * DAY - 1000)}`, 't0'],
    ['t0 (epoch seconds) more than 31 days back', () => `${uh}&t0=${(NOW - 32 * DAY) / 1000}`, 't0'],
    ['t0 not a time', () => `${uh}&t0=yesterday`, 't0'],
    ['t1 more than 31 days after t0', () => `${uh}&t0=${iso(NOW - 31 * DAY)}&t1=${iso(NOW + 2 * DAY)}`, 't1'],
    ['t1 before t0', () => `${uh}&t0=${iso(NOW - 2 * DAY)}&t1=${iso(NOW - 3 * DAY)}`, 't1'],
    ['timespan with t0', () => `${uh}&t0=${iso(NOW - DAY)}&timespan=3600`, 'timespan'],
    ['timespan with t1', () => `${uh}&t1=${iso(NOW)}&timespan=3600`, 'timespan'],
    ['timespan too long', () => `${uh}&timespan=2678401`, 'timespan'],
    ['timespan zero', () => `${uh}&timespan=0`, 'timespan'],
    ['ssidNumber 15', () => `${uh}&ssidNumber=15`, 'ssidNumber'],
    ['ssidNumber -1', () => `${uh}&ssidNumber=-1`, 'ssidNumber'],
    ['ssidNumber 1.5', () => `${uh}&ssidNumber=1.5`, 'ssidNumber'],
    ['forged startingAfter', () => `${uh}&startingAfter=${Buffer.from('p1.5.x').toString('base64url')}`, 'startingAfter'],
    ['plain-offset endingBefore', () => `${uh}&endingBefore=3`, 'endingBefore'],
    ['clients perPage too big', () => `${clients}perPage=5001`, 'perPage'],
    ['clients t0 more than 31 days back', () => `${clients}t0=${iso(NOW - 32 * DAY)}`, 't0'],
    ['clients timespan too long', () => `${clients}timespan=2678401`, 'timespan'],
    ['clients timespan with t0', () => `${clients}timespan=60&t0=${iso(NOW - DAY)}`, 'timespan'],
    ['clients bad status', () => `${clients}statuses[]=Away`, 'statuses'],
    ['networks perPage too big', () => `${sim.url}/organizations/${sim.world.organizations[0]!.id}/networks?perPage=100001`, 'perPage'],
    ['networks bad tagsFilterType', () => `${sim.url}/organizations/${sim.world.organizations[0]!.id}/networks?tagsFilterType=some`, 'tagsFilterType'],
  ];

  it.each(cases)('400 for %s, naming the parameter', async (_name, url, param) => {
    const a = await apiGet(url());
    expect(a.status).toBe(400);
    expect(a.headers.get('x-request-id')).toBeTruthy();
    expect(errorsOf(a).length).toBe(1);
    expect(errorsOf(a)[0]).toContain(`'${param}'`);
  });

  it('accepts the limits themselves', async () => {
    for (const url of [
      `${uh}&perPage=3`,
      `${uh}&perPage=1000`,
      `${uh}&t0=${iso(NOW - 31 * DAY)}`,
      `${uh}&t0=${iso(NOW - 31 * DAY)}&t1=${iso(NOW)}`,
      `${uh}&timespan=2678400`,
      `${uh}&ssidNumber=0`,
      `${uh}&ssidNumber=14`,
      `${clients}perPage=5000&timespan=2678400`,
      `${clients}perPage=3`,
    ]) {
      expect((await apiGet(url)).status, url).toBe(200);
    }
  });

  it('answers 414 when path+query is longer than maxUrlLength', async () => {
    const n = sim.world.networks[0]!;
    const path = `/api/v1/networks/${n.id}/clients/usageHistories?clients=`;
    const fits = `${path}${'k000000,'.repeat(Math.floor((2000 - path.length) / 8))}`;
    expect(fits.length).toBeLessThanOrEqual(2000);
    expect((await apiGet(`${sim.url.replace('/api/v1', '')}${fits}`)).status).toBe(200);
    const long = await apiGet(`${sim.url.replace('/api/v1', '')}${fits}k1234567`);
    expect(long.status).toBe(414);
    expect(long.headers.get('x-request-id')).toBeTruthy();
    const huge = await apiGet(`${sim.url}/organizations?x=${'a'.repeat(40_000)}`);
    expect(huge.status).toBe(414);
  });
});
