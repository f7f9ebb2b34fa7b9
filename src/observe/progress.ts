import { Presets, SingleBar } from 'cli-progress';
import { systemClock, type Clock } from '../clock.js';
import type { RunSummary } from '../collector/collector-api.js';
import type { Logger } from '../log/logger.js';
import type { MerakiEvent } from '../meraki/events.js';
import { createProgressState, formatDuration, type ProgressSnapshot } from './progress-state.js';

/** Milliseconds between progress log lines when the stream is not a TTY. */
export const DEFAULT_PROGRESS_LOG_INTERVAL_MS = 15_000;
/** Redraws of the bar per second on a TTY. */
export const DEFAULT_PROGRESS_FPS = 4;

export interface ProgressOptions {
  /** Rates of the configured budget (config.meraki). */
  ratePerOrgPerSecond: number;
  ratePerIpPerSecond: number;
  /** Plain progress lines go here when `stream` is not a TTY. */
  logger: Logger;
  /** Where the bar is drawn; it is drawn only if `stream.isTTY`. Default process.stderr (stdout stays clean). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  clock?: Clock;
  /** Milliseconds between log lines when not a TTY; 0 = no timer (call `logNow()`). Default 15000. */
  logIntervalMs?: number;
  /** Shown before the bar and in log lines, e.g. `backfill`. Default `run`. */
  label?: string;
}

/** Feed it from RunOptions.onPlanned/onNetworkDone and CollectorDeps.onMerakiEvent; call stop() in finally. */
export interface Progress {
  onPlanned(networks: number): void;
  onNetworkDone(soFar: Readonly<RunSummary>): void;
  onMerakiEvent(event: MerakiEvent): void;
  /** Writes one progress log line now (non-TTY mode). */
  logNow(): void;
  snapshot(): ProgressSnapshot;
  /** Stops the bar or the log timer. */
  stop(): void;
}

function payload(s: ProgressSnapshot): Record<string, string | number> {
  return {
    networks: `${s.networksDone}/${s.networksTotal ?? '?'}`,
    clients: s.clients,
    requests: s.requests,
    rate: s.requestsPerSecond.toFixed(1),
    budget: s.budgetPerSecond,
    rateLimited: s.rateLimited,
    etaText: formatDuration(s.etaMs),
  };
}

/** A progress bar (cli-progress) on a terminal, periodic `progress` log lines otherwise. */
export function createProgress(options: ProgressOptions): Progress {
  const clock = options.clock ?? systemClock;
  const stream = options.stream ?? process.stderr;
  const label = options.label ?? 'run';
  const state = createProgressState({ startedAtMs: clock.now(), ratePerOrgPerSecond: options.ratePerOrgPerSecond, ratePerIpPerSecond: options.ratePerIpPerSecond });
  const snapshot = (): ProgressSnapshot => state.snapshot(clock.now());
  const logNow = (): void => {
    const s = snapshot();
    options.logger.info(`${label} progress`, { ...s, eta: formatDuration(s.etaMs), requestsPerSecond: Number(s.requestsPerSecond.toFixed(2)) });
  };

  let bar: SingleBar | null = null;
  let timer: NodeJS.Timeout | null = null;
  if (stream.isTTY) {
    bar = new SingleBar(
      {
        stream,
        fps: DEFAULT_PROGRESS_FPS,
        hideCursor: true,
        format: `${label} {bar} {networks} networks | {clients} clients | {requests} req | {rate}/{budget} req/s | {rateLimited} 429s | ETA {etaText}`,
      },
      Presets.shades_classic,
    );
    bar.start(1, 0, payload(snapshot()));
  } else if ((options.logIntervalMs ?? DEFAULT_PROGRESS_LOG_INTERVAL_MS) > 0) {
    timer = setInterval(logNow, options.logIntervalMs ?? DEFAULT_PROGRESS_LOG_INTERVAL_MS);
    timer.unref();
  }

  const redraw = (): void => {
    if (!bar) return;
    const s = snapshot();
    if (s.networksTotal !== null) bar.setTotal(Math.max(1, s.networksTotal));
    bar.update(s.networksDone, payload(s));
  };

  return {
    onPlanned(networks) {
      state.planned(networks);
      redraw();
    },
    onNetworkDone(soFar) {
      state.networkDone(soFar);
      redraw();
    },
    onMerakiEvent(event) {
      state.event(event);
      if (event.type !== 'request' || bar === null) return;
      redraw();
    },
    logNow,
    snapshot,
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (bar) {
        redraw();
        bar.stop();
      }
      bar = null;
    },
  };
}
