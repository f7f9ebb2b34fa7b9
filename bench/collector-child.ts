import { highWaterRssKb } from './helpers/high-water-rss.js';
import { rm } from 'node:fs/promises';
import { createCollector } from '../src/collector/collector.js';
import { silentLogger } from '../src/log/logger.js';
import { createSink } from '../src/sink/create-sink.js';
import type { Sink } from '../src/sink/sink.js';
import { benchConfig } from './helpers/collector-config.js';
import type { CollectorChildInput } from './helpers/collector-child-process.js';
import { CountingSink } from './helpers/counting-sink.js';
import { FixedClock } from './helpers/fixed-clock.js';

/**
 * Child-process entry (`node --expose-gc [flags] build/bench/collector-child.js '<json>'`, see
 * helpers/collector-child-process.ts): one backfill of the simulator at `simUrl` with the real file checkpoint
 * store in a temporary folder, into InfluxDB 1.x when `influxV1` is given, else the null (counting) sink; samples
 * RSS and heap every 100 ms (the kernel keeps the exact RSS peak: VmHWM). Sends `{ baselineRss, peakRss,
 * highWaterRssKb, peakHeapUsed, retainedHeapUsed, points, cpuMs, ... }` to its parent over IPC.
 */

// Sparse: process.memoryUsage() costs ~0.2 ms, and the end-to-end bench counts this process's CPU as the collector's.
const SAMPLE_MS = 100;
process.on('disconnect', () => process.exit(1)); // the parent is gone (or gave up): stop
const input = JSON.parse(process.argv[2] ?? '{}') as CollectorChildInput;
const gc = (globalThis as { gc?: () => void }).gc;
const { config, dir } = await benchConfig({
  baseUrl: input.simUrl,
  influxV1: input.influxV1 ?? null,
  overrides: { meraki: { ratePerOrgPerSecond: 100_000, ratePerIpPerSecond: 100_000 } },
});
const counting = new CountingSink();
const sink: Sink = input.influxV1 ? createSink(config, silentLogger) : counting;
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
  const cpu = process.cpuUsage();
  const summary = await collector.runOnce({ mode: 'backfill' });
  const seconds = (performance.now() - start) / 1000;
  const cpuUsed = process.cpuUsage(cpu);
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
    cpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
    baselineRss,
    peakRss,
    highWaterRssKb: highWaterRssKb(),
    peakHeapUsed,
    sinkLines: counting.lines,
  };
} finally {
  clearInterval(timer);
  await collector.close();
  await rm(dir, { recursive: true, force: true });
}
// Exit once the result is sent: the IPC channel and the client's keep-alive sockets would keep us alive.
process.send?.(result, () => process.exit(0));
