/**
 * The `simulate` command's flags and help text, with the names of the quirks and faults they list. Imports
 * nothing: the CLI's parser and help text read it without loading the simulator (.dependency-cruiser.cjs
 * allows src/cli to import this file only, and this file to import nothing).
 */

/** Names of the quirks, in the order of `DEFAULT_QUIRKS` (options.ts checks that they are the same). */
export const QUIRK_NAMES = [
  'receivedField',
  'tsJitter',
  'quotedRel',
  'shardLinks',
  'redirectToShard',
  'redirectStatus',
  'dayBoundary',
  'usageHistoriesPagination',
  'lookbackFrom',
  'prevLinks',
  'lateDataHours',
  'usage502AboveClients',
] as const;

/** Names of the faults, in the order of `DEFAULT_FAULTS` (options.ts checks that they are the same). */
export const FAULT_NAMES = [
  'serverErrorRate',
  'slowRate',
  'slowMs',
  'resetRate',
  'truncatedRate',
  'invalidJsonRate',
  'malformedRecordRate',
  'untrustedRedirectRate',
  'untrustedLinkRate',
  'stickyMalformedRate',
] as const;

/** Options for node:util parseArgs({ options: SIMULATE_ARG_OPTIONS }). */
export const SIMULATE_ARG_OPTIONS = {
  port: { type: 'string' },
  'untrusted-port': { type: 'string' },
  seed: { type: 'string' },
  orgs: { type: 'string' },
  networks: { type: 'string' },
  clients: { type: 'string' },
  'history-days': { type: 'string' },
  now: { type: 'string' },
  rate: { type: 'string' },
  'org-burst': { type: 'string' },
  'ip-rate': { type: 'string' },
  'max-url-length': { type: 'string' },
  'api-keys': { type: 'string' },
  quirks: { type: 'string' },
  faults: { type: 'string' },
  'time-zones': { type: 'string' },
} as const;

export const SIMULATE_HELP = `Usage: meraki-usage simulate [options]

Serves a simulated Meraki Dashboard API v1 on 127.0.0.1 (deterministic from --seed).
Any non-empty API key is accepted unless --api-keys is given:
  curl -H 'Authorization: Bearer anykey' http://127.0.0.1:8787/api/v1/organizations

Options:
  --port N             TCP port (default 0: any free port)
  --untrusted-port N   port of the "untrusted host" listener (default 0: any free port)
  --seed S             seed of the world and the faults (default 1)
  --orgs N             organizations (default 1)
  --networks N         networks per organization (default 3)
  --clients N          clients per network (default 50)
  --history-days N     days of usage before the start time (default 400)
  --now T              start time: ISO 8601 or ms since the epoch; the clock then stands still
                       until moved (POST /_sim/clock). Default: the real clock
  --rate N|off         requests per second per organization (default 10); off: no rate limits
  --org-burst N        extra burst per organization, requests (default: the --rate value)
  --ip-rate N          requests per second per source IP (default 100, or 10 x --rate if larger)
  --max-url-length N   longest path+query in characters, else 414 (default 8192)
  --api-keys a,b       accept only these API keys
  --quirks a,b,k=v     quirks to switch on: ${QUIRK_NAMES.join(', ')}
                       (booleans by name; dayBoundary=networkTimeZone, usageHistoriesPagination=days,
                       lookbackFrom=today, redirectStatus=308, prevLinks=false; lateDataHours=N:
                       closed days keep growing N hours, 0-48; usage502AboveClients=N: usage
                       requests naming more than N clients answer 502)
  --faults k=v,...     fault rates 0..1: ${FAULT_NAMES.filter((k) => k !== 'slowMs').join(', ')};
                       slowMs=N (delay of slow answers, ms)
  --time-zones a,b     IANA time zones given to the networks in turn (default: drawn by the seed); with
                       --quirks dayBoundary=networkTimeZone buckets start at these zones' midnights

Ground truth and controls (no key): GET /_sim/counters, POST /_sim/counters/reset, GET|POST /_sim/clock,
GET /_sim/truth?networkId=..&clientId=..&fromMs=..&toMs=..&ssidNumber=.., GET /_sim/world,
GET|POST /_sim/quirks, GET|POST /_sim/faults. See docs/simulator.md.
`;
