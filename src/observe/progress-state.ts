import type { RunSummary } from '../collector/collector-api.js';
import type { MerakiEvent } from '../meraki/events.js';

/** Window of the requests/s figure, seconds. */
export const DEFAULT_RATE_WINDOW_SECONDS = 10;

export interface ProgressSnapshot {
  elapsedMs: number;
  networksDone: number;
  /** Null until the run reports how many networks it planned. */
  networksTotal: number | null;
  networksFailed: number;
  clients: number;
  points: number;
  requests: number;
  rateLimited: number;
  retries: number;
  /** Requests per second over the last window. */
  requestsPerSecond: number;
  /** The configured budget: per-organization rate x organizations seen, capped by the per-IP rate. */
  budgetPerSecond: number;
  /** Null while unknown (no total, or nothing done yet). */
  etaMs: number | null;
}

export interface ProgressStateOptions {
  startedAtMs: number;
  ratePerOrgPerSecond: number;
  ratePerIpPerSecond: number;
  rateWindowSeconds?: number;
}

/** The counters behind the progress display; bounded memory (one slot per second of the rate window). */
export interface ProgressState {
  planned(networks: number): void;
  networkDone(soFar: Readonly<RunSummary>): void;
  event(event: MerakiEvent): void;
  snapshot(nowMs: number): ProgressSnapshot;
}

export function createProgressState(options: ProgressStateOptions): ProgressState {
  const windowSeconds = options.rateWindowSeconds ?? DEFAULT_RATE_WINDOW_SECONDS;
  const slots = new Array<{ second: number; count: number }>(windowSeconds);
  const orgs = new Set<string>();
  const s = { networksTotal: null as number | null, networksDone: 0, networksFailed: 0, clients: 0, points: 0, requests: 0, rateLimited: 0, retries: 0 };

  const countRequest = (atMs: number): void => {
    const second = Math.floor(atMs / 1000);
    const i = second % windowSeconds;
    const slot = slots[i];
    if (slot && slot.second === second) slot.count++;
    else slots[i] = { second, count: 1 };
  };

  return {
    planned(networks) {
      s.networksTotal = networks;
    },
    networkDone(soFar) {
      s.networksDone = soFar.networks;
      s.networksFailed = soFar.networksFailed;
      s.clients = soFar.clients;
      s.points = soFar.points;
    },
    event(event) {
      if (event.orgId !== null) orgs.add(event.orgId);
      if (event.type === 'request') {
        s.requests++;
        countRequest(event.startedAtMs);
      } else if (event.type === 'rateLimited') s.rateLimited++;
      else if (event.type === 'retry') s.retries++;
    },
    snapshot(nowMs) {
      const elapsedMs = Math.max(0, nowMs - options.startedAtMs);
      const nowSecond = Math.floor(nowMs / 1000);
      let recent = 0;
      for (const slot of slots) if (slot && slot.second > nowSecond - windowSeconds && slot.second <= nowSecond) recent += slot.count;
      const windowUsed = Math.min(windowSeconds, Math.max(1, elapsedMs / 1000));
      const budgetPerSecond = Math.min(options.ratePerIpPerSecond, options.ratePerOrgPerSecond * Math.max(1, orgs.size));
      const remaining = s.networksTotal === null ? null : Math.max(0, s.networksTotal - s.networksDone);
      const etaMs = remaining === null ? null : remaining === 0 ? 0 : s.networksDone === 0 ? null : (elapsedMs / s.networksDone) * remaining;
      return { ...s, elapsedMs, requestsPerSecond: recent / windowUsed, budgetPerSecond, etaMs };
    },
  };
}

/** `1h02m`, `3m05s`, `42s`; `?` when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '?';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}
