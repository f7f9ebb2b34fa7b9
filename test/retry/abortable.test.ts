import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortFanout } from '../../src/retry/abort-fanout.js';
import { raceAbort, sleep } from '../../src/retry/abortable.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('sleep (the one abortable wait of the Meraki client and the sinks)', () => {
  it('resolves after the time on fake timers, not before', async () => {
    vi.useFakeTimers();
    let done = false;
    const wait = sleep(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await wait;
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the signal\'s own reason, at once, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const wait = sleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(wait).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    await expect(sleep(10, controller.signal)).rejects.toBe(reason);
  });

  it('through an AbortFanout watch: many waiters, one listener on the signal, all rejected with the reason', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const watch = new AbortFanout().watch(controller.signal);
    const waits = Array.from({ length: 50 }, () => sleep(60_000, watch));
    const raced = raceAbort(new Promise<never>(() => {}), watch);
    controller.abort('stop');
    const settled = await Promise.allSettled([...waits, raced]);
    expect(settled.map((s) => (s.status === 'rejected' ? s.reason : 'resolved'))).toEqual(Array(51).fill('stop'));
    expect(vi.getTimerCount()).toBe(0);
  });
});
