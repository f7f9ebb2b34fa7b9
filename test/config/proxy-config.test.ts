import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSecrets } from '../../src/config/secrets.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createTestCa, type TestCa } from '../helpers/test-ca.js';
import { configError, tempDir } from './helpers.js';

const INFLUX = { INFLUX_URL: 'https://influx.corp:8086', INFLUX_API_VERSION: '1', INFLUX_DATABASE: 'meraki' };

let ca: TestCa;
beforeAll(async () => {
  ca = await createTestCa();
});
afterAll(() => ca?.remove());

describe('proxy and CA settings', () => {
  it('default: no proxy, no CA file, certificates verified', () => {
    const c = loadConfig({ env: INFLUX, cwd: tempDir() });
    expect(c.proxy).toEqual({ httpsProxy: null, httpProxy: null, noProxy: [] });
    expect(c.meraki).toMatchObject({ caFile: null, proxy: c.proxy });
    expect(c.influx).toMatchObject({ caFile: null, tlsSkipVerify: false, proxy: c.proxy });
  });

  it('reads the usual variables (lower-case wins), host:port means http://, NO_PROXY splits on commas and spaces', () => {
    const env = { ...INFLUX, HTTPS_PROXY: 'http://upper:3128', https_proxy: 'proxy.corp:3128', HTTP_PROXY: 'http://plain:8080', NO_PROXY: 'localhost, .corp.example 10.0.0.0/8' };
    const c = loadConfig({ env, cwd: tempDir() });
    expect(c.proxy).toEqual({ httpsProxy: 'http://proxy.corp:3128', httpProxy: 'http://plain:8080', noProxy: ['localhost', '.corp.example', '10.0.0.0/8'] });
    expect(c.influx?.proxy).toEqual(c.proxy);
  });

  it('the file sets them too; the environment wins', () => {
    const cwd = tempDir({ 'c.yaml': 'proxy:\n  httpsProxy: http://file-proxy:3128\n  noProxy: [influx.corp]\n', 'ca.pem': readFileSync(ca.caFile, 'utf8') });
    const c = loadConfig({ file: 'c.yaml', env: { ...INFLUX, no_proxy: 'other.corp', MERAKI_CA_FILE: 'ca.pem' }, cwd });
    expect(c.proxy).toEqual({ httpsProxy: 'http://file-proxy:3128', httpProxy: null, noProxy: ['other.corp'] });
    expect(c.meraki.caFile).toBe(`${cwd}/ca.pem`);
  });

  it('a bad proxy URL names the variable and never echoes it', () => {
    const e = configError(() => loadConfig({ env: { HTTPS_PROXY: 'http://u:SECRET-pw@proxy:3128/some/path' }, cwd: tempDir() }));
    expect(e.message).toMatch(/HTTPS_PROXY: expected a proxy URL like http:\/\/proxy.example:3128/);
    expect(e.message).not.toContain('SECRET-pw');
  });

  it('CA files: a missing file or one without a certificate names the key; INFLUX_TLS_SKIP_VERIFY is a boolean', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const cwd = tempDir({ 'key.pem': '-----BEGIN PRIVATE KEY-----\n', 'c.yaml': 'influx:\n  caFile: key.pem\n', 'broken.pem': broken });
    expect(configError(() => loadConfig({ env: { ...INFLUX, INFLUX_CA_FILE: 'missing.pem' }, cwd })).message).toMatch(/INFLUX_CA_FILE: cannot read the CA file .*missing.pem \(ENOENT\)/);
    expect(configError(() => loadConfig({ file: 'c.yaml', env: INFLUX, cwd })).message).toMatch(/influx.caFile: .*key.pem holds no PEM certificate/);
    expect(configError(() => loadConfig({ env: { ...INFLUX, MERAKI_CA_FILE: 'broken.pem' }, cwd })).message).toMatch(/MERAKI_CA_FILE: .*broken.pem is not a valid PEM certificate file/);
    expect(configError(() => loadConfig({ env: { ...INFLUX, INFLUX_TLS_SKIP_VERIFY: 'maybe' }, cwd })).message).toMatch(/INFLUX_TLS_SKIP_VERIFY: expected true or false/);
    expect(loadConfig({ env: { ...INFLUX, INFLUX_TLS_SKIP_VERIFY: 'yes' }, cwd }).influx?.tlsSkipVerify).toBe(true);
  });

  it('proxy credentials are secrets of the config (redacted by the logger and the CLI)', () => {
    const c = loadConfig({ env: { HTTPS_PROXY: 'http://alice:p%40ss-SECRET@proxy:3128', HTTP_PROXY: 'http://proxy:3128' }, cwd: tempDir() });
    const secrets = configSecrets(c);
    expect(secrets).toEqual(expect.arrayContaining(['p@ss-SECRET', 'alice:p@ss-SECRET', Buffer.from('alice:p@ss-SECRET').toString('base64')]));
    expect(secrets).not.toContain('http://proxy:3128');
  });
});
