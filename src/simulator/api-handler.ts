/** The /api/v1 request pipeline: count, 414, auth, route, redirects, rate limit, faults, handler, answer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ApiError } from './api-error.js';
import type { HostKind } from './counters-types.js';
import { hash4, hex } from './hash.js';
import { errorBody, roll, ROLL, sendJson, sendRedirect } from './http-send.js';
import type { RouteContext, RouteMatch, RouteResult } from './route-types.js';
import { throwLargeUsage502, throwOrgFault } from './org-faults.js';
import { matchRoute } from './router.js';
import type { SimState } from './sim-state.js';
import type { SimOrganization } from './world-types.js';

export const API_PREFIX = '/api/v1';
const SERVER_ERRORS = [500, 502, 503, 504] as const;

/** The API key of a request: `Authorization: Bearer KEY` or `X-Cisco-Meraki-API-Key: KEY`. */
export function apiKeyOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  const bearer = auth && /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
  const legacy = req.headers['x-cisco-meraki-api-key'];
  const key = bearer || (typeof legacy === 'string' ? legacy.trim() : undefined);
  return key ? key : undefined;
}

export function hostKindOf(req: IncomingMessage, untrustedListener: boolean): HostKind {
  if (untrustedListener) return 'untrusted';
  return (req.headers.host ?? '').toLowerCase().startsWith('localhost') ? 'shard' : 'primary';
}

export function handleApi(state: SimState, req: IncomingMessage, res: ServerResponse, host: HostKind): void {
  const seq = ++state.seq;
  res.setHeader('X-Request-Id', `${hex(hash4(state.options.seed, seq, 0x1d), 8)}${hex(seq, 8)}`);
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? '' : url.slice(queryAt + 1);
  const ip = req.socket.remoteAddress ?? 'unknown';
  const apiKey = apiKeyOf(req);
  const tNow = performance.now();
  state.counters.request(ip, host, apiKey, tNow);
  try {
    if (url.length > state.options.maxUrlLength) throw new ApiError(414, ['Request-URI Too Long']);
    const key = apiKey;
    if (key === undefined || (state.options.apiKeys && !state.options.apiKeys.includes(key))) throw new ApiError(401, ['Invalid API key']);
    const allowed = state.options.keyOrgs?.[key];
    const visible = (org: SimOrganization): boolean => !allowed || allowed.includes(org.id);
    const match = route(state, req.method ?? 'GET', path.slice(API_PREFIX.length), visible);
    state.counters.routed(match.org?.id, match.endpoint, tNow);
    if (redirected(state, res, seq, host, url)) return;
    const decision = state.limiter.check(ip, match.org?.id, tNow);
    if (!decision.ok) {
      state.counters.throttle(ip, match.org?.id);
      const what = decision.scope === 'organization' ? 'organization' : 'IP address';
      throw new ApiError(429, [`API rate limit exceeded for ${what}`], { 'Retry-After': String(decision.retryAfterSeconds) });
    }
    if (roll(state, seq, ROLL.reset) < state.faults.resetRate) {
      state.counters.status('reset');
      state.counters.fault('reset');
      req.socket.destroy();
      return;
    }
    throwOrgFault(state.orgFaults, match);
    throwLargeUsage502(state.quirks.usage502AboveClients, match, rawQuery);
    throwServerError(state, seq);
    const result = answer(state, match, key, () => context(state, seq, path, rawQuery, host, visible), `${host} ${url}`);
    sendJson(state, res, seq, 200, result.body, result.link ? { Link: result.link } : {});
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(500, [`Internal error: ${(e as Error).message}`]);
    sendJson(state, res, seq, err.status, errorBody(err.errors), err.headers);
  }
}

/** The route's answer, or the same answer from `state.responses` (see `cacheResponses`). */
function answer(state: SimState, match: RouteMatch, apiKey: string, ctx: () => RouteContext, request: string): RouteResult {
  const cache = state.responses;
  // Faults and ts jitter differ from request to request (they roll on its number): never kept.
  if (!cache || state.quirks.tsJitter || Object.entries(state.faults).some(([k, v]) => k !== 'slowMs' && v !== 0)) return match.run(ctx());
  if (cache.quirks !== state.quirks || cache.faults !== state.faults) {
    cache.answers.clear();
    cache.quirks = state.quirks;
    cache.faults = state.faults;
  }
  const key = `${state.clock.now()} ${apiKey} ${request}`;
  const kept = cache.answers.get(key);
  if (kept) {
    state.counters.cachedAnswers++;
    return kept;
  }
  const result = match.run(ctx());
  cache.answers.set(key, result);
  return result;
}

function route(state: SimState, method: string, path: string, visible: (o: SimOrganization) => boolean): RouteMatch {
  try {
    return matchRoute(state.world, method, path, visible);
  } catch (e) {
    if (e instanceof URIError) throw new ApiError(404, ['Not found']);
    throw e;
  }
}

/** The redirect quirk (primary -> shard) and the untrusted-redirect fault; true when a redirect was sent. */
function redirected(state: SimState, res: ServerResponse, seq: number, host: HostKind, url: string): boolean {
  if (host === 'primary' && state.quirks.redirectToShard) {
    sendRedirect(state, res, `${state.origins.shard}${url}`);
    return true;
  }
  if (host !== 'untrusted' && roll(state, seq, ROLL.untrustedRedirect) < state.faults.untrustedRedirectRate) {
    state.counters.fault('untrustedRedirect');
    sendRedirect(state, res, `${state.origins.untrusted}${url}`);
    return true;
  }
  return false;
}

function throwServerError(state: SimState, seq: number): void {
  if (roll(state, seq, ROLL.serverError) >= state.faults.serverErrorRate) return;
  const which = Math.floor(roll(state, seq, ROLL.which) * SERVER_ERRORS.length);
  const status = SERVER_ERRORS[which] ?? 500;
  const headers: Record<string, string> = status === 503 || (status === 502 && which % 2 === 0) ? { 'Retry-After': '1' } : {};
  state.counters.fault('serverError');
  throw new ApiError(status, [status === 503 ? 'Service Unavailable' : status === 504 ? 'Gateway Timeout' : 'Something went wrong'], headers);
}

function context(state: SimState, seq: number, path: string, rawQuery: string, host: HostKind, visible: (o: SimOrganization) => boolean): RouteContext {
  const untrustedLink = host !== 'untrusted' && roll(state, seq, ROLL.untrustedLink) < state.faults.untrustedLinkRate;
  const origin = untrustedLink ? state.origins.untrusted : state.quirks.shardLinks ? state.origins.shard : state.origins[host];
  return {
    model: state.model,
    seed: state.options.seed,
    quirks: state.quirks,
    faults: state.faults,
    nowMs: state.clock.now(),
    query: new URLSearchParams(rawQuery),
    rawQuery,
    linkBase: `${origin}${path}`,
    requestSeq: seq,
    visible,
  };
}
