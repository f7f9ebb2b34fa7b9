/** Counts events in a sliding one-second window and remembers the peak (ring buffer, no per-event allocation). */

export const WINDOW_MS = 1000;

export class SlidingWindow {
  private times = new Float64Array(64);
  private head = 0;
  private size = 0;
  peak = 0;

  /** Records an event at `nowMs` (monotonic, milliseconds) and returns the count in the last second. */
  record(nowMs: number): number {
    while (this.size > 0 && (this.times[this.head] as number) <= nowMs - WINDOW_MS) {
      this.head = (this.head + 1) % this.times.length;
      this.size--;
    }
    if (this.size === this.times.length) this.grow();
    this.times[(this.head + this.size) % this.times.length] = nowMs;
    this.size++;
    if (this.size > this.peak) this.peak = this.size;
    return this.size;
  }

  private grow(): void {
    const bigger = new Float64Array(this.times.length * 2);
    for (let i = 0; i < this.size; i++) bigger[i] = this.times[(this.head + i) % this.times.length] as number;
    this.times = bigger;
    this.head = 0;
  }
}
