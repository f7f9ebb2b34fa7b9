import { describe, expect, it } from 'vitest';
import { FairQueue } from '../../src/meraki/fair-queue.js';
import { RateLimiter } from '../../src/meraki/rate-limiter.js';

describe('FairQueue (per-IP tokens round-robin over organizations)', () => {
  it('one organization with many waiters does not starve the others: tokens alternate', async () => {
    // A fast real-time limiter: order is what is asserted, never time.
    const limiter = new RateLimiter({ ratePerSecond: 2000, burst: 1 }, { now: () => Date.now() });
    const queue = new FairQueue(limiter);
    const order: string[] = [];
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) waits.push(queue.acquire('huge').then(() => void order.push('huge')));
    for (const org of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) waits.push(queue.acquire(org).then(() => void order.push(org)));
    await Promise.all(waits);
    expect(order).toHaveLength(29);
    // Every small organization is done within the first 4 rounds (4 organizations x 3 waiters + the first huge one).
    const lastSmall = Math.max(...['a', 'b', 'c'].map((o) => order.lastIndexOf(o)));
    expect(lastSmall).toBeLessThan(13);
    // After the first token (served before the others queued), rounds of huge, a, b, c.
    expect(order.slice(1, 13)).toEqual(['huge', 'a', 'b', 'c', 'huge', 'a', 'b', 'c', 'huge', 'a', 'b', 'c']);
  });

  it('an aborted waiter leaves the queue and rejects with the reason; the others are served', async () => {
    const limiter = new RateLimiter({ ratePerSecond: 1000, burst: 1 }, { now: () => Date.now() });
    const queue = new FairQueue(limiter);
    const controller = new AbortController();
    const first = queue.acquire('x');
    const aborted = queue.acquire('y', controller.signal);
    const third = queue.acquire('z');
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    await first;
    await third;
    expect(queue.waiting).toBe(0);
  });
});
