import { Registry } from 'prom-client';
import { systemClock, type Clock } from '../clock.js';
import type { NetworkStatus, RunSummary } from '../collector/collector-api.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { MerakiEvent } from '../meraki/events.js';
import type { Sink } from '../sink/sink.js';
import { expectedIntervalMs } from './expected-interval.js';
import { createHealthTracker } from './health.js';
import { startObserveServer } from './http-server.js';
import { createLivenessTracker } from './liveness.js';
import { createCollectorMetrics } from './metrics.js';
import { observeAddressFromEnv } from './observe-env.js';

export interface DaemonObserverOptions {
  config: Config;
  /** The same sink the collector writes to (pass it to createCollector too): /readyz pings it. */
  sink: Pick<Sink, 'ping'>;
  logger: Logger;
  clock?: Clock;
  /** Read for COLLECTOR_HTTP_PORT / COLLECTOR_HTTP_HOST. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface DaemonObserver {
  /** Where /livez, /readyz (alias /healthz) and /metrics are served; null when disabled. */
  url: string | null;
  /** Pass as CollectorDeps.onMerakiEvent (metrics, and progress for /livez). */
  onMerakiEvent(event: MerakiEvent): void;
  /** Call when the scheduler starts a run. */
  onRunStart(): void;
  /** Pass as RunOptions.onNetworkDone (progress for /livez). */
  onNetworkDone(): void;
  /** Call after every run with its summary and `await collector.status()` (null when that failed). */
  onRunDone(summary: Readonly<RunSummary>, statuses: readonly NetworkStatus[] | null): void;
  /** Call in `finally` of every run, however it ended. */
  onRunEnd(): void;
  /** Call once the scheduler has stopped. */
  onSchedulerStopped(): void;
  close(): Promise<void>;
}

/** Everything the `run` command needs for /livez, /readyz and /metrics: metrics, health tracking and the server. */
export async function startDaemonObserver(options: DaemonObserverOptions): Promise<DaemonObserver> {
  const clock = options.clock ?? systemClock;
  const registry = new Registry();
  const metrics = createCollectorMetrics(registry, { clock });
  const intervalMs = expectedIntervalMs(options.config.schedule.cron, options.config.schedule.timezone);
  const health = createHealthTracker({ expectedIntervalMs: intervalMs, sink: options.sink, clock });
  const liveness = createLivenessTracker({ expectedIntervalMs: intervalMs, stallLimitMs: options.config.schedule.stallLimitSeconds * 1000, clock });
  const address = observeAddressFromEnv(options.env ?? process.env);
  const server = address ? await startObserveServer({ ...address, registry, health: health.check, live: liveness.check }) : null;
  if (server) options.logger.info('serving /livez, /readyz (alias /healthz) and /metrics', { url: server.url });
  else options.logger.info('HTTP server disabled (COLLECTOR_HTTP_PORT=0)');
  return {
    url: server?.url ?? null,
    onMerakiEvent(event) {
      metrics.onMerakiEvent(event);
      liveness.onProgress();
    },
    onRunStart() {
      liveness.onRunStart();
      health.onRunStart();
    },
    onNetworkDone: () => liveness.onProgress(),
    onRunDone(summary, statuses) {
      metrics.onRunDone(summary);
      health.onRunDone(summary);
      if (statuses) {
        metrics.onNetworkStatuses(statuses);
        health.onNetworkStatuses(statuses);
      }
    },
    onRunEnd() {
      liveness.onRunEnd();
      health.onRunEnd();
    },
    onSchedulerStopped: () => liveness.onSchedulerStopped(),
    close: async () => {
      await server?.close();
    },
  };
}
