import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileCheckpointStore } from '../../src/state/file-checkpoint-store.js';
import { acquireStateLock, LOCK_FILE, StateLockedError, type LockHolder } from '../../src/state/state-lock.js';

let dir: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lock-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** A real other process that stays alive until killed. */
async function otherProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await once(child, 'spawn');
  return child;
}

const holderFile = (h: Partial<LockHolder>) =>
  writeFile(join(dir, LOCK_FILE), JSON.stringify({ command: 'meraki-usage run', sinceMs: Date.UTC(2026, 0, 2, 3, 4, 5), host: hostname(), ...h }));

describe('the state folder lock', () => {
  it('is exclusive: a second taker gets StateLockedError naming pid, command and since; release frees it', async () => {
    const holder = await otherProcess();
    await holderFile({ pid: holder.pid! });
    const err = await acquireStateLock(dir, { command: 'meraki-usage backfill' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateLockedError);
    expect((err as Error).message).toContain(`in use by pid ${holder.pid} (meraki-usage run, since 2026-01-02T03:04:05.000Z)`);
    expect((err as Error).message).toContain('--wait');
    await rm(join(dir, LOCK_FILE));

    const store = new FileCheckpointStore(dir);
    const lock = await store.lock({ command: 'meraki-usage once', now: () => 42 });
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, command: 'meraki-usage once', sinceMs: 42, host: hostname() });
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over the lock of a killed process (and of an unreadable lock file)', async () => {
    const victim = await otherProcess();
    const pid = victim.pid!;
    victim.kill('SIGKILL');
    await once(victim, 'exit');
    await holderFile({ pid });
    const taken: number[] = [];
    const lock = await acquireStateLock(dir, { command: 'meraki-usage backfill', onTakeover: (h) => taken.push(h.pid) });
    expect(taken).toEqual([pid]);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, command: 'meraki-usage backfill' });
    await lock.release();

    await writeFile(join(dir, LOCK_FILE), '{"pid": 12');
    const again = await acquireStateLock(dir, { command: 'meraki-usage once' });
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await again.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('with wait, waits until the holder is gone, then takes the lock; an abort ends the wait', async () => {
    const holder = await otherProcess();
    await holderFile({ pid: holder.pid! });
    let waiting!: () => void;
    const reportedWaiting = new Promise<void>((resolve) => (waiting = resolve));
    let acquired = false;
    const pending = acquireStateLock(dir, { command: 'meraki-usage backfill', wait: true, pollMs: 20, onWaiting: () => waiting() }).then((l) => {
      acquired = true;
      return l;
    });
    await reportedWaiting;
    expect(acquired).toBe(false);
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const lock = await pending;
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();

    const holder2 = await otherProcess();
    await holderFile({ pid: holder2.pid! });
    const controller = new AbortController();
    const aborted = acquireStateLock(dir, { command: 'x', wait: true, pollMs: 20, signal: controller.signal, onWaiting: () => controller.abort(new Error('stop')) });
    await expect(aborted).rejects.toThrow('stop');
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: holder2.pid });
  });

  it('release leaves a lock that is no longer ours alone', async () => {
    const lock = await acquireStateLock(dir, { command: 'a' });
    const holder = await otherProcess();
    await holderFile({ pid: holder.pid! });
    await lock.release();
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: holder.pid });
  });
});

describe('the state folder lock across hosts or containers (pids mean nothing there)', () => {
  it('a lock of another host is held while touched, stale once untouched for staleAfterMs', async () => {
    await holderFile({ pid: 1, host: 'collector-7f9c' });
    const err = await acquireStateLock(dir, { command: 'meraki-usage backfill', staleAfterMs: 60_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateLockedError);
    expect((err as Error).message).toContain('in use by pid 1 (meraki-usage run, since 2026-01-02T03:04:05.000Z, on host collector-7f9c)');
    const old = new Date(Date.now() - 61_000);
    await utimes(join(dir, LOCK_FILE), old, old);
    const taken: string[] = [];
    const lock = await acquireStateLock(dir, { command: 'meraki-usage backfill', staleAfterMs: 60_000, onTakeover: (h) => taken.push(h.host) });
    expect(taken).toEqual(['collector-7f9c']);
    await lock.release();
  });

  it('our own pid in a lock of this host is a previous incarnation (a container restarted as pid 1): taken over', async () => {
    await holderFile({ pid: process.pid });
    const taken: number[] = [];
    const lock = await acquireStateLock(dir, { command: 'meraki-usage run', onTakeover: (h) => taken.push(h.pid) });
    expect(taken).toEqual([process.pid]);
    await lock.release();
  });

  it('the holder touches its lock while it holds it', async () => {
    const lock = await acquireStateLock(dir, { command: 'meraki-usage run', refreshMs: 20 });
    const old = new Date(Date.now() - 3_600_000);
    await utimes(join(dir, LOCK_FILE), old, old);
    for (let i = 0; (await stat(join(dir, LOCK_FILE))).mtimeMs < Date.now() - 1_800_000; i++) {
      if (i > 500) throw new Error('the lock was never touched');
      await new Promise((r) => setTimeout(r, 20));
    }
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });
});
