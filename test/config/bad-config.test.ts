import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configError, tempDir } from './helpers.js';

/** [case, environment, expected key in the message, expected fix text] */
const BAD_ENV: [string, Record<string, string>, string, string][] = [
  ['org ids with semicolons', { MERAKI_ORG_IDS: '1;2' }, 'MERAKI_ORG_IDS', 'e.g. 123456,789012'],
  ['network ids with spaces', { MERAKI_NETWORK_IDS: 'L 1' }, 'MERAKI_NETWORK_IDS', 'separated by commas'],
  ['base URL not a URL', { MERAKI_BASE_URL: 'api.meraki.com' }, 'MERAKI_BASE_URL', 'http(s) URL'],
  ['base URL ftp', { MERAKI_BASE_URL: 'ftp://x/api' }, 'MERAKI_BASE_URL', 'http(s) URL'],
  ['influx URL bad', { INFLUX_URL: 'localhost:8086' }, 'INFLUX_URL', 'http(s) URL'],
  ['influx v2 without token', { INFLUX_URL: 'http://i:8086', INFLUX_ORG: 'o', INFLUX_BUCKET: 'b' }, 'influx.token', 'INFLUX_TOKEN'],
  ['influx v2 without bucket', { INFLUX_URL: 'http://i:8086', INFLUX_TOKEN: 't', INFLUX_ORG: 'o' }, 'influx.bucket', 'INFLUX_API_VERSION=1'],
  ['influx v1 without database', { INFLUX_URL: 'http://i:8086', INFLUX_API_VERSION: '1' }, 'influx.database', 'INFLUX_DATABASE'],
  ['influx token without URL', { INFLUX_TOKEN: 't', INFLUX_ORG: 'o', INFLUX_BUCKET: 'b' }, 'influx.url', 'INFLUX_URL'],
  ['influx api version 3', { INFLUX_URL: 'http://i:8086', INFLUX_API_VERSION: '3' }, 'INFLUX_API_VERSION', '2 (InfluxDB'],
  ['influx api version text', { INFLUX_URL: 'http://i:8086', INFLUX_API_VERSION: 'v2' }, 'INFLUX_API_VERSION', 'or 1'],
  ['bad cron', { COLLECTOR_SCHEDULE: 'every hour' }, 'COLLECTOR_SCHEDULE', 'e.g. 7 * * * *'],
  ['cron out of range', { COLLECTOR_SCHEDULE: '61 * * * *' }, 'COLLECTOR_SCHEDULE', 'cron expression'],
  ['shard not i/n', { COLLECTOR_SHARD: 'two' }, 'COLLECTOR_SHARD', 'e.g. 0/2'],
  ['shard index too big', { COLLECTOR_SHARD: '2/2' }, 'COLLECTOR_SHARD', '0 <= i < n'],
  ['shard count zero', { COLLECTOR_SHARD: '0/0' }, 'COLLECTOR_SHARD', 'e.g. 2'],
  ['trusted host with a path', { MERAKI_TRUSTED_HOSTS: 'evil.example/x' }, 'MERAKI_TRUSTED_HOSTS', 'e.g. *.meraki.com'],
  ['trusted host bare wildcard', { MERAKI_TRUSTED_HOSTS: '*' }, 'MERAKI_TRUSTED_HOSTS', 'host:port'],
  ['log level', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', 'debug, info, warn, error'],
  ['log format', { LOG_FORMAT: 'xml' }, 'LOG_FORMAT', 'json, pretty, auto'],
  ['run at start', { COLLECTOR_RUN_AT_START: 'maybe' }, 'COLLECTOR_RUN_AT_START', 'true or false'],
  ['time zone', { COLLECTOR_TIMEZONE: 'Mars/Base' }, 'COLLECTOR_TIMEZONE', 'IANA time zone'],
  ['state store influx without influx', { COLLECTOR_STATE_STORE: 'influx' }, 'COLLECTOR_STATE_STORE', 'INFLUX_URL'],
  ['api key with a line break', { MERAKI_API_KEY: 'abc\ndef' }, 'MERAKI_API_KEY', 'without spaces'],
];

/** [case, YAML, expected key, expected fix text] */
const BAD_FILES: [string, string, string, string][] = [
  ['rate zero', 'meraki: { ratePerOrgPerSecond: 0 }', 'meraki.ratePerOrgPerSecond', 'expected a number > 0, e.g. 8'],
  ['rate negative', 'meraki: { ratePerIpPerSecond: -1 }', 'meraki.ratePerIpPerSecond', '> 0'],
  ['rate text', 'meraki: { ratePerOrgPerSecond: fast }', 'meraki.ratePerOrgPerSecond', '(got "fast")'],
  ['perPage too small', 'collection: { usagePerPage: 2 }', 'collection.usagePerPage', 'from 3 to 1000'],
  ['perPage too big', 'collection: { usagePerPage: 5000 }', 'collection.usagePerPage', 'from 3 to 1000'],
  ['perPage fraction', 'collection: { usagePerPage: 10.5 }', 'collection.usagePerPage', 'whole number'],
  ['lookback too long', 'collection: { lookbackSeconds: 3000000 }', 'collection.lookbackSeconds', 'to 2678400'],
  ['bad regex', 'targets: { networkFilter: { namePattern: "([a-" } }', 'targets.networkFilter.namePattern', 'invalid regular expression'],
  ['bad filter regex', 'targets: { defaultClients: { filter: { osPattern: "*iOS" } } }', 'targets.defaultClients.filter.osPattern', 'regular expression'],
  ['connection', 'targets: { defaultClients: { filter: { connection: wifi } } }', 'targets.defaultClients.filter.connection', 'any, Wired, Wireless'],
  ['explicit without clients', 'targets: { clientSets: { L_1: { mode: explicit, clients: [] } } }', 'targets.clientSets.L_1.clients', 'at least one client'],
  ['unknown mode', 'targets: { clientSets: { L_1: { mode: all } } }', 'targets.clientSets.L_1.mode', 'explicit'],
  ['unknown top-level key', 'merakii: {}', 'merakii', 'did you mean meraki?'],
  ['unknown nested key', 'targets: { networkFiltr: {} }', 'targets.networkFiltr', 'did you mean networkFilter?'],
  ['case typo', 'meraki: { apikey: x }', 'meraki.apikey', 'did you mean apiKey?'],
  ['unknown filter key', 'targets: { defaultClients: { filter: { ssid: [a] } } }', 'targets.defaultClients.filter.ssid', 'did you mean ssids?'],
  ['unknown key far off', 'schedule: { frequency: 1 }', 'schedule.frequency', 'expected one of cron, runAtStart, timezone, stallLimitSeconds'],
  ['wrong section type', 'meraki: 5', 'meraki', 'expected'],
  ['influx apiVersion in file', 'influx: { url: "http://i", apiVersion: 4 }', 'influx.apiVersion', 'or 1'],
  ['influx batch size', 'influx: { url: "http://i", database: d, apiVersion: 1, batchSize: 0 }', 'influx.batchSize', 'from 1 to 100000'],
  ['tagsMatch', 'targets: { networkFilter: { tagsMatch: some } }', 'targets.networkFilter.tagsMatch', 'any, all'],
  ['unset ${VAR}', 'meraki: { apiKey: "${NOT_SET_ANYWHERE}" }', 'meraki.apiKey', 'set NOT_SET_ANYWHERE'],
  ['not a mapping', '- a\n- b', 'c.yaml', 'expected a YAML mapping'],
  ['invalid YAML', 'meraki: {', 'c.yaml', 'invalid YAML'],
  ['duplicate key', 'log: {}\nlog: {}', 'c.yaml', 'invalid YAML'],
];

describe('bad configuration', () => {
  it.each(BAD_ENV)('environment: %s', (_name, env, key, fix) => {
    const err = configError(() => loadConfig({ env, cwd: tempDir() }));
    expect(err.exitCode).toBe(2);
    expect(err.problems.map((p) => p.key)).toContain(key);
    expect(err.message).toContain(fix);
    expect(err.message).not.toMatch(/\n\s+at /);
  });

  it.each(BAD_FILES)('file: %s', (_name, yaml, key, fix) => {
    const cwd = tempDir({ 'c.yaml': yaml });
    const err = configError(() => loadConfig({ file: 'c.yaml', env: {}, cwd }));
    const keys = err.problems.map((p) => p.key.replace(cwd + '/', ''));
    expect(keys).toContain(key);
    expect(err.message).toContain(fix);
  });

  it('reports every problem at once', () => {
    const err = configError(() => loadConfig({ env: { LOG_LEVEL: 'x', COLLECTOR_SHARD: 'y' }, cwd: tempDir() }));
    expect(err.problems.map((p) => p.key).sort()).toEqual(['COLLECTOR_SHARD', 'LOG_LEVEL']);
    expect(err.message).toMatch(/2 problems/);
  });

  it('names a missing config file and how it was chosen', () => {
    const err = configError(() => loadConfig({ file: 'nope.yaml', env: {}, cwd: tempDir() }));
    expect(err.message).toContain('nope.yaml');
    expect(err.message).toContain('--config');
  });

  it('never echoes a secret value in the message', () => {
    const cwd = tempDir({ 'c.yaml': 'meraki: { apiKey: 12345 }\ninflux: { url: "http://i", token: [hunter2], org: o, bucket: b }' });
    const err = configError(() => loadConfig({ file: 'c.yaml', env: {}, cwd }));
    expect(err.problems.map((p) => p.key).sort()).toEqual(['influx.token', 'meraki.apiKey']);
    expect(err.message).not.toContain('12345');
    expect(err.message).not.toContain('hunter2');
  });
});
