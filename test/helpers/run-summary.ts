import type { RunSummary } from '../../src/collector/collector-api.js';

/**
 * A RunSummary for tests that feed the metrics, the health trackers or the self-metrics encoders by hand: zeros,
 * overridden by `over`. Per-organization results are present and empty.
 */
export function runSummary(over: Partial<RunSummary> = {}): RunSummary {
  const base = {
    ok: true, startedAtMs: 0, durationMs: 0, organizations: 0, networks: 0, networksFailed: 0,
    clients: 0, requests: 0, rateLimited: 0, retries: 0, points: 0, rejectedRecords: 0, gaps: 0,
  };
  return Object.assign({ orgResults: [], orgsFailed: 0, usagePagesParsedFallback: 0 }, base, over);
}
