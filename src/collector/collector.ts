import pLimit from 'p-limit';
import { systemClock } from '../clock.js';
import { resolveNetworks, resolveOrganizations } from '../discovery/resolve-networks.js';
import { MerakiClient, type MerakiStats } from '../meraki/index.js';
import type { CheckpointStore } from '../planning/checkpoint-store.js';
import { createCheckpointStore } from '../planning/create-checkpoint-store.js';
import { createSink } from '../sink/create-sink.js';
import { checkCollector, type CheckReport } from './check.js';
import { collectNetwork } from './collect-network.js';
import type { CollectorDeps, NetworkStatus, RunOptions, RunSummary } from './collector-api.js';
import { networkMetricLine, selfMetricLines } from './self-metrics.js';

export interface Collector {
  runOnce(options?: RunOptions): Promise<RunSummary>;
  status(): Promise<NetworkStatus[]>;
  check(signal?: AbortSignal): Promise<CheckReport>;
  close(): Promise<void>;
}

/** Builds the collector from its config; no network calls until a method is called. */
export function createCollector(deps: CollectorDeps): Collector {
  const { config, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const sink = deps.sink ?? createSink(config, logger);
  const store: CheckpointStore = deps.store ?? createCheckpointStore(config, logger, clock);
  // Built on first use, so `status` (which reads checkpoints only) needs no API key.
  let client = deps.meraki;
  const merakiClient = (): MerakiClient =>
    (client ??= new MerakiClient({ ...config.meraki, logger, ...(deps.onMerakiEvent ? { onEvent: deps.onMerakiEvent } : {}) }));

  const runOnce = async (options: RunOptions = {}): Promise<RunSummary> => {
    const meraki = merakiClient();
    const startedAtMs = clock.now();
    const before = meraki.stats();
    const summary: RunSummary = {
      ok: true, startedAtMs, durationMs: 0, organizations: 0, networks: 0, networksFailed: 0,
      clients: 0, requests: 0, rateLimited: 0, retries: 0, points: 0, rejectedRecords: 0, gaps: 0,
    };
    const limit = pLimit(config.collection.networkConcurrency);
    const mode = options.mode ?? 'incremental';
    const networkLines: string[] = [];
    try {
      const orgs = await resolveOrganizations(meraki, config.targets, config.collection.shard, options.signal);
      summary.organizations = orgs.length;
      const tasks: Promise<void>[] = [];
      for (const org of orgs) {
        const target = await resolveNetworks(meraki, org, config.targets, options.signal);
        const api = meraki.org(org.orgId);
        for (const network of target.networks) {
          tasks.push(
            limit(async () => {
              if (options.signal?.aborted) return;
              const r = await collectNetwork(org.orgId, network, {
                api, sink, store, config, logger, clock, mode,
                ...(options.signal ? { signal: options.signal } : {}),
                ...(options.sinceMs === undefined ? {} : { sinceMs: options.sinceMs }),
              });
              summary.networks++;
              if (!r.ok) summary.networksFailed++;
              summary.clients += r.clients;
              summary.points += r.points;
              summary.rejectedRecords += r.rejected;
              summary.gaps += r.gaps;
              networkLines.push(networkMetricLine(org.orgId, network.id, r, startedAtMs));
              options.onNetworkDone?.(summary);
            }),
          );
        }
      }
      options.onPlanned?.(tasks.length);
      await Promise.all(tasks);
    } catch (err) {
      summary.ok = false;
      logger.error('run failed before all networks were planned', { err });
    }
    const stats: MerakiStats = meraki.stats();
    summary.requests = stats.requests - before.requests;
    summary.rateLimited = stats.rateLimited - before.rateLimited;
    summary.retries = stats.retries - before.retries;
    summary.durationMs = clock.now() - startedAtMs;
    if (summary.networksFailed > 0 || options.signal?.aborted) summary.ok = false;
    logger.info('run finished', { ...summary, mode });
    await sink.write(selfMetricLines(summary, stats, networkLines), options.signal).catch((err: unknown) => {
      logger.warn('could not write the collector self-metrics', { err });
    });
    return summary;
  };

  const status = async (): Promise<NetworkStatus[]> => {
    const now = clock.now();
    const out: NetworkStatus[] = [];
    for await (const s of store.list()) {
      out.push({
        orgId: s.orgId,
        networkId: s.ssidNumber === undefined ? s.networkId : `${s.networkId} (ssid ${s.ssidNumber})`,
        networkName: s.networkName,
        checkpointMs: s.checkpointMs,
        checkpointAgeMs: s.checkpointMs === null ? null : now - s.checkpointMs,
        fetchedToMs: s.fetchedToMs ?? null,
        freshnessMs: s.fetchedToMs === undefined ? null : Math.max(0, now - s.fetchedToMs),
        lastRunAtMs: s.lastRunAtMs,
        lastResult: s.lastResult,
        lastError: s.lastError,
        pointsWritten: s.pointsWritten,
        gaps: s.gaps.map((g) => ({ fromMs: g.fromMs, toMs: g.toMs })),
        rejectsGivenUp: s.rejectsGivenUp ?? 0,
      });
    }
    return out;
  };

  return {
    runOnce,
    status,
    check: (signal) => checkCollector({ config, meraki: merakiClient(), sink, store, clock, ...(signal ? { signal } : {}) }),
    close: () => sink.close(),
  };
}
