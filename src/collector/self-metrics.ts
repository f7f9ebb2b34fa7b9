import type { MerakiStats } from '../meraki/index.js';
import { encodeLine } from '../transform/line-protocol.js';
import type { RunSummary } from './collector-api.js';

/**
 * The collector's own health as line protocol, written to the same sink after each run so one Grafana shows
 * both: `collector_runs` (one point per run), `collector_networks` (see below) and `collector_orgs` (requests, 429s, retries per organization,
 * cumulative over the process's life; `ok` and `consecutive_failures` of the organization's last result).
 */
export function selfMetricLines(summary: RunSummary, stats: MerakiStats, networkLines: readonly string[]): string[] {
  const t = Math.floor(summary.startedAtMs / 1000);
  const lines = [
    encodeLine('collector_runs', {}, {
      ok: summary.ok ? 1 : 0,
      duration_seconds: summary.durationMs / 1000,
      organizations: summary.organizations,
      networks: summary.networks,
      networks_failed: summary.networksFailed,
      clients: summary.clients,
      requests: summary.requests,
      rate_limited: summary.rateLimited,
      retries: summary.retries,
      points: summary.points,
      rejected_records: summary.rejectedRecords,
      gaps: summary.gaps,
      organizations_failed: summary.orgsFailed,
      usage_pages_parsed_fallback: summary.usagePagesParsedFallback,
    }, t),
  ];
  const results = new Map(summary.orgResults.map((r) => [r.orgId, r]));
  for (const [org, s] of Object.entries(stats.perOrg)) {
    const r = results.get(org);
    const fields: Record<string, number> = { requests: s.requests, rate_limited: s.rateLimited, retries: s.retries };
    if (r) Object.assign(fields, { ok: r.ok ? 1 : 0, consecutive_failures: r.consecutiveFailures });
    lines.push(encodeLine('collector_orgs', { org }, fields, t));
  }
  lines.push(...networkLines);
  return lines;
}

/**
 * `collector_networks`: one point per network per run, with the checkpoint age and the data freshness. Returned
 * as one flat string: the run keeps every network's line until its end, and a line built by `+=` is a rope of
 * some 30 small strings (~1.3 kB; 10,000 networks: ~13 MB alive, which V8 then sized the heap to).
 */
export function networkMetricLine(
  orgId: string,
  networkId: string,
  r: { ok: boolean; clients: number; points: number; gaps: number; checkpointMs: number | null; fetchedToMs?: number | null | undefined },
  runStartedAtMs: number,
): string {
  const fields: Record<string, number> = { ok: r.ok ? 1 : 0, clients: r.clients, points: r.points, gaps: r.gaps };
  if (r.checkpointMs !== null) fields.checkpoint_age_seconds = Math.max(0, (runStartedAtMs - r.checkpointMs) / 1000);
  if (typeof r.fetchedToMs === 'number') fields.freshness_seconds = Math.max(0, (runStartedAtMs - r.fetchedToMs) / 1000);
  return flatCopy(encodeLine('collector_networks', { org: orgId, network: networkId }, fields, Math.floor(runStartedAtMs / 1000)));
}

/** The same text as a new sequential string (a JSON round trip copies any string exactly, lone surrogates too). */
function flatCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Network lines held before they are written on their own (the rest go with the run's lines at its end). */
export const NETWORK_LINES_PER_WRITE = 1000;

/**
 * The run's `collector_networks` lines: written a batch at a time while the run goes on, so a run of 10,000 networks
 * does not hold all of them to its end. A batch that cannot be written is logged and dropped, as the run's own lines.
 */
export class NetworkMetricBatches {
  #lines: string[] = [];
  #written: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly write: (lines: string[]) => Promise<void>,
    private readonly onWriteError: (err: unknown) => void,
  ) {}

  add(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length < NETWORK_LINES_PER_WRITE) return;
    this.#written = Promise.all([this.#written, this.write(this.#lines).catch(this.onWriteError)]);
    this.#lines = [];
  }

  /** Waits for the batches written so far and returns the lines not yet written. */
  async rest(): Promise<string[]> {
    await this.#written;
    return this.#lines;
  }
}
