import pLimit from 'p-limit';
import { systemClock } from '../clock.js';
import { resolveOrganizations } from '../discovery/resolve-networks.js';
import { MerakiClient, type MerakiStats } from '../meraki/index.js';
import type { CheckpointStore } from '../state/checkpoint-store.js';
import { createCheckpointStore } from '../state/create-checkpoint-store.js';
import { createSink } from '../sink/create-sink.js';
import { checkCollector, type CheckReport } from './check.js';
import { collectOrganizations, listOrgNetworks, type OrgOutcome, type OrgRunDeps } from './collect-org.js';
import type { CollectorDeps, NetworkStatus, RunOptions, RunSummary } from './collector-api.js';
import { isOrgRecord, orgStatusOf, recordOrgResult, type OrgResult, type OrgStatus } from './org-results.js';
import { NetworkMetricBatches, networkMetricLine, selfMetricLines } from './self-metrics.js';

export interface Collector {
  runOnce(options?: RunOptions): Promise<RunSummary>;
  status(): Promise<NetworkStatus[]>;
  /** Each organization's last result (from the state), for `status`. */
  orgStatus(): Promise<OrgStatus[]>;
  check(signal?: AbortSignal): Promise<CheckReport>;
  close(): Promise<void>;
}

/** Builds the collector from its config; no network calls until a method is called. */
export function createCollector(deps: CollectorDeps): Collector {
  const { config, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const sink = deps.sink ?? createSink(config, logger);
  const store: CheckpointStore = deps.store ?? createCheckpointStore(config, logger);
  // Built on first use, so `status` (which reads checkpoints only) needs no API key.
  let client = deps.meraki;
  const merakiClient = (): MerakiClient =>
    (client ??= new MerakiClient({ ...config.meraki, logger, ...(deps.onMerakiEvent ? { onEvent: deps.onMerakiEvent } : {}) }));

  const runOnce = async (options: RunOptions = {}): Promise<RunSummary> => {
    const meraki = merakiClient();
    const startedAtMs = clock.now();
    const before = meraki.stats();
    const summary: RunSummary = {
      ok: true, startedAtMs, durationMs: 0, organizations: 0, orgsFailed: 0, networks: 0, networksFailed: 0,
      clients: 0, requests: 0, rateLimited: 0, retries: 0, points: 0, rejectedRecords: 0, gaps: 0,
      usagePagesParsedFallback: 0, orgResults: [],
    };
    const mode = options.mode ?? 'incremental';
    const warnMetrics = (err: unknown): void => logger.warn('could not write the collector self-metrics', { err });
    const networkLines = new NetworkMetricBatches((lines) => sink.write(lines, options.signal), warnMetrics);
    const fallbackPages = { count: 0 };
    try {
      const orgs = await resolveOrganizations(meraki, config.targets, config.collection.shard, options.signal);
      summary.organizations = orgs.length;
      const deps: OrgRunDeps = {
        meraki, sink, store, config, logger, clock, mode, fallbackPages,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.sinceMs === undefined ? {} : { sinceMs: options.sinceMs }),
        onNetworkDone: (orgId, network, r) => {
          summary.networks++;
          if (!r.ok) summary.networksFailed++;
          summary.clients += r.clients;
          summary.points += r.points;
          summary.rejectedRecords += r.rejected;
          summary.gaps += r.gaps;
          networkLines.add(networkMetricLine(orgId, network.id, r, startedAtMs));
          options.onNetworkDone?.(summary);
        },
      };
      // Every organization's network list first, so the run's size is known; as many at once as networks may be
      // in flight (a thousand organizations do not open a thousand connections at once).
      const listing = pLimit(config.collection.networksInFlight);
      const lists = await Promise.all(orgs.map((org) => listing(() => listOrgNetworks(org, deps))));
      options.onPlanned?.(lists.reduce((n, l) => n + ('networks' in l ? l.networks.length : 0), 0));
      // Every organization at once, the networks in flight shared round-robin.
      for (const outcome of await collectOrganizations(lists, deps)) {
        summary.orgResults.push(await finishOrg(outcome, startedAtMs, options.signal?.aborted === true));
      }
    } catch (err) {
      summary.ok = false;
      logger.error('run failed before all organizations were planned', { err });
    }
    summary.orgsFailed = summary.orgResults.filter((r) => !r.ok).length;
    summary.usagePagesParsedFallback = fallbackPages.count;
    const stats: MerakiStats = meraki.stats();
    summary.requests = stats.requests - before.requests;
    summary.rateLimited = stats.rateLimited - before.rateLimited;
    summary.retries = stats.retries - before.retries;
    summary.durationMs = clock.now() - startedAtMs;
    if (summary.networksFailed > 0 || summary.orgsFailed > 0 || options.signal?.aborted) summary.ok = false;
    logger.info('run finished', { ...summary, orgResults: undefined, failedOrgs: summary.orgResults.filter((r) => !r.ok).map((r) => r.orgId), mode });
    await sink.write(selfMetricLines(summary, stats, await networkLines.rest()), options.signal).catch(warnMetrics);
    return summary;
  };

  /**
   * Logs a failed organization once, saves its result (consecutive failures) and returns it. A stopped run
   * (SIGINT/SIGTERM) records nothing: being cut off is not the organization's failure.
   */
  const finishOrg = async (o: OrgOutcome, startedAtMs: number, stopped: boolean): Promise<OrgResult> => {
    if (stopped) return { ...o, consecutiveFailures: 0 };
    if (!o.ok) logger.error('organization failed', { org: o.orgId, reason: o.error });
    const consecutiveFailures = await recordOrgResult(store, o, startedAtMs).catch((err: unknown) => {
      logger.warn('cannot save the organization result', { org: o.orgId, err });
      return o.ok ? 0 : 1;
    });
    return { ...o, consecutiveFailures };
  };

  const status = async (): Promise<NetworkStatus[]> => {
    const now = clock.now();
    const out: NetworkStatus[] = [];
    for await (const s of store.list()) {
      if (isOrgRecord(s)) continue;
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

  const orgStatus = async (): Promise<OrgStatus[]> => {
    const out: OrgStatus[] = [];
    for await (const s of store.list()) if (isOrgRecord(s)) out.push(orgStatusOf(s));
    return out;
  };

  return {
    runOnce,
    status,
    orgStatus,
    check: (signal) => checkCollector({ config, meraki: merakiClient(), sink, store, clock, ...(signal ? { signal } : {}) }),
    close: () => sink.close(),
  };
}
