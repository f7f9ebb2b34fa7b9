import type { Clock } from '../../src/clock.js';

/** The collector's clock when the simulator runs in another process with a manual clock set to the same time. */
export class FixedClock implements Clock {
  constructor(private nowMs: number) {}

  now(): number {
    return this.nowMs;
  }

  advance(ms: number): void {
    this.nowMs += ms;
  }
}
