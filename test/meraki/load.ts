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
 * Offers `oversubscription` x `ratePerSecond` x `seconds` calls (GET ssids of one network of the organization)
 * all at once and counts the outcomes. It stops (aborting what is left) when `stopWhen` holds after a call
 * settled, when `stop` fires, or at `maxMs` of real time: a bound for a broken client only, never the condition a
 * test relies on (tests stop on counts, so a slow machine makes them longer, not different).
 */
export async function saturate(
  client: MerakiClient,
  sim: Simulator,
  orgId: string,
  options: {
    ratePerSecond: number;
    seconds: number;
    oversubscription?: number;
    stopWhen?: (result: LoadResult) => boolean;
    stop?: AbortSignal;
    maxMs?: number;
    /** Counted into (so a caller can watch it while the load runs); a new one when absent. */
    result?: LoadResult;
  },
): Promise<LoadResult> {
  const net = sim.world.networks.find((n) => n.organizationId === orgId);
  if (!net) throw new Error(`no network in ${orgId}`);
  const calls = Math.ceil((options.oversubscription ?? 20) * options.ratePerSecond * options.seconds);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.maxMs ?? 40_000);
  const onStop = (): void => controller.abort();
  options.stop?.addEventListener('abort', onStop, { once: true });
  const result: LoadResult = options.result ?? { ok: 0, failed: 0, aborted: 0 };
  const settled = (): void => {
    if (options.stopWhen?.(result)) controller.abort();
  };
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
        settled();
      }),
    );
  } finally {
    clearTimeout(timer);
    options.stop?.removeEventListener('abort', onStop);
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
 * until `stop` fires. Returns how many answers were 429.
 */
export async function hammer(sim: Simulator, orgId: string, stop: AbortSignal, workers = 8): Promise<number> {
  const net = sim.world.networks.find((n) => n.organizationId === orgId);
  if (!net) throw new Error(`no network in ${orgId}`);
  const url = `${sim.url}/networks/${net.id}/wireless/ssids`;
  let throttled = 0;
  const loop = async (): Promise<void> => {
    while (!stop.aborted) {
      const res = await fetch(url, { headers: { Authorization: 'Bearer other-tool-key' } });
      await res.arrayBuffer();
      if (res.status === 429) throttled++;
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
  return throttled;
}

/** Aborts `controller` once `probe` holds (polled every 10 ms); resolves then. The test timeout bounds it. */
export async function abortWhen(controller: AbortController, probe: () => boolean): Promise<void> {
  while (!probe() && !controller.signal.aborted) await new Promise((r) => setTimeout(r, 10));
  controller.abort();
}
