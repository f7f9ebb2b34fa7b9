import { describe, expect, it } from 'vitest';
import { NETWORK_LINES_PER_WRITE, NetworkMetricBatches } from '../../src/collector/self-metrics.js';

describe('NetworkMetricBatches (collector_networks lines of a run)', () => {
  it('writes every full batch while the run goes on and hands back the rest, each line once and in order', async () => {
    const writes: string[][] = [];
    let pending = 0;
    const batches = new NetworkMetricBatches(async (lines) => {
      pending++;
      await new Promise((r) => setImmediate(r));
      writes.push(lines);
      pending--;
    });
    const total = NETWORK_LINES_PER_WRITE * 2 + 7;
    for (let i = 0; i < total; i++) batches.add(`line${i}`);
    const rest = await batches.rest();
    // rest() waited for the writes it started: none is still going on.
    expect(pending).toBe(0);
    expect(writes.map((w) => w.length)).toEqual([NETWORK_LINES_PER_WRITE, NETWORK_LINES_PER_WRITE]);
    expect([...writes.flat(), ...rest]).toEqual(Array.from({ length: total }, (_, i) => `line${i}`));
  });

  it('writes nothing on its own below one batch', async () => {
    let writes = 0;
    const batches = new NetworkMetricBatches(async () => void writes++);
    batches.add('a');
    expect(await batches.rest()).toEqual(['a']);
    expect(writes).toBe(0);
  });
});
