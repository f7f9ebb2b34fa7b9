/** The Meraki Dashboard API v1 simulator (see docs/simulator.md). */
export { startSimulator, LISTEN_HOST } from './start.js';
export type {
  Simulator,
  SimulatorOptions,
  SimClock,
  Quirks,
  Faults,
  RateOptions,
  SimWorld,
  Truth,
  TruthRow,
  TruthFilter,
  DayUsage,
  Counters,
  RateCounter,
  HostKind,
} from './types.js';
export type { ClientState } from './truth-types.js';
export type { SimOrganization, SimNetwork, SimSsid, SimClient, SimDevice } from './world-types.js';
export { keyFingerprint } from './counters.js';
export { DEFAULT_QUIRKS, DEFAULT_FAULTS, DEFAULT_SEED, DEFAULT_ORGS, DEFAULT_NETWORKS_PER_ORG, DEFAULT_CLIENTS_PER_NETWORK, DEFAULT_HISTORY_DAYS, DEFAULT_MAX_URL_LENGTH } from './options.js';
export { DEFAULT_RATE } from './rate-limiter.js';
export { DAY_MS } from './day-buckets.js';
export { ALWAYS_ACTIVE_CLIENTS } from './world-clients.js';
export { USAGE_PER_PAGE } from './routes-usage.js';
export { CLIENTS_PER_PAGE } from './routes-clients.js';
export { NETWORKS_PER_PAGE, ORGANIZATIONS_PER_PAGE } from './routes-organizations.js';
export { simulatorOptionsFromArgs, SIMULATE_HELP, SIMULATE_ARG_OPTIONS, describeSimulator, quirksFlag, faultsFlag } from './options-from-args.js';
export type { SimulateFlags } from './options-from-args.js';
