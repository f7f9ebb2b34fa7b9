import { describe, expect, it } from 'vitest';
import { runRoundRobin } from '../../src/collector/round-robin.js';

/** Tasks that end when the test says so: what is running is the state the assertions read, never time. */
function gatedTasks() {
  const running = new Map<string, number>();
  const started: string[] = [];
  const gates: (() => void)[] = [];
  let total = 0;
  let peakTotal = 0;
  const peakPerKey = new Map<string, number>();
  const run = (key: string, item: string): Promise<void> => {
    started.push(item);
    total++;
    peakTotal = Math.max(peakTotal, total);
    running.set(key, (running.get(key) ?? 0) + 1);
    peakPerKey.set(key, Math.max(peakPerKey.get(key) ?? 0, running.get(key)!));
    return new Promise<void>((resolve) => {
      gates.push(() => {
        total--;
        running.set(key, running.get(key)! - 1);
        resolve();
      });
    });
  };
  /** Ends the oldest running task and lets the scheduler start what it will. */
  const finishOldest = async (): Promise<void> => {
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { run, started, gates, finishOldest, peaks: () => ({ total: peakTotal, perKey: peakPerKey }) };
}

const items = (key: string, n: number) => ({ key, items: Array.from({ length: n }, (_, i) => `${key}${i}`) });

describe('runRoundRobin (networks in flight over organizations)', () => {
  it('fills the slots one key per round, the first round too, and hands each freed slot to the next key in turn', async () => {
    const t = gatedTasks();
    const done = runRoundRobin([items('h', 10), items('a', 2), items('b', 2)], { total: 4, perKey: 4 }, t.run);
    // The first four: every key once, then the huge one again (not the huge one's first four).
    expect(t.started).toEqual(['h0', 'a0', 'b0', 'h1']);
    while (t.gates.length > 0) await t.finishOldest();
    await done;
    expect(t.started).toEqual(['h0', 'a0', 'b0', 'h1', 'a1', 'b1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9']);
    expect(t.peaks().total).toBe(4);
    expect(t.gates).toHaveLength(0);
  });

  it('never runs more than perKey of one key: a key at its cap lets the others have the slots', async () => {
    const t = gatedTasks();
    const done = runRoundRobin([items('h', 6), items('s', 1)], { total: 5, perKey: 2 }, t.run);
    expect(t.started).toEqual(['h0', 's0', 'h1']);
    await t.finishOldest(); // h0 ends: h2 takes its place
    expect(t.started.at(-1)).toBe('h2');
    while (t.gates.length > 0) await t.finishOldest();
    await done;
    expect(t.started.filter((x) => x.startsWith('h'))).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'h5']);
    expect(t.peaks().perKey.get('h')).toBe(2);
    expect(t.peaks().total).toBe(3);
  });

  it('resolves only after every started task settled, and with nothing to do at once', async () => {
    await runRoundRobin([{ key: 'e', items: [] }], { total: 2, perKey: 1 }, () => Promise.reject(new Error('never called')));
    const t = gatedTasks();
    let settled = false;
    const done = runRoundRobin([items('a', 2)], { total: 2, perKey: 2 }, t.run).then(() => (settled = true));
    await t.finishOldest();
    expect(settled).toBe(false);
    await t.finishOldest();
    await done;
    expect(settled).toBe(true);
  });

  it('starts nothing once stopped, waits for what runs, and reports a thrown task after the others settled', async () => {
    const t = gatedTasks();
    let stop = false;
    const done = runRoundRobin([items('a', 5)], { total: 2, perKey: 2, stopped: () => stop }, t.run);
    expect(t.started).toEqual(['a0', 'a1']);
    stop = true;
    await t.finishOldest();
    await t.finishOldest();
    await done;
    expect(t.started).toEqual(['a0', 'a1']);

    const ran: string[] = [];
    const failing = runRoundRobin([items('x', 3)], { total: 1, perKey: 1 }, async (_key, item) => {
      ran.push(item);
      if (item === 'x0') throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(ran).toEqual(['x0', 'x1', 'x2']);
  });

  it('a task that throws at once is reported like one that rejects, without one stack frame per item', async () => {
    let calls = 0;
    const run = (): Promise<void> => {
      calls++;
      throw new Error('sync boom');
    };
    await expect(runRoundRobin([items('s', 20_000)], { total: 1, perKey: 1 }, run)).rejects.toThrow('sync boom');
    expect(calls).toBe(20_000);
  });

  it('rejects limits that are not integers >= 1', () => {
    expect(() => runRoundRobin([], { total: 0, perKey: 1 }, async () => {})).toThrow(/total/);
    expect(() => runRoundRobin([], { total: 1, perKey: 1.5 }, async () => {})).toThrow(/perKey/);
  });

  it('holds a thousand keys of ten items without a waiter each and runs every item exactly once', async () => {
    const seen = new Map<string, number>();
    const work = Array.from({ length: 1000 }, (_, k) => items(`k${k}-`, 10));
    await runRoundRobin(work, { total: 64, perKey: 8 }, async (_key, item) => {
      seen.set(item, (seen.get(item) ?? 0) + 1);
      await Promise.resolve();
    });
    expect(seen.size).toBe(10_000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });
});
