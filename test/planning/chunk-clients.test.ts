import { describe, expect, it } from 'vitest';
import { chunkClients } from '../../src/planning/chunk-clients.js';

const keys = Array.from({ length: 25 }, (_, i) => `k${i.toString(16).padStart(6, '0')}`);

describe('chunkClients', () => {
  it('splits by count', () => {
    expect(chunkClients(keys, 10, 100_000, 100).map((c) => c.length)).toEqual([10, 10, 5]);
  });

  it('splits by URL length, counting the worst-case encoded comma', () => {
    // each key is 7 characters, each further key costs 10: budget 40 fits 4 keys (7 + 3 * 10 = 37)
    const chunks = chunkClients(keys, 1000, 140, 100);
    expect(chunks.every((c) => c.length === 4 || c === chunks.at(-1))).toBe(true);
    expect(chunks.flat()).toEqual(keys);
  });

  it('counts percent-encoding of MACs', () => {
    const macs = ['00:11:22:33:44:55', '00:11:22:33:44:56'];
    expect(chunkClients(macs, 10, 100 + 27 * 2 + 3, 100)).toEqual([macs]);
    expect(chunkClients(macs, 10, 100 + 27 * 2 + 2, 100)).toEqual([[macs[0]], [macs[1]]]);
  });

  it('rejects impossible inputs clearly', () => {
    expect(() => chunkClients(keys, 0, 1000, 10)).toThrow(/maxCount/);
    expect(() => chunkClients(['x'.repeat(50)], 5, 40, 10)).toThrow(/exceeds the URL length limit/);
    expect(chunkClients([], 5, 1000, 10)).toEqual([]);
  });
});
