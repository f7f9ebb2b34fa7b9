import { rm } from 'node:fs/promises';
import { createCollector } from '../src/collector/collector.js';
import { silentLogger } from '../src/log/logger.js';
import { benchConfig } from './helpers/collector-config.js';
import { CountingSink } from './helpers/counting-sink.js';
import { FixedClock } from './helpers/fixed-clock.js';

/**
 * Child-process entry (`node --expose-gc build/bench/memory-child.js '<json>'`): one backfill of the simulator at
 * `simUrl` with the null (counting) sink and the real file checkpoint store in a temporary folder, sampling RSS
 * every 20 ms. Sends `{ baselineRss, peakRss, maxRssKb, peakHeapUsed, retainedHeapUsed, points, ... }` to its parent over IPC.
 */
interface ChildInput {
  simUrl: string;
  nowMs: number;
}

const SAMPLE_MS = 20;
process.on('disconnect', () => process.exit(1)); // the parent is gone (or gave up): stop
const input = JSON.parse(process.argv[2] ?? '{}') as ChildInput;
const gc = (globalThis as { gc?: () => void }).gc;
const { config, dir } = await benchConfig({
  baseUrl: input.simUrl,
  overrides: { meraki: { ratePerOrgPerSecond: 100_000, ratePerIpPerSecond: 100_000 } },
});
const sink = new CountingSink();
const collector = createCollector({ config, logger: silentLogger, clock: new FixedClock(input.nowMs), sink });
gc?.();
const baselineRss = process.memoryUsage().rss;
let peakRss = baselineRss;
let peakHeapUsed = 0;
const timer = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
}, SAMPLE_MS);
let result: Record<string, unknown> = { ok: false };
try {
  const start = performance.now();
  const summary = await collector.runOnce({ mode: 'backfill' });
  const seconds = (performance.now() - start) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  gc?.();
  const retainedHeapUsed = process.memoryUsage().heapUsed; // what the run left behind, garbage collected
  result = {
    retainedHeapUsed,
    ok: summary.ok,
    networks: summary.networks,
    clients: summary.clients,
    points: summary.points,
    requests: summary.requests,
    seconds,
    baselineRss,
    peakRss,
    maxRssKb: process.resourceUsage().maxRSS,
    peakHeapUsed,
    sinkLines: sink.lines,
  };
} finally {
  clearInterval(timer);
  await collector.close();
  await rm(dir, { recursive: true, force: true });
}
// Exit once the result is sent: the IPC channel and the client's keep-alive sockets would keep us alive.
process.send?.(result, () => process.exit(0));
