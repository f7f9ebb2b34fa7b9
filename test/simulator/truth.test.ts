import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type TruthRow } from '../../src/simulator/index.js';
import { checkQuirks, DEFAULT_QUIRKS } from '../../src/simulator/options.js';
import { quirksFlag } from '../../src/simulator/options-from-args.js';
import type { ClientUsageHistory, UsageBucket } from '../../src/meraki/types.js';
import { apiGet, DAY, NOW } from './sim-http.js';

const iso = (ms: number) => new Date(ms).toISOString();
const rowKey = (r: { clientId: string; dayStartMs: number }) => `${r.clientId}@${r.dayStartMs}`;

async function histories(sim: Simulator, networkId: string, keys: string[], extra = ''): Promise<ClientUsageHistory[]> {
  const a = await apiGet(`${sim.url}/networks/${networkId}/clients/usageHistories?clients=${keys.join(',')}&perPage=1000${extra}`);
  expect(a.status).toBe(200);
  return a.body as ClientUsageHistory[];
}

describe('ground truth', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ now: NOW, rate: false, networksPerOrg: 3, clientsPerNetwork: 60 });
  });
  afterAll(() => sim.stop());

  it('agrees with usageHistories on every bucket of a 31-day window, and rows() lists exactly the non-zero ones', async () => {
    for (const n of sim.world.networks) {
      const keys = n.clients.map((c) => c.key);
      const t0 = NOW - 31 * DAY;
      const body = await histories(sim, n.id, keys, `&t0=${iso(t0)}`);
      const nonZero = new Map<string, UsageBucket>();
      const mismatches: string[] = [];
      for (const e of body) {
        expect(e.usageHistory.length).toBe(32);
        for (const b of e.usageHistory) {
          const start = Date.parse(b.ts);
          const truth = sim.truth.usage(n.id, e.clientId, start);
          if (truth?.recvKb !== b.recv || truth?.sentKb !== b.sent) mismatches.push(`${e.clientId}@${b.ts}`);
          if (b.recv! > 0 || b.sent > 0) nonZero.set(`${e.clientId}@${start}`, b);
        }
      }
      expect(mismatches).toEqual([]);
      const rows = [...sim.truth.rows({ networkId: n.id, fromMs: sim.truth.dayStart(n.id, t0) })];
      expect(rows.map(rowKey).sort()).toEqual([...nonZero.keys()].sort());
      for (const r of rows) expect(r).toMatchObject({ orgId: n.organizationId, networkId: n.id, mac: n.clientByKey(r.clientId)!.mac });
    }
  });

  it('splits wireless usage over SSIDs so that the parts sum exactly to the totals; ssidNumber filters to them', async () => {
    const n = sim.world.networks[0]!;
    const keys = n.clients.map((c) => c.key);
    const totals = await histories(sim, n.id, keys, '&timespan=2678400');
    const perSsid = await Promise.all([...Array(15).keys()].map((s) => histories(sim, n.id, keys, `&timespan=2678400&ssidNumber=${s}`)));
    let multiSsidDays = 0;
    totals.forEach((entry, ci) => {
      const wired = n.clientByKey(entry.clientId)!.wired;
      entry.usageHistory.forEach((bucket, di) => {
        const parts = perSsid.map((body) => body[ci]!.usageHistory[di]!);
        const used = parts.filter((p) => p.recv! > 0 || p.sent > 0);
        if (used.length > 1) multiSsidDays++;
        if (wired) expect(used).toEqual([]);
        else {
          expect(parts.reduce((s, p) => s + p.recv!, 0)).toBe(bucket.recv);
          expect(parts.reduce((s, p) => s + p.sent, 0)).toBe(bucket.sent);
        }
        const truthParts = sim.truth.ssidParts(n.id, entry.clientId, Date.parse(bucket.ts));
        expect(truthParts.size).toBe(wired ? 0 : used.length);
      });
    });
    expect(multiSsidDays).toBeGreaterThan(0);
    expect(totals.some((e) => n.clientByKey(e.clientId)!.wired)).toBe(true);
  });

  it('has realistic, fractional magnitudes: mostly MBs to GBs a day, a few heavy talkers', () => {
    const rows: TruthRow[] = [...sim.truth.rows({ fromMs: NOW - 8 * DAY, toMs: sim.truth.dayStart(sim.world.networks[0]!.id, NOW) })];
    const recv = rows.map((r) => r.recvKb).sort((a, b) => a - b);
    const median = recv[Math.floor(recv.length / 2)]!;
    expect(median).toBeGreaterThan(1_000);
    expect(median).toBeLessThan(2_000_000);
    expect(recv[recv.length - 1]).toBeGreaterThan(1_000_000);
    expect(rows.some((r) => !Number.isInteger(r.recvKb))).toBe(true);
    expect(rows.every((r) => r.recvKb >= 0 && r.sentKb >= 0 && Number.isInteger(r.recvKb * 8))).toBe(true);
  });
});

