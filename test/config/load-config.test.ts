import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configError, tempDir } from './helpers.js';

describe('loadConfig', () => {
  it('applies every default when there is no file and no environment', () => {
    const cwd = tempDir();
    const c = loadConfig({ env: {}, cwd });
    expect(c.meraki).toMatchObject({ apiKey: '', baseUrl: 'https://api.meraki.com/api/v1', ratePerOrgPerSecond: 8 });
    expect(c.meraki.trustedHosts).toEqual([]);
    expect(c.targets.defaultClients).toMatchObject({ mode: 'discover' });
    expect(c.collection).toMatchObject({ usagePerPage: 1000, clientsPerRequest: 1000, shard: { index: 0, count: 1 } });
    expect(c.influx).toBeNull();
    expect(c.fileSink.dir).toBe(join(cwd, 'out'));
    expect(c.state).toEqual({ store: 'file', dir: join(cwd, 'state') });
    expect(c.schedule).toEqual({ cron: '7 * * * *', runAtStart: true, timezone: 'UTC', stallLimitSeconds: 900 });
    expect(c.log).toEqual({ level: 'info', format: 'auto' });
  });

  it('returns a deeply frozen object', () => {
    const c = loadConfig({ env: { MERAKI_ORG_IDS: '1,2' }, cwd: tempDir() });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.targets.orgIds)).toBe(true);
    expect(Object.isFrozen(c.targets.defaultClients)).toBe(true);
    expect(() => (c.targets.orgIds as string[]).push('3')).toThrow(TypeError);
  });

  it('works from environment variables alone (InfluxDB v2)', () => {
    const env = {
      MERAKI_API_KEY: 'k'.repeat(40),
      MERAKI_BASE_URL: 'http://127.0.0.1:9999/api/v1',
      MERAKI_ORG_IDS: '111, 222',
      MERAKI_TRUSTED_HOSTS: 'localhost:9999, *.example.com',
      MERAKI_NETWORK_IDS: 'L_1,N_2',
      INFLUX_URL: 'http://influx:8086',
      INFLUX_TOKEN: 'tok',
      INFLUX_ORG: 'acme',
      INFLUX_BUCKET: 'meraki',
      COLLECTOR_SCHEDULE: '*/5 * * * *',
      COLLECTOR_STATE_DIR: '/var/lib/meraki',
      COLLECTOR_SHARD: '1/3',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
    };
    const c = loadConfig({ env, cwd: tempDir(), requireApiKey: true });
    expect(c.meraki.baseUrl).toBe('http://127.0.0.1:9999/api/v1');
    expect(c.meraki.trustedHosts).toEqual(['localhost:9999', '*.example.com']);
    expect(c.targets.orgIds).toEqual(['111', '222']);
    expect(c.targets.networkIds).toEqual(['L_1', 'N_2']);
    expect(c.influx).toEqual({
      apiVersion: 2, url: 'http://influx:8086', token: 'tok', org: 'acme', bucket: 'meraki',
      batchSize: 5000, timeoutMs: 10000, maxRetries: 5,
      caFile: null, tlsSkipVerify: false, proxy: { httpsProxy: null, httpProxy: null, noProxy: [] },
    });
    expect(c.schedule.cron).toBe('*/5 * * * *');
    expect(c.state.dir).toBe('/var/lib/meraki');
    expect(c.collection.shard).toEqual({ index: 1, count: 3 });
    expect(c.log).toEqual({ level: 'debug', format: 'json' });
  });

  it('supports InfluxDB v1 from the environment', () => {
    const env = {
      INFLUX_URL: 'http://localhost:8086', INFLUX_API_VERSION: '1', INFLUX_DATABASE: 'meraki',
      INFLUX_RETENTION_POLICY: 'forever', INFLUX_USERNAME: 'u', INFLUX_PASSWORD: 'p',
    };
    expect(loadConfig({ env, cwd: tempDir() }).influx).toEqual({
      apiVersion: 1, url: 'http://localhost:8086', database: 'meraki', retentionPolicy: 'forever',
      username: 'u', password: 'p', batchSize: 5000, timeoutMs: 10000, maxRetries: 5,
      caFile: null, tlsSkipVerify: false, proxy: { httpsProxy: null, httpProxy: null, noProxy: [] },
    });
  });

  it('layers defaults < file < .env < real environment', () => {
    const cwd = tempDir({
      'c.yaml': 'meraki:\n  ratePerOrgPerSecond: 5\n  baseUrl: http://file.example/api/v1\nlog:\n  level: warn\n',
      '.env': 'MERAKI_BASE_URL=http://dotenv.example/api/v1\nLOG_LEVEL=error\n',
    });
    const c = loadConfig({ file: 'c.yaml', cwd, env: { LOG_LEVEL: 'debug' } });
    expect(c.meraki.ratePerOrgPerSecond).toBe(5);
    expect(c.meraki.baseUrl).toBe('http://dotenv.example/api/v1');
    expect(c.log.level).toBe('debug');
  });

  it('finds the file through MERAKI_USAGE_CONFIG, and --config wins over it', () => {
    const cwd = tempDir({ 'a.yaml': 'log: { level: warn }\n', 'b.yaml': 'log: { level: error }\n' });
    expect(loadConfig({ cwd, env: { MERAKI_USAGE_CONFIG: 'a.yaml' } }).log.level).toBe('warn');
    expect(loadConfig({ cwd, file: 'b.yaml', env: { MERAKI_USAGE_CONFIG: 'a.yaml' } }).log.level).toBe('error');
  });

  it('does not modify the environment it was given', () => {
    const env = { MERAKI_ORG_IDS: '1' };
    loadConfig({ env, cwd: tempDir({ '.env': 'LOG_LEVEL=warn\n' }) });
    expect(env).toEqual({ MERAKI_ORG_IDS: '1' });
  });

  it('treats empty variables as unset', () => {
    const c = loadConfig({ env: { INFLUX_URL: '', MERAKI_ORG_IDS: ' ' }, cwd: tempDir() });
    expect(c.influx).toBeNull();
    expect(c.targets.orgIds).toEqual([]);
  });

  it('replaces ${VAR} in the file, keeps $${VAR}, and uses ${VAR:-fallback}', () => {
    const cwd = tempDir({
      'c.yaml': [
        'meraki:',
        '  apiKey: ${KEY}',
        '  ratePerOrgPerSecond: ${RATE}',
        'targets:',
        '  networkFilter:',
        '    namePattern: "$${literal}"',
        'state:',
        '  dir: ${STATE_ROOT:-/tmp}/meraki',
      ].join('\n'),
    });
    const c = loadConfig({ file: 'c.yaml', cwd, env: { KEY: 'secret', RATE: '3' } });
    expect(c.meraki.apiKey).toBe('secret');
    expect(c.meraki.ratePerOrgPerSecond).toBe(3);
    expect(c.targets.networkFilter.namePattern).toBe('${literal}');
    expect(c.state.dir).toBe('/tmp/meraki');
  });

  it('infers the client-set mode and keeps explicit lists', () => {
    const cwd = tempDir({
      'c.yaml': 'targets:\n  clientSets:\n    L_1: { clients: [k1, "aa:bb:cc:dd:ee:ff"] }\n    L_2: { filter: { ssids: Corp } }\n',
    });
    const c = loadConfig({ file: 'c.yaml', cwd, env: {} });
    expect(c.targets.clientSets['L_1']).toEqual({ mode: 'explicit', clients: ['k1', 'aa:bb:cc:dd:ee:ff'] });
    expect(c.targets.clientSets['L_2']).toMatchObject({ mode: 'discover', filter: { ssids: ['Corp'], connection: 'any' } });
  });

  it('requires the API key only when asked', () => {
    expect(loadConfig({ env: {}, cwd: tempDir() }).meraki.apiKey).toBe('');
    const err = configError(() => loadConfig({ env: {}, cwd: tempDir(), requireApiKey: true }));
    expect(err.message).toContain('MERAKI_API_KEY');
    expect(err.exitCode).toBe(2);
  });
});
