/**
 * Abortable waiting, for the Meraki client and the sinks alike. Waits take an AbortSignal or an `AbortWatch` (see
 * abort-fanout.ts: many waiters on one signal without one EventTarget listener each). Every timer is cleared and
 * every subscription removed when the wait ends, and an abort rejects with the signal's own reason.
 * `node:timers/promises` is not used: its rejection is an AbortError wrapping the reason, it takes no AbortWatch,
 * and test fake timers (`vi.useFakeTimers`) replace the global `setTimeout` only.
 */

/** Something that can abort: its state and a way to be told once, with an unsubscribe function. */
export interface AbortWatch {
  readonly aborted: boolean;
  readonly reason: unknown;
  watch(onAbort: () => void): () => void;
}

export type AbortLike = AbortSignal | AbortWatch | undefined;

function isSignal(abort: AbortSignal | AbortWatch): abort is AbortSignal {
  return typeof (abort as AbortSignal).addEventListener === 'function';
}

/** Subscribes to `abort`; returns the unsubscribe function. */
export function onAbort(abort: AbortLike, listener: () => void): () => void {
  if (!abort) return () => {};
  if (!isSignal(abort)) return abort.watch(listener);
  abort.addEventListener('abort', listener, { once: true });
  return () => abort.removeEventListener('abort', listener);
}

export function abortReason(abort: AbortSignal | AbortWatch): unknown {
  return abort.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Throws the abort reason if `abort` has fired. */
export function throwIfAborted(abort: AbortLike): void {
  if (abort?.aborted) throw abortReason(abort);
}

/** Resolves after `ms` milliseconds, or rejects with the abort reason as soon as it fires. */
export function sleep(ms: number, abort?: AbortLike): Promise<void> {
  if (abort?.aborted) return Promise.reject(abortReason(abort));
  return new Promise<void>((resolve, reject) => {
    const unsubscribe = onAbort(abort, () => {
      clearTimeout(timer);
      reject(abortReason(abort as AbortSignal | AbortWatch));
    });
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, Math.max(0, ms));
  });
}

/** Settles like `promise`, or rejects with the abort reason as soon as it fires (the promise runs on). */
export async function raceAbort<T>(promise: Promise<T>, abort?: AbortLike): Promise<T> {
  if (!abort) return promise;
  promise.catch(() => {});
  if (abort.aborted) throw abortReason(abort);
  let unsubscribe = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    unsubscribe = onAbort(abort, () => reject(abortReason(abort)));
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    unsubscribe();
  }
}
