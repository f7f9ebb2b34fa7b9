import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../config/helpers.js';
import { fakeCollector } from './fake-collector.js';
import { runCli, STACK_LINE } from './run-cli.js';

const KEY = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2';
const TOKEN = 'influx-token-very-secret';
const GOOD_ENV = { MERAKI_API_KEY: KEY, COLLECTOR_HTTP_PORT: '0' };

/** [argv, expected text in stderr] */
const BAD_USAGE: [string[], string][] = [
  [['frobnicate'], 'unknown command "frobnicate"'],
  [['--config', 'x.yaml'], 'missing command'],
  [['once', '--bogus'], "Unknown option '--bogus'"],
  [['once', 'extra'], 'Unexpected argument'],
  [['status', '--json=yes'], '--json'],
  [['backfill', '--since'], '--since'],
  [['backfill', '--since', '2024-13-01'], 'expected a date YYYY-MM-DD'],
  [['backfill', '--since', '2024-02-30'], 'expected a date YYYY-MM-DD'],
  [['backfill', '--since', 'yesterday'], 'expected a date YYYY-MM-DD'],
  [['backfill', '--since', '2999-01-01'], 'in the future'],
  [['simulate', '--orgs', 'many'], '--orgs'],
  [['simulate', '--quirks', 'nope'], 'Unknown quirk'],
];

/** [env, argv, key named in stderr] */
const BAD_CONFIG: [Record<string, string>, string[], string][] = [
  [{ MERAKI_ORG_IDS: '1;2' }, ['once'], 'MERAKI_ORG_IDS'],
  [{ INFLUX_URL: 'localhost:8086', INFLUX_TOKEN: TOKEN }, ['once'], 'INFLUX_URL'],
  [{ INFLUX_URL: 'http://i:8086', INFLUX_TOKEN: TOKEN }, ['check'], 'influx.org'],
  [{ INFLUX_URL: 'http://i:8086', INFLUX_API_VERSION: '1' }, ['run'], 'influx.database'],
  [{ COLLECTOR_SCHEDULE: '* * *' }, ['run'], 'COLLECTOR_SCHEDULE'],
  [{ COLLECTOR_SHARD: '3/3' }, ['backfill'], 'COLLECTOR_SHARD'],
  [{ LOG_LEVEL: 'loud' }, ['status'], 'LOG_LEVEL'],
  [{ COLLECTOR_HTTP_PORT: '70000' }, ['run'], 'COLLECTOR_HTTP_PORT'],
  [{ MERAKI_USAGE_CONFIG: 'missing.yaml' }, ['status'], 'MERAKI_USAGE_CONFIG'],
];

describe('bad usage and bad configuration: exit 2, one message, no stack, no secret', () => {
  it.each(BAD_USAGE)('%j', async (argv, text) => {
    const r = await runCli(argv, { env: GOOD_ENV, createCollector: fakeCollector().factory });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
    expect(r.stderr).toMatch(/\(see meraki-usage( \w+)? --help\)/);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe('');
  });

  it.each(BAD_CONFIG)('%j %j', async (env, argv, key) => {
    const { factory, calls } = fakeCollector();
    const r = await runCli(argv, { env: { ...GOOD_ENV, ...env }, createCollector: factory });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${key}`);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr).not.toContain(KEY);
    expect(r.stderr).not.toContain(TOKEN);
    expect(calls.deps).toHaveLength(0);
  });

  it.each([['once'], ['backfill'], ['check'], ['run']])('%s needs MERAKI_API_KEY', async (cmd) => {
    const r = await runCli([cmd], { env: { COLLECTOR_HTTP_PORT: '0' }, createCollector: fakeCollector().factory });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MERAKI_API_KEY: required for this command');
  });

  it('status needs no API key', async () => {
    const r = await runCli(['status'], { env: {}, createCollector: fakeCollector().factory });
    expect(r.code).toBe(0);
  });

  it('names the key of a bad config file given with --config, before or after the command', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'c.yaml'), 'meraki:\n  apiKey: ${MERAKI_API_KEY}\n  ratePerOrgPerSecond: 0\n');
    for (const argv of [['once', '--config', 'c.yaml'], ['--config', 'c.yaml', 'once']]) {
      const r = await runCli(argv, { env: GOOD_ENV, cwd, createCollector: fakeCollector().factory });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('meraki.ratePerOrgPerSecond: expected a number > 0, e.g. 8');
    }
  });

  it('an unexpected error exits 1 with one redacted line', async () => {
    const factory = fakeCollector({ runOnce: () => Promise.reject(new Error(`boom with ${KEY} and ${TOKEN}`)) }).factory;
    const env = { ...GOOD_ENV, INFLUX_URL: 'http://i:8086', INFLUX_TOKEN: TOKEN, INFLUX_ORG: 'o', INFLUX_BUCKET: 'b' };
    const r = await runCli(['once'], { env, createCollector: factory });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('boom with *** and ***');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('redacts a secret set only in the config file', async () => {
    const cwd = tempDir({ 'c.yaml': `meraki: { apiKey: ${KEY} }\n` });
    const factory = fakeCollector({ runOnce: () => Promise.reject(new Error(`key ${KEY}`)) }).factory;
    const r = await runCli(['once', '--config', 'c.yaml'], { env: {}, cwd, createCollector: factory });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain(KEY);
  });
});

describe('report', () => {
  it.each([
    [['report', '--tz', 'Nowhere/City'], {}, '`--tz`'],
    [['report', '--threshold', 'big'], {}, '`--threshold`'],
    [['report', '--top', '0'], { INFLUX_URL: 'http://127.0.0.1:9', INFLUX_API_VERSION: '1', INFLUX_DATABASE: 'd' }, '--top'],
    [['report', '--csv', '--json'], { INFLUX_URL: 'http://127.0.0.1:9', INFLUX_API_VERSION: '1', INFLUX_DATABASE: 'd' }, '--csv'],
  ])('%j exits 2 naming the problem', async (argv, env, text) => {
    const r = await runCli(argv, { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('without InfluxDB it reads the file sink\'s folder (nothing there yet: an empty report, exit 0)', async () => {
    const r = await runCli(['report'], { env: {} });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Source: line-protocol files in ');
  });
});
