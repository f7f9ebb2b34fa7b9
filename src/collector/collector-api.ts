import type { Clock } from '../clock.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { MerakiClient, MerakiEvent } from '../meraki/index.js';
import type { CheckpointStore } from '../state/checkpoint-store.js';
import type { Sink } from '../sink/sink.js';
import type { OrgResult } from './org-results.js';

export type { OrgResult, OrgStatus } from './org-results.js';

/** Dependencies of a collector; everything but `config` and `logger` has a default built from the config. */
export interface CollectorDeps {
  config: Config;
  logger: Logger;
  clock?: Clock;
  sink?: Sink;
  store?: CheckpointStore;
  meraki?: MerakiClient;
  /** Every Meraki request, retry and 429 (progress display, Prometheus metrics). */
  onMerakiEvent?: (event: MerakiEvent) => void;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** `backfill` re-pulls from `sinceMs` (default: the whole lookback) regardless of checkpoints. */
  mode?: 'incremental' | 'backfill';
  sinceMs?: number;
  /** Called after each network with the running totals (progress display). */
  onNetworkDone?: (soFar: Readonly<RunSummary>) => void;
  /** Called once every network of the run is known (before most are collected), with their number (progress ETA). */
  onPlanned?: (networks: number) => void;
}

/** One line per run in the logs; also returned to the CLI. */
export interface RunSummary {
  ok: boolean;
  startedAtMs: number;
  durationMs: number;
  organizations: number;
  /** Organizations whose result is a failure (see orgResults). */
  orgsFailed: number;
  networks: number;
  networksFailed: number;
  clients: number;
  requests: number;
  rateLimited: number;
  retries: number;
  points: number;
  rejectedRecords: number;
  gaps: number;
  /** Usage pages read with JSON.parse because the byte scanner did not recognise their shape. */
  usagePagesParsedFallback: number;
  /** One entry per organization of the run, in the order they were listed. */
  orgResults: OrgResult[];
}

export interface NetworkStatus {
  orgId: string;
  networkId: string;
  networkName: string;
  /** Start of the last stored daily bucket, ms since the epoch; null before the first successful run. */
  checkpointMs: number | null;
  /** Now minus the checkpoint, ms (how far back the newest stored daily bucket starts); null with no checkpoint. */
  checkpointAgeMs: number | null;
  /** End (t1) of the last successful fetch of the unit, ms since the epoch; null before the first. */
  fetchedToMs: number | null;
  /** Data freshness: now minus `fetchedToMs`, ms; null before the first successful fetch. */
  freshnessMs: number | null;
  lastRunAtMs: number | null;
  lastResult: 'ok' | 'failed' | null;
  lastError: string | null;
  pointsWritten: number;
  gaps: { fromMs: number; toMs: number }[];
  /** Rejected records given up after `collection.rejectHoldRuns` runs (they no longer hold the checkpoint). */
  rejectsGivenUp?: number;
}
