import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileCheckpointStore } from '../../src/state/file-checkpoint-store.js';
import { emptyState, unitKey } from '../../src/planning/network-state.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileCheckpointStore', () => {
  it('round-trips records, lists them, and leaves no temporary files', async () => {
    const store = new FileCheckpointStore(join(dir, 'state'));
    expect(await store.get('N_1')).toBeNull();
    const a = { ...emptyState('o1', 'N_1', 'HQ'), checkpointMs: 123 };
    const b = emptyState('o1', 'N_1', 'HQ', 3);
    await store.put(unitKey('N_1'), a);
    await store.put(unitKey('N_1', 3), b);
    expect(await store.get('N_1')).toEqual(a);
    const listed = [];
    for await (const s of store.list()) listed.push(s);
    expect(listed).toHaveLength(2);
    expect((await readdir(join(dir, 'state'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('sweeps temporary files left by a killed process', async () => {
    await writeFile(join(dir, 'N_1.json.999999.1.tmp'), '{"v":1,"half');
    const store = new FileCheckpointStore(dir);
    await store.put('N_1', emptyState('o1', 'N_1', 'HQ'));
    expect(await readdir(dir)).toEqual(['N_1.json']);
  });

  it('names the file and the fix when a record is broken', async () => {
    const store = new FileCheckpointStore(dir);
    await writeFile(join(dir, 'N_2.json'), '{"v":1,');
    await expect(store.get('N_2')).rejects.toThrow(/N_2\.json is not valid JSON; move it away/);
    await writeFile(join(dir, 'N_3.json'), '{"v":9}');
    await expect(store.get('N_3')).rejects.toThrow(/unknown format/);
  });
});
