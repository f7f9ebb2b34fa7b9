/**
 * Soak: a year of simulated days with one run per day, then two days of hourly runs, in process (the clock is
 * advanced, never waited). At the end InfluxDB equals the truth for every day collected, no run had a gap, and
 * the heap after GC is about what it was after the first month.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { startSimulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { DAY_MS, harnessConfig, usageFromTruth } from '../helpers/collector-harness.js';
import { figuresRecorder } from '../helpers/reliability-figures.js';
import { createDatabase, FAST_YAML, heapUsedAfterGc, influxQuery, lookbackStart, storedUsage } from './support.js';

const NOW = Date.UTC(2025, 0, 1, 2, 15, 0);
const HOUR_MS = 3_600_000;
const DAYS = 365;
const HOURS = 48;
const influxUrl = inject('influxUrl');
const rec = figuresRecorder('soak', influxUrl);
afterAll(() => rec.report());

describe(`soak: ${DAYS} daily runs and ${HOURS} hourly runs`, () => {
  it('InfluxDB equals the truth for every day collected; memory stays flat', async () => {
    // Fault-free: a soak finds drift and leaks over many runs; it injects nothing, so it is no fault trial.
    const figures = rec.scenario(`${DAYS} daily and ${HOURS} hourly runs`);
    const sim = await startSimulator({ seed: 71, networksPerOrg: 2, clientsPerNetwork: 20, now: NOW, rate: false });
    const db = await createDatabase(influxUrl, 'soak');
    const config = await harnessConfig({ sim, influx: { v1: { url: influxUrl, database: db } }, yaml: FAST_YAML });
    const logger = captureLogger();
    const collector = createCollector({ config, logger, clock: sim.clock });
    const heap: { afterMonth: number; end: number } = { afterMonth: 0, end: 0 };
    let runs = 0;
    let failed = 0;
    let gaps = 0;
    const run = async (stepMs: number): Promise<void> => {
      sim.clock.advance(stepMs);
      const summary = await collector.runOnce();
      logger.lines.length = 0; // the capture logger keeps lines; the soak measures the collector, not it
      runs++;
      if (!summary.ok) failed++;
      gaps += summary.gaps;
    };
    try {
      await run(0);
      for (let day = 1; day <= DAYS; day++) {
        await run(DAY_MS);
        if (day === 30) heap.afterMonth = heapUsedAfterGc();
      }
      for (let hour = 0; hour < HOURS; hour++) await run(HOUR_MS);
      heap.end = heapUsedAfterGc();
    } finally {
      await collector.close();
      await sim.stop();
    }
    expect({ failed, gaps }).toEqual({ failed: 0, gaps: 0 });
    const expected = usageFromTruth(sim, { fromMs: lookbackStart(NOW) });
    const diffs = figures.compare(await storedUsage(influxUrl, db), expected);
    const ratio = heap.end / heap.afterMonth;
    rec.detail('runs', runs);
    rec.detail('simulatedDays', DAYS + HOURS / 24);
    rec.detail('heapAfterMonthMb', Math.round(heap.afterMonth / 2 ** 20));
    rec.detail('heapEndMb', Math.round(heap.end / 2 ** 20));
    rec.detail('heapRatio', Math.round(ratio * 100) / 100);
    if (ratio >= 1.5) figures.leak();
    expect(diffs.slice(0, 10), `${diffs.length} client-days differ from the truth`).toEqual([]);
    // Every day of the year is there (the truth has usage on each one).
    const days = await influxQuery(influxUrl, 'SELECT count(recv) FROM client_usage WHERE time >= 0 GROUP BY time(1d) fill(none)', db);
    expect(days[0]?.values.length).toBeGreaterThanOrEqual(DAYS + 31);
    expect(ratio).toBeLessThan(1.5);
    figures.done();
    await influxQuery(influxUrl, `DROP DATABASE "${db}"`);
  }, 600_000);
});
