/** Meraki's rate limits: a token bucket per organization and one per source IP (real time, not the sim clock). */
import type { RateOptions } from './types.js';

export const DEFAULT_RATE: RateOptions = { perOrgPerSecond: 10, orgBurst: 10, perIpPerSecond: 100 };

class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    nowMs: number,
    /** Requests per second someone else takes from this bucket (another application). */
    private readonly drainPerSecond = 0,
  ) {
    this.tokens = capacity;
    this.last = nowMs;
  }

  /** Tokens available now (refilled). */
  level(nowMs: number): number {
    const dt = nowMs - this.last;
    this.tokens = Math.min(this.capacity, this.tokens + (dt * this.perSecond) / 1000);
    if (this.drainPerSecond > 0) this.tokens = Math.max(0, this.tokens - (dt * this.drainPerSecond) / 1000);
    this.last = nowMs;
    return this.tokens;
  }

  take(): void {
    this.tokens -= 1;
  }

  /** Milliseconds until one token is available. */
  waitMs(): number {
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.perSecond;
  }
}

/** Result of a check: allowed, or refused with the wait in whole seconds (>= 1). */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number; scope: 'organization' | 'ip' };

export class RateLimiter {
  private readonly orgs = new Map<string, TokenBucket>();
  private readonly ips = new Map<string, TokenBucket>();

  /** `drains`: organization id -> requests per second another application takes from its bucket. */
  constructor(
    private readonly options: RateOptions | false,
    private readonly drains: ReadonlyMap<string, number> = new Map(),
  ) {}

  /** Takes a token from the IP's bucket and the organization's (if any), or neither. */
  check(ip: string, orgId: string | undefined, nowMs: number): RateDecision {
    if (!this.options) return { ok: true };
    const o = this.options;
    const ipBucket = bucket(this.ips, ip, o.perIpPerSecond, o.perIpPerSecond, nowMs);
    const orgBucket = orgId === undefined ? undefined : bucket(this.orgs, orgId, o.perOrgPerSecond + o.orgBurst, o.perOrgPerSecond, nowMs, this.drains.get(orgId));
    if (ipBucket.level(nowMs) < 1) return refuse(ipBucket, 'ip');
    if (orgBucket && orgBucket.level(nowMs) < 1) return refuse(orgBucket, 'organization');
    ipBucket.take();
    orgBucket?.take();
    return { ok: true };
  }
}

function bucket(map: Map<string, TokenBucket>, key: string, capacity: number, perSecond: number, nowMs: number, drain = 0): TokenBucket {
  let b = map.get(key);
  if (!b) map.set(key, (b = new TokenBucket(capacity, perSecond, nowMs, drain)));
  return b;
}

function refuse(b: TokenBucket, scope: 'organization' | 'ip'): RateDecision {
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(b.waitMs() / 1000)), scope };
}
