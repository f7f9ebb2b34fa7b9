import type { RunSummary } from '../collector/collector-api.js';
import type { CliCollector } from './collector-factory.js';
import type { SimClock } from '../simulator/index.js';
import type { DemoTimeline } from './demo-timeline.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface DemoHistoryResult {
  runs: number;
  failedRuns: number;
  points: number;
  requests: number;
  /** The summary of the last run. */
  last: RunSummary | null;
}

/**
 * Runs the collector on its normal path while the simulator's clock moves: one 31-day backfill, then one
 * incremental run per simulated day and one per simulated hour at the end. Prints a progress line every 30
 * simulated days (bounded output on any terminal or log).
 */
export async function runDemoHistory(collector: Pick<CliCollector, 'runOnce'>, clock: SimClock, timeline: DemoTimeline, out: { write(text: string): unknown }, signal?: AbortSignal): Promise<DemoHistoryResult> {
  const result: DemoHistoryResult = { runs: 0, failedRuns: 0, points: 0, requests: 0, last: null };
  const run = async (mode: 'backfill' | 'incremental'): Promise<void> => {
    const summary = await collector.runOnce({ mode, ...(signal ? { signal } : {}) });
    result.runs++;
    if (!summary.ok) result.failedRuns++;
    result.points += summary.points;
    result.requests += summary.requests;
    result.last = summary;
  };
  const progress = (day: number): void => {
    out.write(`  day ${String(day).padStart(3)}/${timeline.days}  ${new Date(clock.now()).toISOString().slice(0, 10)}  ${result.runs} runs, ${result.points} points, ${result.requests} requests\n`);
  };
  await run('backfill');
  const dailyDays = timeline.days - timeline.hourlyDays;
  for (let day = 1; day <= dailyDays; day++) {
    signal?.throwIfAborted();
    clock.advance(DAY_MS);
    await run('incremental');
    if (day % 30 === 0) progress(day);
  }
  for (let hour = 1; hour <= timeline.hourlyDays * 24; hour++) {
    signal?.throwIfAborted();
    clock.advance(HOUR_MS);
    await run('incremental');
  }
  progress(timeline.days);
  return result;
}
