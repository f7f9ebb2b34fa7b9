import type { AbortWatch } from './abortable.js';

/**
 * Watches of a caller's signal without one EventTarget listener per waiter: Node's EventTarget scans its
 * listeners on every addEventListener (and AbortControllers are costly to make), so thousands of calls queued
 * on one shutdown signal would cost O(n^2). Each signal gets a single listener; subscribers live in a Set.
 */
export class AbortFanout {
  readonly #subscribers = new WeakMap<AbortSignal, Set<() => void>>();

  /** An AbortWatch of `signal` (undefined without a signal). */
  watch(signal: AbortSignal | undefined): AbortWatch | undefined {
    if (!signal) return undefined;
    const subscribers = this.#subscribersOf(signal);
    return {
      get aborted() {
        return signal.aborted;
      },
      get reason() {
        return signal.reason;
      },
      watch(onAbort) {
        if (signal.aborted) {
          queueMicrotask(onAbort);
          return () => {};
        }
        const once = (): void => onAbort();
        subscribers.add(once);
        return () => void subscribers.delete(once);
      },
    };
  }

  #subscribersOf(signal: AbortSignal): Set<() => void> {
    let set = this.#subscribers.get(signal);
    if (!set) {
      const subscribers = new Set<() => void>();
      set = subscribers;
      this.#subscribers.set(signal, subscribers);
      signal.addEventListener('abort', () => {
        const all = [...subscribers];
        subscribers.clear();
        for (const fn of all) fn();
      }, { once: true });
    }
    return set;
  }
}
