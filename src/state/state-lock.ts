import { hostname } from 'node:os';
import { mkdir, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { readHolder, takeOver, tryCreate, type LockHolder } from './lock-file.js';
import { sleep } from '../retry/abortable.js';

export type { LockHolder } from './lock-file.js';

/** The state folder is held by another live process (the CLI exits 2 with this message). */
export class StateLockedError extends Error {
  override readonly name = 'StateLockedError';
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the state folder ${lockPath.replace(/\/\.lock$/, '')} is in use by pid ${holder.pid} (${holder.command}, since ` +
        `${new Date(holder.sinceMs).toISOString()}${holder.host === hostname() ? '' : `, on host ${holder.host}`}): ` +
        'stop that process, or pass --wait to wait until it ends',
    );
  }
}

export interface LockOptions {
  /** Written into the lock for whoever finds it held. */
  command: string;
  /** Wait for the holder to release (or die) instead of failing with StateLockedError. */
  wait?: boolean;
  /** Between two attempts while waiting, milliseconds. Default 500. */
  pollMs?: number;
  /** Called once when the lock is found held and `wait` is set (to log it). */
  onWaiting?: (holder: LockHolder) => void;
  /** Called when a lock of a dead process was taken over. */
  onTakeover?: (holder: LockHolder) => void;
  signal?: AbortSignal;
  /** The `since` written into the lock, ms since the epoch (tests pass a fixed clock). Staleness uses file times. */
  now?: () => number;
  /** Whether a pid is a live process (tests pass a fake). Default: `process.kill(pid, 0)`. */
  isAlive?: (pid: number) => boolean;
  /** How often the holder touches its lock file, milliseconds. Default 30000. */
  refreshMs?: number;
  /** A lock of another host (or container) untouched for this long is stale, milliseconds. Default 120000. */
  staleAfterMs?: number;
}

export interface StateLock {
  readonly path: string;
  /** Removes the lock file if it is still this process's lock. Idempotent. */
  release(): Promise<void>;
}

export const LOCK_FILE = '.lock';

/**
 * An exclusive lock on a state folder: the file `<dir>/.lock`, created atomically (link) and holding the owner's
 * pid, command, start time and host name; the holder touches it every `refreshMs`. A stale lock is taken over
 * (renamed away first, so of two processes taking over the same stale lock only one succeeds):
 * - from this host: when its pid is not a live process (killed with -9, crashed), or is our own pid (a container
 *   restarted as pid 1 again);
 * - from another host or container sharing the folder (its pid means nothing here): when untouched for
 *   `staleAfterMs`.
 */
export async function acquireStateLock(dir: string, options: LockOptions): Promise<StateLock> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const now = options.now ?? Date.now;
  const pidIsAlive = options.isAlive ?? pidAlive;
  const staleAfterMs = options.staleAfterMs ?? 120_000;
  const isAlive = (h: LockHolder, touchedMs: number): boolean =>
    h.host === hostname() ? h.pid > 0 && h.pid !== process.pid && pidIsAlive(h.pid) : Date.now() - touchedMs <= staleAfterMs;
  const pollMs = options.pollMs ?? 500;
  const me: LockHolder = { pid: process.pid, command: options.command, sinceMs: now(), host: hostname() };
  let waitingReported = false;
  for (;;) {
    options.signal?.throwIfAborted();
    if (await tryCreate(path, me)) return heldLock(path, me, options.refreshMs ?? 30_000);
    const holder = await readHolder(path);
    if (holder === null) continue; // released between our two calls: retry
    if (!isAlive(holder, holder.touchedMs)) {
      if (await takeOver(path, holder, isAlive)) options.onTakeover?.(holder);
      continue;
    }
    if (!options.wait) throw new StateLockedError(path, holder);
    if (!waitingReported) options.onWaiting?.(holder);
    waitingReported = true;
    await sleep(pollMs, options.signal);
  }
}

function heldLock(path: string, me: LockHolder, refreshMs: number): StateLock {
  let released = false;
  // Touched while held, so that processes of other hosts or containers can tell a live lock from a stale one.
  const timer = setInterval(() => {
    const at = new Date();
    utimes(path, at, at).catch(() => {});
  }, refreshMs);
  timer.unref();
  return {
    path,
    release: async () => {
      if (released) return;
      released = true;
      clearInterval(timer);
      const holder = await readHolder(path);
      if (holder && holder.pid === me.pid && holder.sinceMs === me.sinceMs) await unlink(path).catch(() => {});
    },
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}
