import { hostname } from 'node:os';
import { link, readFile, rename, stat, unlink } from 'node:fs/promises';
import { writeSyncedFile } from './synced-file.js';

/* The lock file's atomic operations (create, read, take over); the lock's protocol is in state-lock.ts. */

/** Who holds a state folder: written into its lock file as JSON. */
export interface LockHolder {
  pid: number;
  /** The command line it runs, e.g. `meraki-usage run`. */
  command: string;
  /** When it took the lock, ms since the epoch. */
  sinceMs: number;
  host: string;
}

export async function tryCreate(path: string, me: LockHolder): Promise<boolean> {
  // Written under a temporary name and linked into place: the lock file never exists half-written.
  const tmp = `${path}.${me.pid}.${me.sinceMs}.tmp`;
  await writeSyncedFile(tmp, JSON.stringify(me));
  try {
    await link(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT') return false; // ENOENT: our temporary file was swept: try again
    throw new Error(`cannot create the lock ${path}`, { cause: err });
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/** The holder written in the lock, and when the lock was last touched (its mtime). */
export async function readHolder(path: string): Promise<(LockHolder & { touchedMs: number }) | null> {
  let text: string;
  let touchedMs: number;
  try {
    text = await readFile(path, 'utf8');
    touchedMs = (await stat(path)).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read the lock ${path}`, { cause: err });
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && Number.isInteger(value.pid)) {
      return { pid: value.pid, command: String(value.command ?? '?'), sinceMs: Number(value.sinceMs ?? 0), host: String(value.host ?? '?'), touchedMs };
    }
  } catch {
    // fall through: an unreadable lock is one nobody can prove is alive
  }
  return { pid: 0, command: 'unreadable lock file', sinceMs: 0, host: hostname(), touchedMs };
}

/** Moves the stale lock away; if what was moved turns out not to be that stale lock, puts it back. */
export async function takeOver(path: string, stale: LockHolder, isAlive: (h: LockHolder, touchedMs: number) => boolean): Promise<boolean> {
  const aside = `${path}.stale.${process.pid}`;
  try {
    await rename(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new Error(`cannot take over the stale lock ${path}`, { cause: err });
  }
  const moved = await readHolder(aside);
  if (moved && (moved.pid !== stale.pid || moved.sinceMs !== stale.sinceMs) && isAlive(moved, moved.touchedMs)) {
    // Another process took the lock over between our read and our rename: give it back.
    await link(aside, path).catch(() => {});
    await unlink(aside).catch(() => {});
    return false;
  }
  await unlink(aside).catch(() => {});
  return true;
}
