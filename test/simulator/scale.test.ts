import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { DAY, KEY, NOW } from './sim-http.js';

/** GET with a large header limit: a Link header repeats the whole query (about 4x a long URL). */
async function bigGet(url: string): Promise<{ status: number; body: string; linkLength: number }> {
  return await new Promise((resolve, reject) => {
    const req = request(url, { maxHeaderSize: 1 << 20, headers: { Authorization: `Bearer ${KEY}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), linkLength: String(res.headers.link ?? '').length }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('simulator at scale', () => {
  // How fast: bench/ (a test asserts what was served, never how quickly).
  it('builds 20,000 clients and serves a 1000 clients x 32 days page', async () => {
    const sim = await startSimulator({ now: NOW, rate: false, orgs: 2, networksPerOrg: 5, clientsPerNetwork: 2000 });
    try {
      expect(sim.world.clientCount).toBe(20_000);
      const n = sim.world.networks[0]!;
      const keys = n.clients.slice(0, 1000).map((c) => c.key);
      const url = `${sim.url}/networks/${n.id}/clients/usageHistories?clients=${keys.join(',')}&perPage=1000&t0=${new Date(NOW - 31 * DAY).toISOString()}`;
      const first = await bigGet(url);
      const a = await bigGet(url);
      expect(a.body).toBe(first.body); // the same page when asked again
      expect(a.status).toBe(200);
      const body = JSON.parse(a.body) as { usageHistory: unknown[] }[];
      expect(body.filter((e) => e.usageHistory.length === 32).length).toBe(body.length);
      expect(body.length).toBeGreaterThan(800);
      expect(a.linkLength).toBeGreaterThan(2 * url.length - 200);
    } finally {
      await sim.stop();
    }
  });
});
