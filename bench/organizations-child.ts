import { highWaterRssKb } from './helpers/high-water-rss.js';
import { rm } from 'node:fs/promises';
import { createCollector } from '../src/collector/collector.js';
import { silentLogger } from '../src/log/logger.js';
import { benchConfig } from './helpers/collector-config.js';
import { CountingSink } from './helpers/counting-sink.js';
import { FixedClock } from './helpers/fixed-clock.js';

/**
 * Child-process entry of the `organizations` bench's hourly scenario (`bench/organizations-hourly.ts`): a first
 * run (every network's lookback, to have checkpoints), then it tells its parent, which moves the simulator's
 * clock one hour on and answers `go`; then the measured hourly incremental run. Rates are unlimited here (the
 * parent computes what the per-IP limit makes of the request count). Sends the second run's figures over IPC.
 */
const SAMPLE_MS = 100;
process.on('disconnect', () => process.exit(1));
const input = JSON.parse(process.argv[2] ?? '{}') as { simUrl: string; nowMs: number };
const { config, dir } = await benchConfig({
  baseUrl: input.simUrl,
  overrides: { meraki: { ratePerOrgPerSecond: 100_000, ratePerIpPerSecond: 100_000 } },
});
const clock = new FixedClock(input.nowMs);
const collector = createCollector({ config, logger: silentLogger, clock, sink: new CountingSink() });
let result: Record<string, unknown> = { ok: false };
let timer: NodeJS.Timeout | undefined;
try {
  const first = await collector.runOnce();
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.send?.({ firstRunDone: true, ok: first.ok });
  });
  clock.advance(3_600_000);
  (globalThis as { gc?: () => void }).gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  let peakHeapUsed = 0;
  timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
  }, SAMPLE_MS);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const summary = await collector.runOnce();
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  result = {
    ok: summary.ok && first.ok,
    organizations: summary.organizations,
    networks: summary.networks,
    requests: summary.requests,
    seconds,
    cpuMs: (used.user + used.system) / 1000,
    baselineRss,
    peakRss,
    peakHeapUsed,
    highWaterRssKb: highWaterRssKb(),
  };
} finally {
  clearInterval(timer);
  await collector.close();
  await rm(dir, { recursive: true, force: true });
}
process.send?.(result, () => process.exit(0));
