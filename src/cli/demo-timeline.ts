/** The demo's `--days` and its timeline (no simulator code: the help text reads these). */

/** The demo's simulated timeline: a backfill, then daily runs, then hourly runs for the last `hourlyDays`. */
export interface DemoTimeline {
  /** Days of daily (then hourly) runs after the first backfill. */
  days: number;
  hourlyDays: number;
}

export const DEMO_DAYS_DEFAULT = 182;
export const DEMO_DAYS_MIN = 3;
export const DEMO_DAYS_MAX = 730;
export const DEMO_TIMELINE: DemoTimeline = { days: DEMO_DAYS_DEFAULT, hourlyDays: 2 };

/** The timeline of `--days` (undefined: the default); null when the value is not an integer in range. */
export function demoTimeline(days: string | undefined): DemoTimeline | null {
  if (days === undefined) return DEMO_TIMELINE;
  const n = Number(days);
  return Number.isInteger(n) && n >= DEMO_DAYS_MIN && n <= DEMO_DAYS_MAX ? { days: n, hourlyDays: 2 } : null;
}