describe('ground truth over time', () => {
  it('grows the current day as the clock advances and freezes it once the day is over', async () => {
    const sim = await startSimulator({ now: Date.parse('2026-03-10T01:00:00Z'), rate: false, clientsPerNetwork: 5 });
    try {
      const n = sim.world.networks[0]!;
      const c = n.clients[0]!;
      const today = Date.parse('2026-03-10T00:00:00Z');
      const seen: number[] = [];
      for (let hour = 1; hour <= 31; hour += 5) {
        const [entry] = await histories(sim, n.id, [c.key], `&t0=${iso(today)}`);
        const bucket = entry!.usageHistory[0]!;
        expect(bucket.ts).toBe('2026-03-10T00:00:00.000000Z');
        expect(sim.truth.usage(n.id, c.key, today)!.recvKb).toBe(bucket.recv);
        seen.push(bucket.recv!);
        sim.clock.advance(5 * 3_600_000);
      }
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
      expect(seen[4]).toBeGreaterThan(seen[0]!);
      expect(seen[6]).toBe(seen[5]);
      expect(seen[5]).toBeGreaterThan(seen[4]!);
      const atSix = sim.truth.at(Date.parse('2026-03-10T06:00:00Z'));
      expect(atSix.usage(n.id, c.key, today)!.recvKb).toBe(seen[1]);
      expect([...atSix.rows({ networkId: n.id })].every((r) => r.dayStartMs <= today)).toBe(true);
      sim.clock.set(Date.parse('2026-03-10T00:00:00Z'));
      expect(sim.truth.usage(n.id, c.key, today)).toEqual({ recvKb: 0, sentKb: 0 });
    } finally {
      await sim.stop();
    }
  });

  it('has no data before the history; clients appear when their first day comes; IPs change over time', async () => {
    const sim = await startSimulator({ now: NOW, historyDays: 5, rate: false, clientsPerNetwork: 300 });
    try {
      const n = sim.world.networks[0]!;
      const c0 = n.clients[0]!;
      const [entry] = await histories(sim, n.id, [c0.key], `&t0=${iso(NOW - 20 * DAY)}`);
      expect(entry!.usageHistory.map((b) => b.ts)[0]).toBe(iso(Date.parse('2026-03-05T00:00:00Z')).replace('.000Z', '.000000Z'));
      expect(sim.truth.usage(n.id, c0.key, NOW - 6 * DAY)).toBeUndefined();
      expect(sim.truth.usage(n.id, c0.key, NOW + DAY)).toBeUndefined();
      const later = n.clients.find((c) => c.firstDay > Math.floor(NOW / DAY) && c.firstDay < Math.floor(NOW / DAY) + 30)!;
      expect(await histories(sim, n.id, [later.key])).toEqual([]);
      sim.clock.set(later.firstDay * DAY + 12 * 3_600_000);
      expect((await histories(sim, n.id, [later.key])).map((e) => e.clientId)).toEqual([later.key]);
      const mover = n.clients.find((c) => c.leaseDays > 0 && c.firstDay <= sim.world.historyStartDay)!;
      const ips = new Set([0, 1, 2, 3].map((k) => sim.truth.clientAt(n.id, mover.key, NOW + k * mover.leaseDays * DAY)?.ip));
      expect(ips).toEqual(new Set([mover.ipPrimary, mover.ipSecondary]));
      sim.clock.set(NOW + mover.leaseDays * DAY);
      const [moved] = await histories(sim, n.id, [mover.key]);
      expect(moved!.clientIp).toBe(sim.truth.clientAt(n.id, mover.key)!.ip);
    } finally {
      await sim.stop();
    }
  });

  it('is deterministic from the seed', async () => {
    const a = await startSimulator({ now: NOW, seed: 7, rate: false, clientsPerNetwork: 20 });
    const b = await startSimulator({ now: NOW, seed: 7, rate: false, clientsPerNetwork: 20 });
    const c = await startSimulator({ now: NOW, seed: 8, rate: false, clientsPerNetwork: 20 });
    try {
      const rows = (s: Simulator) => [...s.truth.rows({ fromMs: NOW - 3 * DAY })].map((r) => `${rowKey(r)}=${r.recvKb}/${r.sentKb}`);
      expect(rows(a)).toEqual(rows(b));
      expect(rows(a)).not.toEqual(rows(c));
      expect(a.world.networks.map((n) => n.id)).toEqual(b.world.networks.map((n) => n.id));
      expect(a.world.networks[0]!.clients.map((x) => x.key)).not.toEqual(c.world.networks[0]!.clients.map((x) => x.key));
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });
});

describe('late-data quirk (lateDataHours)', () => {
  it('a closed day keeps growing for N hours, then equals the truth, which holds the final value throughout', async () => {
    const sim = await startSimulator({ now: Date.parse('2026-03-10T12:00:00Z'), rate: false, clientsPerNetwork: 20, quirks: { lateDataHours: 6 } });
    try {
      const n = sim.world.networks[0]!;
      const keys = n.clients.map((c) => c.key);
      const day = Date.parse('2026-03-10T00:00:00Z');
      const served = async () => {
        const entries = await histories(sim, n.id, keys, `&t0=${iso(day)}&t1=${iso(day + DAY)}`);
        return entries.map((e) => e.usageHistory[0]!.recv!);
      };
      sim.clock.set(day + DAY);
      const final = n.clients.map((c) => sim.truth.usage(n.id, c.key, day)!.recvKb);
      expect(final.filter((v) => v > 0).length).toBeGreaterThan(5);
      const seen: number[][] = [];
      for (const atHour of [24, 27, 30, 31]) {
        sim.clock.set(day + atHour * 3_600_000);
        seen.push(await served());
        expect(n.clients.map((c) => sim.truth.usage(n.id, c.key, day)!.recvKb)).toEqual(final);
      }
      // At midnight (closed) and 3 h later the endpoints still serve less for the active clients; from +6 h the final value.
      const short = (values: number[]) => values.filter((v, i) => v < final[i]!).length;
      expect(short(seen[0]!)).toBe(final.filter((v) => v > 0).length);
      expect(short(seen[1]!)).toBeGreaterThan(0);
      for (let i = 0; i < final.length; i++) expect(seen[1]![i]).toBeGreaterThanOrEqual(seen[0]![i]!);
      expect(seen[2]).toEqual(final);
      expect(seen[3]).toEqual(final);
    } finally {
      await sim.stop();
    }
  });

  it('rejects a value out of range, naming the quirk', () => {
    expect(() => checkQuirks({ ...DEFAULT_QUIRKS, lateDataHours: 49 })).toThrow(/quirks\.lateDataHours.*0 to 48/);
    expect(quirksFlag('lateDataHours=6')).toEqual({ lateDataHours: 6 });
    expect(() => quirksFlag('lateDataHours=x')).toThrow(/lateDataHours/);
  });
});
