/**
 * `check` behind a proxy and private CAs (see tls-world.ts): it says which proxy and CA each edge uses and fails
 * naming the setting when the proxy refuses, the tunnel fails or a certificate does not verify; a bad CA file is a
 * config error naming the variable; INFLUX_TLS_SKIP_VERIFY works only with a loud warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { ConfigError } from '../../src/config/config-error.js';
import type { Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { freePort } from '../helpers/free-port.js';
import type { InfluxdServer } from '../helpers/influxd.js';
import type { TestCa } from '../helpers/test-ca.js';
import { startTinyproxy, type Tinyproxy } from '../helpers/tinyproxy.js';
import { PROXY_PASSWORD, PROXY_SECRETS, startTlsWorld, type TlsWorld } from './tls-world.js';

let w: TlsWorld;
let ca: TestCa;
let sim: Simulator;
let influx: InfluxdServer;
let proxy: Tinyproxy;
const config = (env: Record<string, string>, yaml?: string) => w.config(env, yaml);
const check = (env: Record<string, string>) => w.check(env);

describe('check behind a proxy (tinyproxy) and private CAs', () => {
  beforeAll(async () => {
    w = await startTlsWorld(23);
    ({ ca, sim, influx, proxy } = w);
  }, 60_000);
  afterAll(() => w?.stop());

  it('check says which proxy and CA each edge uses', async () => {
    const r = await check({ HTTPS_PROXY: proxy.url });
    expect(r.ok, r.text).toBe(true);
    const shown = `http://***@127.0.0.1:${proxy.port}`;
    expect(r.text).toContain(`meraki connection: via proxy ${shown} from HTTPS_PROXY (proxy.httpsProxy) (CONNECT tunnel); TLS: CA ${ca.caFile} from MERAKI_CA_FILE`);
    expect(r.text).toContain(`influx connection: via proxy ${shown} from HTTPS_PROXY (proxy.httpsProxy) (CONNECT tunnel); TLS: CA ${ca.caFile} from INFLUX_CA_FILE`);
    expect(r.text).toMatch(/ok {3}meraki connection: https:\/\/127\.0\.0\.1:\d+ answered/);
    expect(r.text).toContain('ok   sink reachable');
    expect(r.text).toMatch(/ok {3}meraki reachable: 1 organization/);
  });

  type Env = Record<string, string>;

  it.each<[string, () => Env | Promise<Env>, RegExp]>([
    ['the wrong CA for InfluxDB', () => ({ HTTPS_PROXY: proxy.url, INFLUX_CA_FILE: ca.wrongCaFile }), /FAIL influx connection .*does not verify: set INFLUX_CA_FILE/],
    ['the wrong CA for Meraki', () => ({ HTTPS_PROXY: proxy.url, MERAKI_CA_FILE: ca.wrongCaFile }), /FAIL meraki connection .*does not verify: set MERAKI_CA_FILE/],
    ['no CA for InfluxDB, direct', () => ({ NO_PROXY: '*', INFLUX_CA_FILE: '' }), /FAIL influx connection .*does not verify: set INFLUX_CA_FILE/],
    ['a proxy that refuses the credentials', () => ({ HTTPS_PROXY: proxy.url.replace(PROXY_PASSWORD, 'wrong') }), /FAIL meraki connection .*refused the tunnel to 127\.0\.0\.1:\d+: HTTP 40[17]: the proxy wants credentials.*check HTTPS_PROXY/],
    ['a proxy that is down', async () => ({ HTTPS_PROXY: `http://127.0.0.1:${await freePort()}` }), /FAIL meraki connection .*cannot reach the proxy http:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED .*check HTTPS_PROXY/],
  ])('check fails naming the setting: %s', async (_name, env, message) => {
    const r = await check(await env());
    expect(r.ok).toBe(false);
    expect(r.text).toMatch(message);
  });

  it('check fails naming HTTPS_PROXY when the proxy refuses to tunnel to that port (ConnectPort)', async () => {
    const strict = await startTinyproxy({ connectPorts: [443] });
    try {
      const r = await check({ HTTPS_PROXY: strict.url });
      expect(r.ok).toBe(false);
      expect(r.text).toMatch(/FAIL meraki connection .*refused the tunnel to 127\.0\.0\.1:\d+: HTTP 403; check HTTPS_PROXY/);
      expect(r.text).toMatch(/FAIL influx connection .*refused the tunnel .*HTTP 403; check HTTPS_PROXY/);
    } finally {
      await strict.stop();
    }
  });

  it('INFLUX_TLS_SKIP_VERIFY works without the CA, with a warning in the log and in check', async () => {
    const { config: c, db } = await config({ NO_PROXY: '*', INFLUX_CA_FILE: '', INFLUX_TLS_SKIP_VERIFY: 'true' });
    const logger = captureLogger();
    const collector = createCollector({ config: c, logger, clock: sim.clock });
    try {
      const report = await collector.check();
      expect(report.ok, report.lines.join('\n')).toBe(true);
      expect(report.lines.join('\n')).toMatch(/WARN INFLUX_TLS_SKIP_VERIFY \(influx.tlsSkipVerify\) is on: InfluxDB's certificate is NOT verified/);
      expect(report.lines.join('\n')).toContain('TLS: certificate NOT verified');
      expect(await collector.runOnce()).toMatchObject({ ok: true, networksFailed: 0 });
    } finally {
      await collector.close();
    }
    expect(logger.lines.filter((l) => l.level === 'warn' && l.msg.includes('NOT verified')).length).toBeGreaterThan(0);
    expect((await influx.query('SELECT count(recv) FROM client_usage', db)).length).toBe(1);
  });

  it('a missing or non-PEM CA file is a config error naming the variable', async () => {
    const missing = await config({ MERAKI_CA_FILE: '/nonexistent/corp-ca.pem' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConfigError);
    expect((missing as Error).message).toMatch(/MERAKI_CA_FILE: cannot read the CA file \/nonexistent\/corp-ca.pem \(ENOENT\)/);
    const notPem = await config({ INFLUX_CA_FILE: ca.keyFile.replace('server.key', 'san.ext') }).catch((e: unknown) => e);
    expect((notPem as Error).message).toMatch(/INFLUX_CA_FILE: .*holds no PEM certificate/);
  });

  it('the proxy credentials appear in no log line, check line or error', () => {
    const all = w.texts.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    expect(all).toContain('***@127.0.0.1');
    expect(PROXY_SECRETS.filter((s) => all.includes(s))).toEqual([]);
  });
});
