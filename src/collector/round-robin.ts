/** One key's items (an organization's networks) for `runRoundRobin`. */
export interface KeyedItems<T> {
  key: string;
  items: readonly T[];
}

export interface RoundRobinLimits {
  /** Tasks running at once over all keys (`collection.networksInFlight`). */
  total: number;
  /** Tasks running at once per key (`collection.networkConcurrency`). */
  perKey: number;
  /** Checked before each start: once true, nothing more starts (what runs is awaited). */
  stopped?: () => boolean;
}

interface Cursor<T> {
  key: string;
  items: readonly T[];
  next: number;
  running: number;
  /** In the ready ring (it has items left and is under `perKey`). */
  ready: boolean;
}

/**
 * Runs `run(key, item)` for every item of every key, in each key's order: at most `total` at once over all keys and
 * `perKey` per key. A freed slot goes to the next key in turn that has items left and is under its cap, so keys
 * take slots one each per round (a key with 10,000 items does not starve one with 10), the first round too.
 * Resolves once every task it started has settled; a task that throws is reported after that, as the first error
 * (a caller that keeps its own results catches in `run`).
 *
 * What waits is one small cursor per key in a ring, not a promise or closure per key or per item: an hourly run
 * of 1,000 organizations kept ~3 MB of suspended workers alive this way (and V8 sizes the heap to what is alive).
 */
export function runRoundRobin<T>(work: readonly KeyedItems<T>[], limits: RoundRobinLimits, run: (key: string, item: T) => Promise<void>): Promise<void> {
  for (const [name, v] of [['total', limits.total], ['perKey', limits.perKey]] as const) {
    if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`Expected \`${name}\` to be an integer >= 1, got ${v}`);
  }
  const ring: (Cursor<T> | undefined)[] = [];
  let head = 0;
  for (const { key, items } of work) if (items.length > 0) ring.push({ key, items, next: 0, running: 0, ready: true });
  let running = 0;
  let failed = false;
  let firstError: unknown;
  return new Promise<void>((resolve, reject) => {
    const settleIfDone = (): void => {
      if (running > 0 || (head < ring.length && !limits.stopped?.())) return;
      if (failed) reject(firstError);
      else resolve();
    };
    const pump = (): void => {
      while (running < limits.total && head < ring.length && !limits.stopped?.()) {
        const c = ring[head]!;
        ring[head++] = undefined;
        c.ready = false;
        const item = c.items[c.next++]!;
        c.running++;
        running++;
        if (c.next < c.items.length && c.running < limits.perKey) enqueue(c);
        void start(c, item);
      }
      // The consumed front of the ring is dropped now and then, so it never holds more than the keys waiting.
      if (head > 1024 && head * 2 > ring.length) {
        ring.splice(0, head);
        head = 0;
      }
      settleIfDone();
    };
    const enqueue = (c: Cursor<T>): void => {
      c.ready = true;
      ring.push(c);
    };
    const start = async (c: Cursor<T>, item: T): Promise<void> => {
      try {
        // Through an async function: a `run` that throws at once still settles on a later microtask, so the
        // `pump` below never runs inside the one that started it (no recursion one frame per item).
        await (async () => run(c.key, item))();
      } catch (err) {
        if (!failed) firstError = err;
        failed = true;
      } finally {
        c.running--;
        running--;
        if (!c.ready && c.next < c.items.length) enqueue(c);
        pump();
      }
    };
    pump();
  });
}
