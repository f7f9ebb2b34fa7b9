/** Ground truth of a simulator as the API reported it at any instant (for real-clock simulators, whose "now" moves). */
import { Calendars } from '../../src/simulator/day-buckets.js';
import type { Simulator, TruthFilter } from '../../src/simulator/index.js';
import { createTruth } from '../../src/simulator/truth.js';
import { UsageModel } from '../../src/simulator/usage-model.js';
import type { UsageMap } from './collector-harness.js';

/** Every non-zero client-day of `sim` as its endpoints answered at `atMs` (network|client|seconds -> usage). */
export function usageAt(sim: Simulator, atMs: number, filter: TruthFilter): UsageMap {
  const model = new UsageModel(sim.world, { now: () => atMs }, new Calendars(), () => sim.quirks);
  const map: UsageMap = new Map();
  for (const row of createTruth(model).rows(filter)) {
    map.set(`${row.networkId}|${row.clientId}|${row.dayStartMs / 1000}`, { recv: row.recvKb, sent: row.sentKb });
  }
  return map;
}

/**
 * Differences between what is stored and the truth of a run that fetched between `fromAtMs` and `toAtMs`:
 * buckets closed before `fromAtMs` must be exact; a bucket still open then must lie between its values at the two
 * instants (its usage only grows). At most `limit` difference texts; `wrong` has the key of every difference and
 * `keys` every key compared.
 */
export function diffAgainstMovingTruth(
  stored: UsageMap,
  sim: Simulator,
  window: { fromMs: number; fromAtMs: number; toAtMs: number },
  limit = 10,
): { diffs: string[]; checked: number; keys: string[]; wrong: string[] } {
  const low = usageAt(sim, window.fromAtMs, { fromMs: window.fromMs });
  const high = usageAt(sim, window.toAtMs, { fromMs: window.fromMs });
  const diffs: string[] = [];
  const wrong: string[] = [];
  let key = '';
  const add = (d: string) => {
    wrong.push(key);
    if (diffs.length < limit) diffs.push(d);
  };
  for (const [k, hi] of high) {
    key = k;
    const lo = low.get(k) ?? { recv: 0, sent: 0 };
    const got = stored.get(k);
    const closed = lo.recv === hi.recv && lo.sent === hi.sent;
    if (!got) {
      if (closed || lo.recv > 0 || lo.sent > 0) add(`missing ${k} (want ${lo.recv}/${lo.sent}..${hi.recv}/${hi.sent})`);
    } else if (got.recv < lo.recv || got.recv > hi.recv || got.sent < lo.sent || got.sent > hi.sent) {
      add(`wrong ${k}: got ${got.recv}/${got.sent}, want ${lo.recv}/${lo.sent}..${hi.recv}/${hi.sent}`);
    }
  }
  for (const k of stored.keys()) {
    key = k;
    if (!high.has(k)) add(`unexpected ${k}`);
  }
  return { diffs, checked: high.size, keys: [...high.keys()], wrong };
}
