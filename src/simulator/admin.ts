/** The /_sim endpoints (no key, not counted): counters, clock, ground truth, world, quirks and faults. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkFaults, checkQuirks } from './options.js';
import type { SimState } from './sim-state.js';
import type { TruthFilter } from './truth-types.js';
import type { Faults, Quirks } from './types.js';

export const ADMIN_PREFIX = '/_sim';
/** Most truth rows one GET /_sim/truth returns (more: narrow the filter or pass limit). */
export const DEFAULT_TRUTH_LIMIT = 10_000;

export async function handleAdmin(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const route = `${req.method ?? 'GET'} ${url.pathname.slice(ADMIN_PREFIX.length)}`;
  try {
    const body = req.method === 'POST' ? await readJson(req) : {};
    send(res, 200, answer(state, route, url.searchParams, body));
  } catch (e) {
    send(res, (e as { status?: number }).status ?? 400, { errors: [(e as Error).message] });
  }
}

function answer(state: SimState, route: string, q: URLSearchParams, body: Record<string, unknown>): unknown {
  switch (route) {
    case 'GET /counters':
      return state.counters.snapshot();
    case 'POST /counters/reset':
      state.counters.reset();
      return { ok: true };
    case 'GET /clock':
      return clockJson(state);
    case 'POST /clock':
      return setClock(state, { ...Object.fromEntries(q), ...body });
    case 'GET /truth':
      return truthRows(state, q);
    case 'GET /world':
      return worldJson(state);
    case 'GET /quirks':
      return state.quirks;
    case 'POST /quirks':
      return (state.quirks = checkQuirks({ ...state.quirks, ...body } as Quirks));
    case 'GET /faults':
      return state.faults;
    case 'POST /faults':
      return (state.faults = checkFaults({ ...state.faults, ...body } as Faults));
    default:
      throw Object.assign(new Error(`unknown simulator endpoint: ${route}`), { status: 404 });
  }
}

function clockJson(state: SimState): unknown {
  const now = state.clock.now();
  return { now, iso: new Date(now).toISOString() };
}

function setClock(state: SimState, b: Record<string, unknown>): unknown {
  if (b.now !== undefined) {
    const ms = typeof b.now === 'number' ? b.now : /^\d+$/.test(String(b.now)) ? Number(b.now) : Date.parse(String(b.now));
    if (!Number.isFinite(ms)) throw new Error('now must be ms since the epoch or an ISO time');
    state.clock.set(ms);
  }
  if (b.advanceMs !== undefined) {
    const ms = Number(b.advanceMs);
    if (!Number.isFinite(ms)) throw new Error('advanceMs must be a number of milliseconds');
    state.clock.advance(ms);
  }
  return clockJson(state);
}

function truthRows(state: SimState, q: URLSearchParams): unknown {
  const num = (name: string): number | undefined => (q.get(name) === null ? undefined : Number(q.get(name)));
  const filter: TruthFilter = {
    orgId: q.get('orgId') ?? undefined,
    networkId: q.get('networkId') ?? undefined,
    fromMs: num('fromMs'),
    toMs: num('toMs'),
    ssidNumber: num('ssidNumber'),
  };
  const clientId = q.get('clientId');
  const limit = num('limit') ?? DEFAULT_TRUTH_LIMIT;
  const rows = [];
  for (const row of state.truth.rows(filter)) {
    if (clientId !== null && row.clientId !== clientId) continue;
    if (rows.length >= limit) break;
    rows.push(row);
  }
  return rows;
}

function worldJson(state: SimState): unknown {
  return {
    seed: state.world.seed,
    clientCount: state.world.clientCount,
    organizations: state.world.organizations.map((o) => ({
      id: o.id,
      name: o.name,
      apiEnabled: o.apiEnabled,
      networks: o.networks.map((n) => ({ id: n.id, name: n.name, timeZone: n.timeZone, trackByIp: n.trackByIp, clients: n.clients.length })),
    })),
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('body must be a JSON object');
  return value as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}
