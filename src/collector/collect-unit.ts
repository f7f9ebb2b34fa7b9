import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { OrgApi } from '../meraki/index.js';
import { chunkClients } from '../planning/chunk-clients.js';
import type { CheckpointStore } from '../planning/checkpoint-store.js';
import type { NetworkState } from '../planning/network-state.js';
import { pinTagsInto, prunePins } from '../planning/tag-pins.js';
import { DAY_MS, nextCheckpoint, type Window } from '../planning/windows.js';
import type { Sink } from '../sink/sink.js';
import { encodePage } from '../transform/encode-scanned-page.js';
import type { TagPinner } from '../transform/encode-usage-page.js';
import { lineCount } from '../transform/line-block.js';
import { scanUsagePage } from '../transform/scan-usage-page.js';
import { AdaptiveChunks } from './adaptive-chunks.js';

/** One collection unit: a network, or a network x SSID when SSID splitting is on. */
export interface UnitJob {
  key: string;
  orgId: string;
  networkId: string;
  state: NetworkState;
  window: Window;
  ids: string[];
  ssidOf: (clientId: string) => string | undefined;
  ssidNumber?: number;
}

export interface UnitDeps {
  api: OrgApi;
  sink: Sink;
  store: CheckpointStore;
  config: Config;
  logger: Logger;
  signal?: AbortSignal;
  /** Counts usage pages that took the JSON.parse path (the byte scanner did not recognise them). */
  fallbackPages?: { count: number };
}

/** Counts of one unit's run; filled page by page, so a unit that fails midway still reports what was stored. */
export interface UnitProgress {
  points: number;
  rejected: number;
}

/** Longest URL without the client list: base URL, path, and the other parameters (generous). */
const URL_OVERHEAD = 220;

/**
 * Fetches the unit's window chunk by chunk and page by page, writes each page's points (tags pinned, pins saved
 * before the write), and only when every page is stored moves the checkpoint to the newest stored bucket (never
 * past a bucket that had a rejected record). Throws on failure with the checkpoint where it was.
 */
export async function collectUnit(job: UnitJob, deps: UnitDeps, progress: UnitProgress): Promise<void> {
  const { state, window } = job;
  const c = deps.config.collection;
  const base = deps.config.meraki.baseUrl.length + job.networkId.length + URL_OVERHEAD;
  const chunkSize = Math.min(c.clientsPerRequest, c.usagePerPage);
  const chunks = new AdaptiveChunks(chunkClients(job.ids, chunkSize, c.maxUrlLength, base), state, window.t1Ms, deps.logger, { network: job.networkId });
  const result = { progress, newestMs: null as number | null, holdAtMs: null as number | null, holdAll: false };

  for (let chunk = chunks.next(); chunk; chunk = chunks.next()) {
    try {
      await fetchChunk(job, deps, chunk, result);
    } catch (err) {
      if (!chunks.splitAfter(err, chunk)) throw err;
    }
  }

  let checkpoint: number | null = nextCheckpoint(state.checkpointMs, result.newestMs, window.t1Ms);
  if (result.holdAll) checkpoint = state.checkpointMs;
  else if (result.holdAtMs !== null) checkpoint = Math.max(state.checkpointMs ?? -Infinity, Math.min(checkpoint, result.holdAtMs));
  state.checkpointMs = checkpoint;
  prunePins(state.pins, window.t1Ms - deps.config.collection.lookbackSeconds * 1000 - DAY_MS);
}

async function fetchChunk(
  job: UnitJob,
  deps: UnitDeps,
  chunk: string[],
  acc: { progress: UnitProgress; newestMs: number | null; holdAtMs: number | null; holdAll: boolean },
): Promise<void> {
  const query = {
    clients: chunk,
    t0: new Date(job.window.t0Ms).toISOString(),
    t1: new Date(job.window.t1Ms).toISOString(),
    perPage: deps.config.collection.usagePerPage,
    ...(job.ssidNumber === undefined ? {} : { ssidNumber: job.ssidNumber }),
  };
  const ctx = {
    org: job.orgId,
    network: job.networkId,
    ssidOf: job.ssidOf,
    ...(job.ssidNumber === undefined ? {} : { ssidNumber: job.ssidNumber }),
  };
  const pins = job.state.pins;
  const pin: TagPinner = (client, dayMs, tags) => pinTagsInto(pins, client, dayMs, tags);
  // Pages are read from the response bytes when they have the usual shape (`scanUsagePage`), else parsed as JSON.
  for await (const page of deps.api.usageHistoryPages(job.networkId, query, scanUsagePage, deps.signal)) {
    // Lines straight from the records (tags pinned on the way): no point objects.
    const { lines, rejects, newestMs, pinsChanged } = encodePage(page, ctx, pin);
    // Parsed records are garbage from here, but the pager's suspended frame still references the page while we
    // wait for the checkpoint store and the sink: emptying it frees them (the page is ours, nothing reads it again).
    if (Array.isArray(page)) {
      page.length = 0;
      if (deps.fallbackPages) deps.fallbackPages.count++;
      deps.logger.debug('usage page parsed with JSON.parse (unusual shape)', { network: job.networkId });
    }
    for (const r of rejects) {
      deps.logger.warn('skipped a bad usage record', { network: job.networkId, client: r.clientId, ts: r.ts, reason: r.reason });
      const tsMs = r.ts === undefined ? NaN : Math.floor(Date.parse(r.ts) / 1000) * 1000;
      if (Number.isFinite(tsMs)) acc.holdAtMs = Math.min(acc.holdAtMs ?? tsMs, tsMs);
      else acc.holdAll = true;
    }
    acc.progress.rejected += rejects.length;
    const count = lineCount(lines);
    if (count === 0) continue;
    if (newestMs !== null && (acc.newestMs === null || newestMs > acc.newestMs)) acc.newestMs = newestMs;
    // Pins first: after a crash between the two, a re-fetch still writes the same series.
    if (pinsChanged) await deps.store.put(job.key, job.state);
    await deps.sink.write(lines, deps.signal);
    acc.progress.points += count;
    job.state.pointsWritten += count;
  }
}
