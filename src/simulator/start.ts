/** startSimulator: builds the world and serves it on 127.0.0.1 (main listener + an "untrusted" second one). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { API_PREFIX, handleApi, hostKindOf } from './api-handler.js';
import { LiveCounters } from './counters.js';
import { Calendars, DAY_MS } from './day-buckets.js';
import { checkFaults, checkQuirks, resolveOptions } from './options.js';
import { RateLimiter } from './rate-limiter.js';
import { createSimClock } from './sim-clock.js';
import type { SimState } from './sim-state.js';
import { createTruth } from './truth.js';
import type { Simulator, SimulatorOptions } from './types.js';
import { UsageModel } from './usage-model.js';
import { buildWorld } from './world-build.js';

export const LISTEN_HOST = '127.0.0.1';
/** Request header bytes the listeners accept, so that long URLs get Meraki's 414 rather than Node's 431. */
const MAX_HEADER_BYTES = 1 << 20;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const state = createState(options);
  const serverOptions = { maxHeaderSize: Math.max(MAX_HEADER_BYTES, state.options.maxUrlLength * 2) };
  const main = createServer(serverOptions, (req, res) => dispatch(state, req, res, false));
  const untrusted = createServer(serverOptions, (req, res) => dispatch(state, req, res, true));
  const port = await listen(main, state.options.port);
  try {
    const untrustedPort = await listen(untrusted, state.options.untrustedPort);
    state.origins = { primary: `http://${LISTEN_HOST}:${port}`, shard: `http://localhost:${port}`, untrusted: `http://${LISTEN_HOST}:${untrustedPort}` };
  } catch (e) {
    await close(main);
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return simulatorApi(state, () => {
    stopping ??= (async () => {
      for (const timer of state.timers) clearTimeout(timer);
      state.timers.clear();
      await Promise.all([close(main), close(untrusted)]);
    })();
    return stopping;
  });
}

function createState(options: SimulatorOptions): SimState {
  const o = resolveOptions(options);
  const clock = createSimClock(o.now);
  const world = buildWorld({
    seed: o.seed,
    orgs: o.orgs,
    networksPerOrg: o.networksPerOrg,
    clientsPerNetwork: o.clientsPerNetwork,
    startDay: Math.floor(clock.now() / DAY_MS),
    historyDays: o.historyDays,
    apiDisabledOrgs: o.apiDisabledOrgs,
    growthPctPerMonth: o.growthPctPerMonth,
    timeZones: o.timeZones,
    churn: o.churn,
  });
  const calendars = new Calendars();
  const holder = { quirks: o.quirks };
  const model = new UsageModel(world, clock, calendars, () => holder.quirks);
  const state: SimState = {
    options: o,
    clock,
    world,
    calendars,
    model,
    truth: createTruth(model),
    counters: new LiveCounters(),
    limiter: new RateLimiter(o.rate),
    get quirks() {
      return holder.quirks;
    },
    set quirks(q) {
      holder.quirks = q;
    },
    faults: o.faults,
    seq: 0,
    origins: { primary: '', shard: '', untrusted: '' },
    timers: new Set(),
    responses: o.cacheResponses ? { quirks: null, faults: null, answers: new Map() } : null,
  };
  return state;
}

function simulatorApi(state: SimState, stop: () => Promise<void>): Simulator {
  return {
    url: `${state.origins.primary}${API_PREFIX}`,
    shardUrl: `${state.origins.shard}${API_PREFIX}`,
    untrustedUrl: `${state.origins.untrusted}${API_PREFIX}`,
    adminUrl: `${state.origins.primary}${ADMIN_PREFIX}`,
    clock: state.clock,
    world: state.world,
    truth: state.truth,
    get counters() {
      return state.counters.snapshot();
    },
    get quirks() {
      return state.quirks;
    },
    get faults() {
      return state.faults;
    },
    setQuirks: (q) => {
      state.quirks = checkQuirks({ ...state.quirks, ...q });
    },
    setFaults: (f) => {
      state.faults = checkFaults({ ...state.faults, ...f });
    },
    resetCounters: () => state.counters.reset(),
    stop,
  };
}

function dispatch(state: SimState, req: IncomingMessage, res: ServerResponse, untrustedListener: boolean): void {
  const url = req.url ?? '/';
  if (url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || url.startsWith(`${API_PREFIX}?`)) {
    handleApi(state, req, res, hostKindOf(req, untrustedListener));
  } else if (!untrustedListener && (url === ADMIN_PREFIX || url.startsWith(`${ADMIN_PREFIX}/`))) {
    void handleAdmin(state, req, res);
  } else {
    const body = JSON.stringify({ errors: ['Not found'] });
    res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  }
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LISTEN_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
