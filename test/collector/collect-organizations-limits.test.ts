import { describe, expect, it, vi } from 'vitest';
import type { NetworkResult } from '../../src/collector/collect-network.js';
import { collectOrganizations, type OrgRunDeps } from '../../src/collector/collect-org.js';
import type { NetworkTarget } from '../../src/discovery/resolve-networks.js';

/** collectNetwork replaced by gated calls: what runs at once is what the assertions read, never time. */
const gate = vi.hoisted(() => {
  const running = new Map<string, number>();
  const state = { total: 0, peakTotal: 0, peakPerOrg: new Map<string, number>(), waiting: [] as (() => void)[], failing: new Set<string>() };
  return { running, state };
});

vi.mock('../../src/collector/collect-network.js', () => ({
  collectNetwork: (orgId: string, network: NetworkTarget): Promise<NetworkResult> => {
    const { running, state } = gate;
    state.total++;
    state.peakTotal = Math.max(state.peakTotal, state.total);
    running.set(orgId, (running.get(orgId) ?? 0) + 1);
    state.peakPerOrg.set(orgId, Math.max(state.peakPerOrg.get(orgId) ?? 0, running.get(orgId)!));
    return new Promise((resolve, reject) => {
      state.waiting.push(() => {
        state.total--;
        running.set(orgId, running.get(orgId)! - 1);
        if (state.failing.has(network.id)) reject(new Error(`network ${network.id} broke`));
        else resolve({ ok: true, clients: 1, points: 2, rejected: 0, gaps: 0, checkpointMs: null });
      });
    });
  },
}));

const nets = (org: string, n: number): NetworkTarget[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${org}-N${i}`, name: `${org} ${i}`, productTypes: ['wireless'], timeZone: 'Etc/UTC' }));

function deps(inFlight: number, perOrg: number, onNetworkDone: OrgRunDeps['onNetworkDone'] = () => {}): OrgRunDeps {
  return {
    config: { collection: { networksInFlight: inFlight, networkConcurrency: perOrg } },
    meraki: { org: () => ({}) },
    onNetworkDone,
  } as unknown as OrgRunDeps;
}

/** Lets every gated call end, oldest first, until nothing runs or waits. */
async function drain(): Promise<void> {
  for (;;) {
    await new Promise((r) => setImmediate(r));
    const next = gate.state.waiting.shift();
    if (!next) return;
    next();
  }
}

describe('collectOrganizations: networks in flight and per organization', () => {
  it('never runs more than networkConcurrency of one organization nor networksInFlight in all, and a failing network is its organization\'s only', async () => {
    Object.assign(gate.state, { total: 0, peakTotal: 0, peakPerOrg: new Map(), failing: new Set(['b-N1']) });
    const done: string[] = [];
    const run = collectOrganizations(
      [{ orgId: 'a', networks: nets('a', 9) }, { orgId: 'b', networks: nets('b', 2) }, { orgId: 'c', networks: nets('c', 1) }],
      deps(5, 3, (_org, n) => void done.push(n.id)),
    );
    await drain();
    const outcomes = await run;
    // Five at once at first (a, b, c, a, b); once b and c are done, a alone stays at its three.
    expect(gate.state.peakTotal).toBe(5);
    expect(gate.state.peakPerOrg.get('a')).toBe(3);
    expect(done).toHaveLength(12);
    expect(outcomes).toEqual([
      { orgId: 'a', ok: true, networks: 9, networksFailed: 0 },
      { orgId: 'b', ok: false, networks: 2, networksFailed: 1, error: '1 of 2 networks failed: network b-N1 broke' },
      { orgId: 'c', ok: true, networks: 1, networksFailed: 0 },
    ]);
  });

  it('a hook that throws fails that network\'s organization only; an id listed twice stays two entries', async () => {
    Object.assign(gate.state, { total: 0, peakTotal: 0, peakPerOrg: new Map(), failing: new Set() });
    const run = collectOrganizations(
      [{ orgId: 'x', networks: nets('x', 2) }, { orgId: 'x', networks: nets('x2', 1) }, { orgId: 'y', networks: nets('y', 2) }],
      deps(8, 8, (_org, n) => {
        if (n.id === 'y-N1') throw new Error('progress display broke');
      }),
    );
    await drain();
    expect(await run).toEqual([
      { orgId: 'x', ok: true, networks: 2, networksFailed: 0 },
      { orgId: 'x', ok: true, networks: 1, networksFailed: 0 },
      { orgId: 'y', ok: false, networks: 2, networksFailed: 1, error: '1 of 2 networks failed: progress display broke' },
    ]);
  });
});
