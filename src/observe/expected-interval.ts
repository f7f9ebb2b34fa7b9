import { createTask } from 'node-cron';

/** Fire times looked at to find the longest gap of a schedule (covers weekday-only and monthly schedules). */
export const DEFAULT_FIRES_EXAMINED = 16;
/** The expected interval is this many times the longest gap between consecutive fire times. */
export const DEFAULT_INTERVAL_FACTOR = 2;

/**
 * How long a healthy daemon may go without a successful run, ms: `factor` x the longest gap between the next
 * `fires` fire times of the cron expression (in its time zone). Throws on an invalid expression.
 */
export function expectedIntervalMs(cron: string, timezone: string, factor = DEFAULT_INTERVAL_FACTOR, fires = DEFAULT_FIRES_EXAMINED): number {
  const task = createTask(cron, () => undefined, { timezone });
  try {
    const times = task.getNextRuns(fires).map((d) => d.getTime());
    let longest = 0;
    for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
    if (longest <= 0) throw new Error(`cron expression ${JSON.stringify(cron)} has no repeating fire times`);
    return factor * longest;
  } finally {
    void task.destroy();
  }
}
