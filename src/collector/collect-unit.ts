import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { OrgApi } from '../meraki/index.js';
import { usageChunks } from '../planning/chunk-clients.js';
import type { CheckpointStore } from '../state/checkpoint-store.js';
import type { NetworkState } from '../planning/network-state.js';
import { decideRejectHold } from '../planning/reject-hold.js';
import { needsStoredTags, pinnedAfter, pinsFromStored, storedTagsRange } from '../planning/stored-pins.js';
import { pinTagsInto, prunePins } from '../planning/tag-pins.js';
import { DAY_MS, nextCheckpoint, type Window } from '../planning/windows.js';
import type { Sink } from '../sink/sink.js';
import { StoredUsageUnsupportedError } from '../sink/stored-usage.js';
import { encodePage } from '../transform/encode-scanned-page.js';
import type { TagPinner } from '../transform/encode-usage-page.js';
import { lineCount } from '../transform/line-block.js';
import { SSID_USAGE_MEASUREMENT, USAGE_MEASUREMENT } from '../transform/usage-point.js';
import { AdaptiveChunks } from './adaptive-chunks.js';
import { readUsagePage } from './read-usage-page.js';

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

/** What a unit's run gathers: counts, the newest bucket stored, the rejected records (key -> bucket, null: no time). */
interface Acc {
  progress: UnitProgress;
  newestMs: number | null;
  rejectKeys: Map<string, number | null>;
}

/**
 * Fetches the unit's window chunk by chunk and page by page, writes each page's points (tags pinned, pins saved
 * before the write), and only when every page is stored moves the checkpoint to the newest stored bucket (never
 * past a bucket that had a rejected record, for up to `rejectHoldRuns` consecutive runs). Throws on failure with the
 * checkpoint where it was. When the state knows nothing of (part of) the window, the tag sets already stored
 * there are read from the sink first (one query), so every stored (client, day) is overwritten, never duplicated.
 */
export async function collectUnit(job: UnitJob, deps: UnitDeps, progress: UnitProgress): Promise<void> {
  const { state, window } = job;
  const chunks = new AdaptiveChunks(usageChunks(job.ids, job.networkId, deps.config), state, window.t1Ms, deps.logger, { network: job.networkId });
  const result: Acc = { progress, newestMs: null, rejectKeys: new Map() };
  const readBack = await readStoredTags(job, deps);

  for (let chunk = chunks.next(); chunk; chunk = chunks.next()) {
    try {
      await fetchChunk(job, deps, chunk, result);
    } catch (err) {
      if (!chunks.splitAfter(err, chunk)) throw err;
    }
  }

  let checkpoint: number | null = nextCheckpoint(state.checkpointMs, result.newestMs, window.t1Ms);
  const hold = holdDecision(job, deps, result);
  if (hold === 'all') checkpoint = state.checkpointMs;
  else if (hold !== null) checkpoint = Math.max(state.checkpointMs ?? -Infinity, Math.min(checkpoint, hold));
  state.checkpointMs = checkpoint;
  state.pinned = pinnedAfter(state.pinned, readBack, window);
  state.fetchedToMs = window.t1Ms;
  prunePins(state.pins, window.t1Ms - deps.config.collection.lookbackSeconds * 1000 - DAY_MS);
}

/** Replaces the pins with the tag sets stored for the window when the state does not know them; true if it did. */
async function readStoredTags(job: UnitJob, deps: UnitDeps): Promise<boolean> {
  if (!deps.sink.storedSeries || !needsStoredTags(job.state.pinned, job.window)) return false;
  const query = {
    measurement: job.ssidNumber === undefined ? USAGE_MEASUREMENT : SSID_USAGE_MEASUREMENT,
    org: job.orgId,
    network: job.networkId,
    ...(job.ssidNumber === undefined ? {} : { ssidNumber: job.ssidNumber }),
    ...storedTagsRange(job.window),
  };
  let series;
  try {
    series = await deps.sink.storedSeries(query, deps.signal);
  } catch (err) {
    if (!(err instanceof StoredUsageUnsupportedError)) throw err;
    deps.logger.warn('the sink cannot read back stored tag sets: tags come from the local state only', { unit: job.key, err });
    return false;
  }
  job.state.pins = pinsFromStored(series);
  deps.logger.debug('tag sets read from the sink', { unit: job.key, series: series.length, clients: Object.keys(job.state.pins).length });
  return true;
}

/** Applies `decideRejectHold` to the state; logs (once) and counts the records given up. */
function holdDecision(job: UnitJob, deps: UnitDeps, acc: Acc): number | 'all' | null {
  const limit = deps.config.collection.rejectHoldRuns;
  const { hold, runs, givenUp } = decideRejectHold(job.state.rejectHold, acc.rejectKeys, limit);
  if (runs) job.state.rejectHold = runs;
  else delete job.state.rejectHold;
  if (givenUp.length > 0) {
    job.state.rejectsGivenUp = (job.state.rejectsGivenUp ?? 0) + givenUp.length;
    deps.logger.warn('gave up on rejected records: the checkpoint no longer waits for them', {
      network: job.networkId,
      unit: job.key,
      records: givenUp.length,
      runs: limit,
      examples: givenUp.slice(0, 5),
    });
  }
  return hold;
}

async function fetchChunk(
  job: UnitJob,
  deps: UnitDeps,
  chunk: string[],
  acc: Acc,
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
  for await (const bytes of deps.api.usageHistoryPages(job.networkId, query, deps.signal)) {
    const page = await readUsagePage(bytes);
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
      const known = Number.isFinite(tsMs);
      acc.rejectKeys.set(`${r.clientId ?? '?'}@${known ? tsMs : '?'}`, known ? tsMs : null);
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
