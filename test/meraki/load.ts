import type { MerakiClient, MerakiEvent } from '../../src/meraki/index.js';
import type { Simulator } from '../../src/simulator/index.js';

export interface LoadResult {
  ok: number;
  failed: number;
  aborted: number;
}

/**
 * Requests per second of `orgId` between its first and last request (the first `burst` excluded), from the
 * client's events; independent of how long the test took to queue its calls.
 */
export function achievedPerSecond(events: MerakiEvent[], orgId: string, burst: number): number {
  const starts = events.flatMap((e) => (e.type === 'request' && e.orgId === orgId ? [e.startedAtMs] : []));
  if (starts.length < burst + 2) return 0;
  const spanMs = (starts.at(-1) as number) - (starts[0] as number);
  return ((starts.length - 1 - burst) * 1000) / spanMs;
}

/**
 * Offers `oversubscription` x `ratePerSecond` x `durationMs` calls (GET ssids of one network of the
 * organization) all at once, aborts what is left after `durationMs`, and counts the outcomes.
 */
export async function saturate(
  client: MerakiClient,
  sim: Simulator,
  orgId: string,
  options: { ratePerSecond: number; durationMs: number; oversubscription?: number },
): Promise<LoadResult> {
  const net = sim.world.networks.find((n) => n.organizationId === orgId);
  if (!net) throw new Error(`no network in ${orgId}`);
  const calls = Math.ceil((options.oversubscription ?? 20) * options.ratePerSecond * (options.durationMs / 1000));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.durationMs);
  const result: LoadResult = { ok: 0, failed: 0, aborted: 0 };
  try {
    const api = client.org(orgId);
    await Promise.all(
      Array.from({ length: calls }, async () => {
        try {
          await api.ssids(net.id, controller.signal);
          result.ok++;
        } catch {
          if (controller.signal.aborted) result.aborted++;
          else result.failed++;
        }
      }),
    );
  } finally {
    clearTimeout(timer);
  }
  return result;
}

/** Requests of `orgId` sent inside a 429's Retry-After wait (must be none). */
export function requestsInsideRetryAfter(events: MerakiEvent[], orgId: string): string[] {
  const violations: string[] = [];
  const sent = events.filter((e) => e.type === 'request' && e.orgId === orgId);
  for (const e of events) {
    if (e.type !== 'rateLimited' || e.orgId !== orgId || e.retryAfterMs === null) continue;
    const until = e.atMs + e.retryAfterMs;
    for (const r of sent) {
      if (r.type === 'request' && r.startedAtMs > e.atMs && r.startedAtMs < until) {
        violations.push(`request at ${r.startedAtMs} inside the wait ${e.atMs}..${until}`);
      }
    }
  }
  return violations;
}

/**
 * Another tool of the customer's that ignores 429s: `workers` loops of plain GETs on one network of `orgId`
 * for `durationMs`. Returns how many answers were 429.
 */
export async function hammer(sim: Simulator, orgId: string, durationMs: number, workers = 8): Promise<number> {
  const net = sim.world.networks.find((n) => n.organizationId === orgId);
  if (!net) throw new Error(`no network in ${orgId}`);
  const url = `${sim.url}/networks/${net.id}/wireless/ssids`;
  const until = Date.now() + durationMs;
  let throttled = 0;
  const loop = async (): Promise<void> => {
    while (Date.now() < until) {
      const res = await fetch(url, { headers: { Authorization: 'Bearer other-tool-key' } });
      await res.arrayBuffer();
      if (res.status === 429) throttled++;
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
  return throttled;
}
