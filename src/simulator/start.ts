/** startSimulator: builds the world and serves it on 127.0.0.1 (main listener + an "untrusted" second one). */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { API_PREFIX, handleApi, hostKindOf } from './api-handler.js';
import { LiveCounters } from './counters.js';
import { Calendars, DAY_MS } from './day-buckets.js';
import { checkFaults, checkQuirks, resolveOptions } from './options.js';
import { orgFaultMap, otherAppDrain } from './org-faults.js';
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
  const tls = options.tls;
  // With `tls`, both listeners speak HTTPS with the given certificate (it must name 127.0.0.1 and localhost).
  const serve = (handler: RequestListener): Server =>
    tls ? createTlsServer({ ...serverOptions, cert: tls.cert, key: tls.key }, handler) : createServer(serverOptions, handler);
  const scheme = tls ? 'https' : 'http';
  const main = serve((req, res) => dispatch(state, req, res, false));
  const untrusted = serve((req, res) => dispatch(state, req, res, true));
  const connections = { count: 0 };
  for (const server of [main, untrusted]) server.on('connection', () => connections.count++);
  const port = await listen(main, state.options.port);
  try {
    const untrustedPort = await listen(untrusted, state.options.untrustedPort);
    state.origins = { primary: `${scheme}://${LISTEN_HOST}:${port}`, shard: `${scheme}://localhost:${port}`, untrusted: `${scheme}://${LISTEN_HOST}:${untrustedPort}` };
  } catch (e) {
    await close(main);
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return simulatorApi(state, () => connections.count, () => {
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
    limiter: new RateLimiter(o.rate, otherAppDrain(world, o.otherApplication)),
    orgFaults: orgFaultMap(world, o.orgFaults),
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

function simulatorApi(state: SimState, connections: () => number, stop: () => Promise<void>): Simulator {
  return {
    get connections() {
      return connections();
    },
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
