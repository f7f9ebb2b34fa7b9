import { Point } from '@influxdata/influxdb-client';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { SEMI_SPACE_MB as COLLECTOR_SEMI_SPACE_MB } from '../src/cli/runtime-flags.js';
import { pinTagsInto } from '../src/planning/tag-pins.js';
import type { ClientPins } from '../src/planning/network-state.js';
import { encodePage } from '../src/transform/encode-scanned-page.js';
import { encodeUsagePage } from '../src/transform/encode-usage-page.js';
import { scanUsagePage } from '../src/transform/scan-usage-page.js';

/**
 * Pipeline throughput on one core: Meraki API JSON (usageHistories pages of 1000 clients x 31 days, as the bytes
 * the HTTP client receives) -> points -> line protocol, in points/s, next to the same pages through
 * @influxdata/influxdb-client's `Point` API in the same run. Goal (issue 8): at least 1,000,000 points/s, and 5x
 * the `Point` path. Asserts nothing.
 */

export interface PipelineBenchOptions {
  /** Pages of API JSON generated in memory. Default 4. */
  pages: number;
  /** Clients per page. Default 1000 (the API's largest perPage). */
  clientsPerPage: number;
  /** Daily buckets per client. Default 31. */
  days: number;
  /** Timed rounds over all pages per path; the median round is reported. Default 7. */
  rounds: number;
}

export const DEFAULT_PIPELINE_BENCH_OPTIONS: Readonly<PipelineBenchOptions> = Object.freeze({ pages: 4, clientsPerPage: 1000, days: 31, rounds: 7 });

const DAY0_MS = Date.UTC(2026, 9, 27);

/** One page as the API sends it; with `jitter`, every `ts` carries its own sub-second digits. */
function pageJson(page: number, clients: number, days: number, jitter: boolean): Buffer {
  const items = [];
  for (let c = 0; c < clients; c++) {
    const id = page * clients + c;
    const usageHistory = [];
    for (let d = 0; d < days; d++) {
      const micros = jitter ? String((id * 7919 + d * 104729) % 1_000_000).padStart(6, '0') : '000000';
      usageHistory.push({
        ts: `${new Date(DAY0_MS + d * 86_400_000).toISOString().slice(0, 19)}.${micros}Z`,
        recv: Math.round(((id * 131 + d * 17) % 900_000) * 1.3719 * 1000) / 1000,
        sent: Math.round(((id * 71 + d * 29) % 300_000) * 0.7127 * 1000) / 1000,
      });
    }
    items.push({
      clientId: `k${(0x1000000 + id).toString(16)}`,
      clientIp: `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}`,
      clientMac: `02:00:${[24, 16, 8, 0].map((s) => ((id >> s) & 255).toString(16).padStart(2, '0')).join(':')}`,
      usageHistory,
    });
  }
  return Buffer.from(JSON.stringify(items));
}

const CONTEXT = { org: 'o_123', network: 'N_456', ssidOf: () => 'Corp WiFi' };

/**
 * The collector's path: the page read from its bytes (`scanUsagePage`; a page of another shape would be parsed
 * with `JSON.parse` instead), encoded into one buffer of lines. Returns the bytes of line protocol produced (so
 * nothing is optimised away).
 */
function ours(pages: readonly Buffer[]): number {
  let bytes = 0;
  for (const body of pages) bytes += encodePage(scanUsagePage(body) ?? parse(body), CONTEXT).lines.bytes.length;
  return bytes;
}

/** The same with tag pinning on, as the collector runs it (first run: every client and day is new). */
function oursPinned(pages: readonly Buffer[]): number {
  let bytes = 0;
  for (const body of pages) {
    const pins: Record<string, ClientPins> = {};
    const page = scanUsagePage(body) ?? parse(body);
    bytes += encodePage(page, CONTEXT, (client, dayMs, tags) => pinTagsInto(pins, client, dayMs, tags)).lines.bytes.length;
  }
  return bytes;
}

/** The path for pages of another shape (and the collector's path before the byte reader): `JSON.parse`, then lines as strings. */
function parsedPath(pages: readonly Buffer[]): number {
  let bytes = 0;
  for (const body of pages) {
    for (const line of encodeUsagePage(parse(body), CONTEXT).lines) bytes += line.length + 1;
  }
  return bytes;
}

/** What an HTTP client that decodes the body as text, then `JSON.parse`, gives. */
function parse(body: Buffer): unknown[] {
  return JSON.parse(body.toString('utf8')) as unknown[];
}

interface RawRecord {
  clientId: string;
  clientIp: string | null;
  clientMac: string;
  usageHistory: { ts: string; recv?: number; received?: number; sent: number }[];
}

/** The usual script: JSON.parse, then one `Point` per bucket, `toLineProtocol()` at precision seconds. */
function pointApi(pages: readonly Buffer[]): number {
  const settings = { convertTime: (t: string | number | Date | undefined) => (t === undefined ? undefined : String(t)) };
  let bytes = 0;
  for (const body of pages) {
    for (const r of parse(body) as RawRecord[]) {
      for (const b of r.usageHistory) {
        const line = new Point('client_usage')
          .tag('org', 'o_123')
          .tag('network', 'N_456')
          .tag('client', r.clientId)
          .tag('mac', r.clientMac)
          .tag('ip', r.clientIp ?? '')
          .tag('ssid', 'Corp WiFi')
          .floatField('recv', b.recv ?? b.received ?? 0)
          .floatField('sent', b.sent)
          .timestamp(Math.floor(Date.parse(b.ts) / 1000))
          .toLineProtocol(settings);
        bytes += line?.length ?? 0;
      }
    }
  }
  return bytes;
}

