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
import { createCollectorMetrics } from './metrics.js';
import { observeAddressFromEnv } from './observe-env.js';

export interface DaemonObserverOptions {
  config: Config;
  /** The same sink the collector writes to (pass it to createCollector too): /healthz pings it. */
  sink: Pick<Sink, 'ping'>;
  logger: Logger;
  clock?: Clock;
  /** Read for COLLECTOR_HTTP_PORT / COLLECTOR_HTTP_HOST. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface DaemonObserver {
  /** Where /healthz and /metrics are served; null when disabled. */
  url: string | null;
  /** Pass as CollectorDeps.onMerakiEvent. */
  onMerakiEvent(event: MerakiEvent): void;
  /** Call after every run with its summary and `await collector.status()`. */
  onRunDone(summary: Readonly<RunSummary>, statuses: readonly NetworkStatus[]): void;
  close(): Promise<void>;
}

/** Everything the `run` command needs for /healthz and /metrics: metrics, health tracking and the server. */
export async function startDaemonObserver(options: DaemonObserverOptions): Promise<DaemonObserver> {
  const clock = options.clock ?? systemClock;
  const registry = new Registry();
  const metrics = createCollectorMetrics(registry, { clock });
  const health = createHealthTracker({
    expectedIntervalMs: expectedIntervalMs(options.config.schedule.cron, options.config.schedule.timezone),
    sink: options.sink,
    clock,
  });
  const address = observeAddressFromEnv(options.env ?? process.env);
  const server = address ? await startObserveServer({ ...address, registry, health: health.check }) : null;
  if (server) options.logger.info('serving /healthz and /metrics', { url: server.url });
  else options.logger.info('HTTP server disabled (COLLECTOR_HTTP_PORT=0)');
  return {
    url: server?.url ?? null,
    onMerakiEvent: metrics.onMerakiEvent,
    onRunDone(summary, statuses) {
      metrics.onRunDone(summary);
      metrics.onNetworkStatuses(statuses);
      health.onRunDone(summary);
    },
    close: async () => {
      await server?.close();
    },
  };
}
