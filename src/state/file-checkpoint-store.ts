import { open, mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckpointStore } from './checkpoint-store.js';
import type { NetworkState } from '../planning/network-state.js';
import { acquireStateLock, type LockOptions, type StateLock } from './state-lock.js';
import { writeSyncedFile } from './synced-file.js';

/**
 * One JSON file per collection unit in `dir`. Writes go to a temporary file that is fsynced, renamed over the
 * record and followed by an fsync of the folder, so a kill -9 at any moment leaves the old or the new record.
 */
export class FileCheckpointStore implements CheckpointStore {
  readonly description: string;
  #swept = false;

  constructor(private readonly dir: string) {
    this.description = `files in ${dir}`;
  }

  /**
   * Takes the folder's lock (`<dir>/.lock`, see state-lock.ts) for as long as this process works on it: a second
   * process gets StateLockedError naming the holder, or waits with `wait`; a lock of a dead process is taken over.
   */
  lock(options: LockOptions): Promise<StateLock> {
    return acquireStateLock(this.dir, options);
  }

  async get(key: string): Promise<NetworkState | null> {
    const path = this.pathOf(key);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`cannot read checkpoint ${path}`, { cause: err });
    }
    return parseState(text, path);
  }

  async put(key: string, state: NetworkState): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    if (!this.#swept) await this.sweepTemporaryFiles();
    const path = this.pathOf(key);
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeSyncedFile(tmp, JSON.stringify(state));
    try {
      await rename(tmp, path);
    } catch (err) {
      await unlink(tmp).catch(() => {});
      throw new Error(`cannot write checkpoint ${path}`, { cause: err });
    }
    const folder = await open(this.dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  async *list(): AsyncIterable<NetworkState> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const name of names.sort()) {
      if (!name.endsWith('.json')) continue;
      const path = join(this.dir, name);
      yield parseState(await readFile(path, 'utf8'), path);
    }
  }

  /** Removes temporary files that a killed process left behind (never the records themselves). */
  private async sweepTemporaryFiles(): Promise<void> {
    this.#swept = true;
    const mine = `.${process.pid}.`;
    for (const name of await readdir(this.dir)) {
      if (name.endsWith('.tmp') && !name.includes(mine)) await unlink(join(this.dir, name)).catch(() => {});
    }
  }

  private pathOf(key: string): string {
    return join(this.dir, `${key.replace(/[^A-Za-z0-9_~-]/g, '_')}.json`);
  }
}

function parseState(text: string, path: string): NetworkState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`checkpoint ${path} is not valid JSON; move it away to start that network afresh`, { cause: err });
  }
  const state = value as Partial<NetworkState>;
  if (state === null || typeof state !== 'object' || state.v !== 1 || typeof state.networkId !== 'string') {
    throw new Error(`checkpoint ${path} has an unknown format (expected v: 1); move it away to start afresh`);
  }
  return value as NetworkState;
}