function parseOnly(pages: readonly Buffer[]): number {
  let n = 0;
  for (const body of pages) n += parse(body).length;
  return n;
}

/** Untimed rounds before the timed ones: V8 compiles hot code on other threads, whose CPU time counts here. */
const WARM_UP_ROUNDS = 5;

/**
 * Median points per CPU-second over `rounds` timed rounds, after the warm-up rounds. CPU time (user + system of this
 * process) rather than wall time, so that other work on a shared machine does not count against us. The heap is
 * collected once before the warm-up (with --expose-gc), so that no path pays for another's garbage; not before
 * every round: a forced full GC frees every page's buffers at once, glibc hands the memory back to the kernel, and
 * the next round's buffers fault it in again (~17 ms of system time per round), which the collector never does.
 */
function measure(run: (pages: readonly Buffer[]) => number, pages: readonly Buffer[], points: number, rounds: number): { pointsPerSecond: number; best: number; bytes: number } {
  (globalThis as { gc?: () => void }).gc?.();
  let bytes = 0;
  for (let i = 0; i < WARM_UP_ROUNDS; i++) bytes = run(pages);
  const rates: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.cpuUsage();
    bytes = run(pages);
    const used = process.cpuUsage(start);
    rates.push(points / ((used.user + used.system) / 1e6));
  }
  rates.sort((a, b) => a - b);
  return { pointsPerSecond: Math.round(rates[Math.floor(rates.length / 2)]!), best: Math.round(rates.at(-1)!), bytes };
}

/** Both `ts` variants, on the current heap settings. */
function measureAll(o: PipelineBenchOptions): Record<string, unknown> {
  const points = o.pages * o.clientsPerPage * o.days;
  const result: Record<string, unknown> = {};
  for (const jitter of [false, true]) {
    const pages = Array.from({ length: o.pages }, (_, p) => pageJson(p, o.clientsPerPage, o.days, jitter));
    const mine = measure(ours, pages, points, o.rounds);
    const theirs = measure(pointApi, pages, points, o.rounds);
    const parsed = measure(parseOnly, pages, points, o.rounds);
    result[jitter ? 'tsJitter' : 'sameTs'] = {
      pointsPerSecond: mine.pointsPerSecond,
      pointApiPointsPerSecond: theirs.pointsPerSecond,
      ratioToPointApi: Math.round((mine.pointsPerSecond / theirs.pointsPerSecond) * 100) / 100,
      // The least disturbed round of each (the machine is shared); the figures above are medians.
      bestRound: { pointsPerSecond: mine.best, pointApiPointsPerSecond: theirs.best },
      withTagPinsPointsPerSecond: measure(oursPinned, pages, points, o.rounds).pointsPerSecond,
      parsedPathPointsPerSecond: measure(parsedPath, pages, points, o.rounds).pointsPerSecond,
      jsonParseOnlyPointsPerSecond: parsed.pointsPerSecond,
      pagesReadFromBytes: pages.filter((page) => scanUsagePage(page) !== null).length,
      jsonBytesPerPage: Math.round(pages.reduce((a, p) => a + p.length, 0) / pages.length),
      lineProtocolBytesPerRound: mine.bytes,
      pointApiLineProtocolBytesPerRound: theirs.bytes,
    };
  }
  return result;
}

/**
 * The same measurements in a worker whose young generation holds two semi-spaces of `semiSpaceMb` and a large-object
 * space of the same size (how V8 sizes it from --max-semi-space-size).
 */
async function measureInWorker(o: PipelineBenchOptions, semiSpaceMb: number): Promise<Record<string, unknown>> {
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { bench: 'pipeline-throughput', options: o },
    resourceLimits: { maxYoungGenerationSizeMb: 3 * semiSpaceMb },
  });
  try {
    return await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

export async function benchPipelineThroughput(options: Partial<PipelineBenchOptions> = {}): Promise<Record<string, unknown>> {
  const o = { ...DEFAULT_PIPELINE_BENCH_OPTIONS, ...options };
  return {
    name: 'pipeline-throughput',
    description: 'API JSON -> points -> line protocol on one core (points per CPU-second); same pages through influxdb-client Point API',
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, loadAverage1m: loadavg()[0] },
    pages: o.pages,
    clientsPerPage: o.clientsPerPage,
    days: o.days,
    pointsPerRound: o.pages * o.clientsPerPage * o.days,
    goal: { pointsPerSecond: 1_000_000, ratioToPointApi: 5 },
    // The goal's figures: the young generation the collector runs with (its launchers' --max-semi-space-size, see
    // NODE_RUNTIME_FLAGS), in a worker; then the same on node's default heap (16 MB semi-spaces), in this thread.
    collectorHeap: { semiSpaceMb: COLLECTOR_SEMI_SPACE_MB, ...(await measureInWorker(o, COLLECTOR_SEMI_SPACE_MB)) },
    defaultHeap: measureAll(o),
  };
}

if (!isMainThread && (workerData as { bench?: string } | null)?.bench === 'pipeline-throughput') {
  parentPort?.postMessage(measureAll((workerData as { options: PipelineBenchOptions }).options));
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchPipelineThroughput(), null, 2));
}
