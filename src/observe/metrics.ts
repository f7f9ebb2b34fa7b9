import { Counter, Gauge, type Registry } from 'prom-client';
import { systemClock, type Clock } from '../clock.js';
import type { NetworkStatus, RunSummary } from '../collector/collector-api.js';
import type { MerakiEvent } from '../meraki/events.js';

/** Prefix of every metric name. */
export const METRIC_PREFIX = 'meraki_usage_';
/** The `org` label of requests not charged to an organization (listing organizations). */
export const NO_ORG_LABEL = 'none';

/** Feeds the collector's activity into Prometheus metrics on a registry passed in. */
export interface CollectorMetrics {
  /** Pass as CollectorDeps.onMerakiEvent: requests, retries, 429s and failures per organization. */
  onMerakiEvent(event: MerakiEvent): void;
  /** After each run: runs by result, points, gaps, last run duration and time. */
  onRunDone(summary: Readonly<RunSummary>): void;
  /** After each run (from `collector.status()`): checkpoint age, data freshness, last result and known gaps per network. */
  onNetworkStatuses(statuses: readonly NetworkStatus[]): void;
}

export interface CollectorMetricsOptions {
  /** For the checkpoint age and the data freshness, computed at scrape time. Default: the system clock. */
  clock?: Clock;
}

/** Registers the collector's metrics on `registry` (never the global default registry). */
export function createCollectorMetrics(registry: Registry, options: CollectorMetricsOptions = {}): CollectorMetrics {
  const clock = options.clock ?? systemClock;
  const registers = [registry];
  const counter = (name: string, help: string, labelNames: string[] = []): Counter<string> =>
    new Counter({ name: METRIC_PREFIX + name, help, labelNames, registers });
  const gauge = (name: string, help: string, labelNames: string[] = [], collect?: (this: Gauge<string>) => void): Gauge<string> =>
    new Gauge({ name: METRIC_PREFIX + name, help, labelNames, registers, ...(collect ? { collect } : {}) });

  const runs = counter('runs_total', 'Collection runs, by result (ok or failed).', ['result']);
  const requests = counter('requests_total', 'HTTP requests sent to the Meraki API (retries and redirects included), per organization.', ['org']);
  const rateLimited = counter('rate_limited_total', 'HTTP 429 responses from the Meraki API, per organization.', ['org']);
  const retries = counter('retries_total', 'Meraki requests tried again, per organization and reason.', ['org', 'reason']);
  const failures = counter('request_failures_total', 'Meraki calls that failed after their retries, per organization.', ['org']);
  const points = counter('points_written_total', 'Usage points confirmed written to the sink.');
  const rejected = counter('rejected_records_total', 'API records rejected as invalid and skipped.');
  const gapsRecorded = counter('gaps_recorded_total', 'Gaps recorded by runs (data already out of the API lookback).');
  const networksFailed = counter('network_failures_total', 'Network collections that failed (their checkpoint stayed put).');
  const lastDuration = gauge('last_run_duration_seconds', 'Duration of the last run, seconds.');
  const lastRunAt = gauge('last_run_timestamp_seconds', 'Start of the last run, seconds since the epoch.');
  const lastSuccessAt = gauge('last_success_timestamp_seconds', 'Start of the last successful run, seconds since the epoch.');
  const lastClients = gauge('last_run_clients', 'Clients collected by the last run.');
  const consecutiveFailed = gauge('consecutive_failed_runs', 'Runs failed in a row, up to the last one (0 after a successful run).');
  consecutiveFailed.set(0);
  let failedInARow = 0;
  const orgOk = gauge('org_last_result_ok', 'Last run: the organization was collected completely (1) or failed (0).', ['org']);
  const orgFailures = gauge('org_consecutive_failures', 'Runs in a row the organization failed (0 after a success).', ['org']);
  const fallbackPages = counter('usage_pages_parsed_fallback_total', 'Usage pages read with JSON.parse because the byte scanner did not recognise their shape.');

  let statuses: readonly NetworkStatus[] = [];
  const labels = (s: NetworkStatus): { org: string; network: string } => ({ org: s.orgId, network: s.networkId });
  gauge('checkpoint_age_seconds', 'Now minus the checkpoint (start of the last stored daily bucket) per network, seconds: up to a day plus the interval when healthy.', ['org', 'network'], function () {
    this.reset();
    const now = clock.now();
    for (const s of statuses) if (s.checkpointMs !== null) this.set(labels(s), Math.max(0, (now - s.checkpointMs) / 1000));
  });
  gauge('data_freshness_seconds', 'Now minus the end (t1) of the last successful fetch per network, seconds: under the schedule interval plus a run when healthy.', ['org', 'network'], function () {
    this.reset();
    const now = clock.now();
    for (const s of statuses) if (s.fetchedToMs !== null) this.set(labels(s), Math.max(0, (now - s.fetchedToMs) / 1000));
  });
  gauge('network_gaps', 'Known gaps (periods lost past the lookback) per network.', ['org', 'network'], function () {
    this.reset();
    for (const s of statuses) this.set(labels(s), s.gaps.length);
  });
  gauge('network_last_result_ok', 'Last collection of the network succeeded (1) or failed (0).', ['org', 'network'], function () {
    this.reset();
    for (const s of statuses) if (s.lastResult !== null) this.set(labels(s), s.lastResult === 'ok' ? 1 : 0);
  });
  gauge('network_rejects_given_up', 'Rejected API records given up per network (they held the checkpoint for collection.rejectHoldRuns runs).', ['org', 'network'], function () {
    this.reset();
    for (const s of statuses) this.set(labels(s), s.rejectsGivenUp ?? 0);
  });
  gauge('network_points_written', 'Usage points written per network since its state was created.', ['org', 'network'], function () {
    this.reset();
    for (const s of statuses) this.set(labels(s), s.pointsWritten);
  });

  return {
    onMerakiEvent(event) {
      const org = event.orgId ?? NO_ORG_LABEL;
      if (event.type === 'request') requests.inc({ org });
      else if (event.type === 'rateLimited') rateLimited.inc({ org });
      else if (event.type === 'retry') retries.inc({ org, reason: event.reason });
      else if (event.type === 'failure') failures.inc({ org });
    },
    onRunDone(summary) {
      runs.inc({ result: summary.ok ? 'ok' : 'failed' });
      points.inc(summary.points);
      rejected.inc(summary.rejectedRecords);
      gapsRecorded.inc(summary.gaps);
      networksFailed.inc(summary.networksFailed);
      lastDuration.set(summary.durationMs / 1000);
      lastRunAt.set(summary.startedAtMs / 1000);
      lastClients.set(summary.clients);
      if (summary.ok) lastSuccessAt.set(summary.startedAtMs / 1000);
      failedInARow = summary.ok ? 0 : failedInARow + 1;
      consecutiveFailed.set(failedInARow);
      for (const r of summary.orgResults ?? []) {
        orgOk.set({ org: r.orgId }, r.ok ? 1 : 0);
        orgFailures.set({ org: r.orgId }, r.consecutiveFailures);
      }
      fallbackPages.inc(summary.usagePagesParsedFallback ?? 0);
    },
    onNetworkStatuses(list) {
      statuses = [...list];
    },
  };
}
