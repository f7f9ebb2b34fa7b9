import type { Clock } from '../../src/clock.js';

/** A manual clock for pure tests. */
export interface FakeClock extends Clock {
  advance(ms: number): void;
}

export function fakeClock(startMs = 1_700_000_000_000): FakeClock {
  let now = startMs;
  return { now: () => now, advance: (ms) => void (now += ms) };
}
