/** Live request counters of one simulator; `snapshot()` gives the public Counters shape. */
import { createHash } from 'node:crypto';
import { SlidingWindow } from './sliding-window.js';
import type { Counters, HostKind, RateCounter } from './counters-types.js';

/** A short, non-reversible fingerprint of an API key (sha256, 12 hex digits): what counters store. */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 12);
}

class RateTally {
  requests = 0;
  throttled = 0;
  readonly window = new SlidingWindow();

  snapshot(): RateCounter {
    return { requests: this.requests, throttled: this.throttled, peakPerSecond: this.window.peak };
  }
}

const HOSTS: readonly HostKind[] = ['primary', 'shard', 'untrusted'];
const FINGERPRINT_CACHE_SIZE = 256;

export class LiveCounters {
  private requests = 0;
  private throttled = 0;
  private byOrg = new Map<string, RateTally>();
  private byIp = new Map<string, RateTally>();
  private byEndpoint = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private keys = new Map<HostKind, Set<string>>();
  private keyed = new Map<HostKind, number>();
  private faults = new Map<string, number>();
  /** Fingerprints of recent keys (hashing every request's key would cost more than the rest of the request). */
  private fingerprints = new Map<string, string>();

  /** One request received on /api/v1 (before any answer). */
  request(ip: string, host: HostKind, apiKey: string | undefined, nowMs: number): void {
    this.requests++;
    tally(this.byIp, ip, nowMs);
    if (apiKey) {
      let set = this.keys.get(host);
      if (!set) this.keys.set(host, (set = new Set()));
      let fingerprint = this.fingerprints.get(apiKey);
      if (fingerprint === undefined) {
        if (this.fingerprints.size >= FINGERPRINT_CACHE_SIZE) this.fingerprints.clear();
        this.fingerprints.set(apiKey, (fingerprint = keyFingerprint(apiKey)));
      }
      set.add(fingerprint);
      this.keyed.set(host, (this.keyed.get(host) ?? 0) + 1);
    }
  }

  /** The request's organization and endpoint, once routed. */
  routed(orgId: string | undefined, endpoint: string, nowMs: number): void {
    this.byEndpoint.set(endpoint, (this.byEndpoint.get(endpoint) ?? 0) + 1);
    if (orgId !== undefined) tally(this.byOrg, orgId, nowMs);
  }

  throttle(ip: string, orgId: string | undefined): void {
    this.throttled++;
    const ipTally = this.byIp.get(ip);
    if (ipTally) ipTally.throttled++;
    const orgTally = orgId === undefined ? undefined : this.byOrg.get(orgId);
    if (orgTally) orgTally.throttled++;
  }

  cachedAnswers = 0;

  status(status: number | 'reset'): void {
    const key = String(status);
    this.byStatus.set(key, (this.byStatus.get(key) ?? 0) + 1);
  }

  /** A fault of `kind` applied to an answer. */
  fault(kind: string): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
  }

  reset(): void {
    this.requests = 0;
    this.throttled = 0;
    this.cachedAnswers = 0;
    for (const map of [this.byOrg, this.byIp, this.byEndpoint, this.byStatus, this.keys, this.keyed, this.faults]) map.clear();
  }

  snapshot(): Counters {
    const rates = (map: Map<string, RateTally>): Record<string, RateCounter> =>
      Object.fromEntries([...map].map(([k, v]) => [k, v.snapshot()]));
    return {
      requests: this.requests,
      throttled: this.throttled,
      byOrg: rates(this.byOrg),
      byIp: rates(this.byIp),
      byEndpoint: Object.fromEntries(this.byEndpoint),
      byStatus: Object.fromEntries(this.byStatus),
      keysSeen: Object.fromEntries(HOSTS.map((h) => [h, [...(this.keys.get(h) ?? [])]])) as Record<HostKind, string[]>,
      keyedRequests: Object.fromEntries(HOSTS.map((h) => [h, this.keyed.get(h) ?? 0])) as Record<HostKind, number>,
      cachedAnswers: this.cachedAnswers,
      faultsInjected: Object.fromEntries(this.faults),
    };
  }
}

function tally(map: Map<string, RateTally>, key: string, nowMs: number): void {
  let t = map.get(key);
  if (!t) map.set(key, (t = new RateTally()));
  t.requests++;
  t.window.record(nowMs);
}
