import { systemClock, type Clock } from '../clock.js';
import type { NetworkStatus, RunSummary } from '../collector/collector-api.js';
import type { Sink } from '../sink/sink.js';

/** Default time allowed for the sink's ping, ms. */
export const DEFAULT_PING_TIMEOUT_MS = 5_000;
/** The reason `/readyz` gives while the first run of the daemon is going. */
export const FIRST_RUN_IN_PROGRESS = 'first run in progress';

/** What `/readyz` (and its alias `/healthz`) answers: 200 when `healthy`, else 503 with `reason`. */
export interface HealthState {
  healthy: boolean;
  /** The first reason not to be ready; null when ready. */
  reason: string | null;
  /** Every reason not to be ready (empty when ready). */
  reasons: string[];
  /** No run has finished yet and one is going. */
  firstRunInProgress: boolean;
  /** End of the last finished run, ms since the epoch; null before the first. */
  lastRunAtMs: number | null;
  lastRunOk: boolean | null;
  /** End of the last successful run, ms since the epoch. */
  lastSuccessAtMs: number | null;
  /** How old the last success, and any network's data, may be, ms. */
  expectedIntervalMs: number;
  sinkReachable: boolean;
  /** The network whose data is the oldest (see `meraki_usage_data_freshness_seconds`); null when none is known. */
  stalestNetwork: { org: string; network: string; freshnessSeconds: number } | null;
}

export interface HealthTrackerOptions {
  /** From `expectedIntervalMs(config.schedule.cron, config.schedule.timezone)`. */
  expectedIntervalMs: number;
  sink: Pick<Sink, 'ping'>;
  clock?: Clock;
  /** Milliseconds. Default DEFAULT_PING_TIMEOUT_MS. */
  pingTimeoutMs?: number;
}

export interface HealthTracker {
  /** Call when a run starts (for "first run in progress"). */
  onRunStart(): void;
  /** Call after every run with its summary. */
  onRunDone(summary: Readonly<RunSummary>): void;
  /** Call when a run has ended, with or without a summary (a run that threw has none). */
  onRunEnd(): void;
  /** Call after every run with `collector.status()`: the freshness of each network's data. */
  onNetworkStatuses(statuses: readonly NetworkStatus[]): void;
  /**
   * Ready: a run has finished and the last one succeeded, within the expected interval; every network's data is
   * fresher than the expected interval; the sink answers ping().
   */
  check(signal?: AbortSignal): Promise<HealthState>;
}

/** Tracks the last run and the data's freshness, and answers readiness checks. */
export function createHealthTracker(options: HealthTrackerOptions): HealthTracker {
  const clock = options.clock ?? systemClock;
  const pingTimeoutMs = options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
  const expected = options.expectedIntervalMs;
  let last: { atMs: number; ok: boolean; networksFailed: number } | null = null;
  let lastSuccessAtMs: number | null = null;
  let running = false;
  let fetchedTo: { org: string; network: string; fetchedToMs: number }[] = [];
  const seconds = (ms: number): number => Math.round(ms / 1000);

  const pingError = async (signal?: AbortSignal): Promise<string | null> => {
    const timeout = AbortSignal.timeout(pingTimeoutMs);
    try {
      await options.sink.ping(signal ? AbortSignal.any([signal, timeout]) : timeout);
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };

  const check = async (signal?: AbortSignal): Promise<HealthState> => {
    const sinkError = await pingError(signal);
    const now = clock.now();
    const reasons: string[] = [];
    if (last === null) reasons.push(running ? FIRST_RUN_IN_PROGRESS : 'no run has finished yet');
    else if (!last.ok) reasons.push(`the last run failed (${last.networksFailed} network(s) failed)`);
    if (last !== null && lastSuccessAtMs !== null && now - lastSuccessAtMs > expected) {
      reasons.push(`the last successful run ended ${seconds(now - lastSuccessAtMs)} s ago, more than the expected ${seconds(expected)} s`);
    }
    let stalest: HealthState['stalestNetwork'] = null;
    for (const f of fetchedTo) {
      const freshnessSeconds = Math.max(0, (now - f.fetchedToMs) / 1000);
      if (stalest === null || freshnessSeconds > stalest.freshnessSeconds) stalest = { org: f.org, network: f.network, freshnessSeconds };
    }
    if (stalest !== null && stalest.freshnessSeconds * 1000 > expected) {
      reasons.push(`the data of network ${stalest.network} is ${Math.round(stalest.freshnessSeconds)} s old, more than the expected ${seconds(expected)} s`);
    }
    if (sinkError !== null) reasons.push(`the sink does not answer: ${sinkError}`);
    return {
      healthy: reasons.length === 0,
      reason: reasons[0] ?? null,
      reasons,
      firstRunInProgress: last === null && running,
      lastRunAtMs: last?.atMs ?? null,
      lastRunOk: last?.ok ?? null,
      lastSuccessAtMs,
      expectedIntervalMs: expected,
      sinkReachable: sinkError === null,
      stalestNetwork: stalest,
    };
  };

  return {
    onRunStart() {
      running = true;
    },
    onRunEnd() {
      running = false;
    },
    onRunDone(summary) {
      running = false;
      const atMs = summary.startedAtMs + summary.durationMs;
      last = { atMs, ok: summary.ok, networksFailed: summary.networksFailed };
      if (summary.ok) lastSuccessAtMs = atMs;
    },
    onNetworkStatuses(statuses) {
      fetchedTo = statuses.flatMap((s) => (s.fetchedToMs === null ? [] : [{ org: s.orgId, network: s.networkId, fetchedToMs: s.fetchedToMs }]));
    },
    check,
  };
}
