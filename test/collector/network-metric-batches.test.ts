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
    }, (err) => {
      throw err;
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
    const batches = new NetworkMetricBatches(async () => void writes++, () => {});
    batches.add('a');
    expect(await batches.rest()).toEqual(['a']);
    expect(writes).toBe(0);
  });

  it('a batch the sink refuses is reported once and dropped; the later batches and the rest still go', async () => {
    const errors: unknown[] = [];
    const written: string[][] = [];
    let calls = 0;
    const batches = new NetworkMetricBatches(async (lines) => {
      if (calls++ === 0) throw new Error('sink down');
      written.push(lines);
    }, (err) => void errors.push(err));
    for (let i = 0; i < NETWORK_LINES_PER_WRITE * 2 + 1; i++) batches.add(`l${i}`);
    expect(await batches.rest()).toEqual([`l${NETWORK_LINES_PER_WRITE * 2}`]);
    expect(errors.map((e) => (e as Error).message)).toEqual(['sink down']);
    expect(written).toHaveLength(1);
    expect(written[0]![0]).toBe(`l${NETWORK_LINES_PER_WRITE}`);
  });
});
