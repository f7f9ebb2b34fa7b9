import { systemClock, type Clock } from '../clock.js';
import type { RunSummary } from '../collector/collector-api.js';
import type { Sink } from '../sink/sink.js';

/** Default time allowed for the sink's ping, ms. */
export const DEFAULT_PING_TIMEOUT_MS = 5_000;

/** What `/healthz` answers: 200 when `healthy`, else 503 with `reason`. */
export interface HealthState {
  healthy: boolean;
  /** Why not healthy; null when healthy. */
  reason: string | null;
  /** End of the last finished run, ms since the epoch; null before the first. */
  lastRunAtMs: number | null;
  lastRunOk: boolean | null;
  /** End of the last successful run, ms since the epoch. */
  lastSuccessAtMs: number | null;
  /** How old the last success may be, ms. */
  expectedIntervalMs: number;
  sinkReachable: boolean;
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
  /** Call after every run with its summary. */
  onRunDone(summary: Readonly<RunSummary>): void;
  /** Healthy: the last run succeeded, it ended within the expected interval, and the sink answers ping(). */
  check(signal?: AbortSignal): Promise<HealthState>;
}

/** Tracks the last run and answers health checks. */
export function createHealthTracker(options: HealthTrackerOptions): HealthTracker {
  const clock = options.clock ?? systemClock;
  const pingTimeoutMs = options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
  let last: { atMs: number; ok: boolean; networksFailed: number } | null = null;
  let lastSuccessAtMs: number | null = null;

  const check = async (signal?: AbortSignal): Promise<HealthState> => {
    let sinkError: string | null = null;
    const timeout = AbortSignal.timeout(pingTimeoutMs);
    try {
      await options.sink.ping(signal ? AbortSignal.any([signal, timeout]) : timeout);
    } catch (err) {
      sinkError = err instanceof Error ? err.message : String(err);
    }
    const now = clock.now();
    let reason: string | null = null;
    if (last === null) reason = 'no run has finished yet';
    else if (!last.ok) reason = `the last run failed (${last.networksFailed} network(s) failed)`;
    else if (now - last.atMs > options.expectedIntervalMs) {
      reason = `the last successful run ended ${Math.round((now - last.atMs) / 1000)} s ago, more than the expected ${Math.round(options.expectedIntervalMs / 1000)} s`;
    } else if (sinkError !== null) reason = `the sink does not answer: ${sinkError}`;
    return {
      healthy: reason === null,
      reason,
      lastRunAtMs: last?.atMs ?? null,
      lastRunOk: last?.ok ?? null,
      lastSuccessAtMs,
      expectedIntervalMs: options.expectedIntervalMs,
      sinkReachable: sinkError === null,
    };
  };

  return {
    onRunDone(summary) {
      const atMs = summary.startedAtMs + summary.durationMs;
      last = { atMs, ok: summary.ok, networksFailed: summary.networksFailed };
      if (summary.ok) lastSuccessAtMs = atMs;
    },
    check,
  };
}
