import { systemClock, type Clock } from '../clock.js';

/** What `/livez` answers: 200 when `live`, else 503 with `reason`. */
export interface LiveState {
  live: boolean;
  /** Why not live; null when live. */
  reason: string | null;
  /** A run is going now. */
  runInProgress: boolean;
  /** Start of the run going now, ms since the epoch; null when idle. */
  runStartedAtMs: number | null;
  /** Last sign of progress of the run going now (a Meraki request, retry, 429 or a network done), ms. */
  lastProgressAtMs: number | null;
  /** A run with no progress for longer than this is wedged, ms (`schedule.stallLimitSeconds`). */
  stallLimitMs: number;
  /** Idle longer than this (no run started since the last one ended) means the scheduler stopped firing, ms. */
  expectedIntervalMs: number;
}

export interface LivenessTrackerOptions {
  /** `schedule.stallLimitSeconds` x 1000. */
  stallLimitMs: number;
  /** From `expectedIntervalMs(config.schedule.cron, config.schedule.timezone)`. */
  expectedIntervalMs: number;
  clock?: Clock;
}

export interface LivenessTracker {
  /** The scheduler started a run. */
  onRunStart(): void;
  /** Any sign that the run going now moves (call it from the Meraki events and per network done). */
  onProgress(): void;
  /** The run ended, however it ended (call it in `finally`). */
  onRunEnd(): void;
  /** The scheduler stopped (shutdown): not live any more. */
  onSchedulerStopped(): void;
  check(): LiveState;
}

/**
 * Liveness of the daemon: the process answers, its scheduler still fires, and the run going now (if any) has made
 * progress within the stall limit. Nothing else (not the last run's result, not the sink): a restart cures none of
 * those, and a long first backfill that moves is alive.
 */
export function createLivenessTracker(options: LivenessTrackerOptions): LivenessTracker {
  const clock = options.clock ?? systemClock;
  const s = {
    runStartedAtMs: null as number | null,
    lastProgressAtMs: null as number | null,
    /** End of the last run, or the tracker's creation before the first. */
    idleSinceMs: clock.now(),
    stopped: false,
  };
  const seconds = (ms: number): number => Math.round(ms / 1000);

  return {
    onRunStart() {
      const now = clock.now();
      s.runStartedAtMs = now;
      s.lastProgressAtMs = now;
    },
    onProgress() {
      if (s.runStartedAtMs !== null) s.lastProgressAtMs = clock.now();
    },
    onRunEnd() {
      s.idleSinceMs = clock.now();
      s.runStartedAtMs = null;
      s.lastProgressAtMs = null;
    },
    onSchedulerStopped() {
      s.stopped = true;
    },
    check() {
      const now = clock.now();
      let reason: string | null = null;
      if (s.stopped) reason = 'the scheduler has stopped';
      else if (s.runStartedAtMs !== null && s.lastProgressAtMs !== null && now - s.lastProgressAtMs > options.stallLimitMs) {
        reason = `wedged: the run started ${seconds(now - s.runStartedAtMs)} s ago has made no progress for ${seconds(now - s.lastProgressAtMs)} s (limit ${seconds(options.stallLimitMs)} s, schedule.stallLimitSeconds)`;
      } else if (s.runStartedAtMs === null && now - s.idleSinceMs > options.expectedIntervalMs) {
        reason = `the scheduler has started no run for ${seconds(now - s.idleSinceMs)} s, more than the expected ${seconds(options.expectedIntervalMs)} s`;
      }
      return {
        live: reason === null,
        reason,
        runInProgress: s.runStartedAtMs !== null,
        runStartedAtMs: s.runStartedAtMs,
        lastProgressAtMs: s.lastProgressAtMs,
        stallLimitMs: options.stallLimitMs,
        expectedIntervalMs: options.expectedIntervalMs,
      };
    },
  };
}
