/**
 * Corporate networks, with real parts on loopback: the simulator serving HTTPS with a certificate from a CA made
 * for the run (openssl), InfluxDB 1.6 with its own HTTPS settings and the same CA, and Debian's tinyproxy (with Basic
 * credentials). Meraki requests and InfluxDB writes and InfluxQL reads go through CONNECT tunnels; NO_PROXY takes
 * them out; `check` names the setting for each failure; the proxy credentials show up nowhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { ConfigError } from '../../src/config/config-error.js';
import { MERAKI_CA_SETTING, MerakiClient } from '../../src/meraki/meraki-client.js';
import { Egress } from '../../src/net/egress.js';
import type { Config } from '../../src/config/types.js';
import { createInfluxQlClient } from '../../src/sink/influxql-client.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger, type CapturedLine } from '../helpers/capture-logger.js';
import { DAY_MS, diffUsage, harnessConfig, usageFromSeries, usageFromTruth } from '../helpers/collector-harness.js';
import { freePort } from '../helpers/free-port.js';
import { startInfluxd, type InfluxdServer } from '../helpers/influxd.js';
import { createTestCa, type TestCa } from '../helpers/test-ca.js';
import { startTinyproxy, type Tinyproxy } from '../helpers/tinyproxy.js';

const NOW = Date.UTC(2026, 8, 14, 10, 20, 0);
const PROXY_USER = 'collector-proxy';
const PROXY_PASSWORD = 'SECRET-proxy-pw-5e81c';
const SECRETS = [PROXY_PASSWORD, `${PROXY_USER}:${PROXY_PASSWORD}`, Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')];

let ca: TestCa;
let sim: Simulator;
let influx: InfluxdServer;
let proxy: Tinyproxy;
let dbSeq = 0;
const texts: string[] = [];

const simTarget = () => new URL(sim.url).host;
const influxTarget = () => `127.0.0.1:${influx.port}`;
const logText = (lines: CapturedLine[]) => JSON.stringify(lines, (_k, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message} ${String(v.cause)}` : v));

async function config(env: Record<string, string>, yaml?: string): Promise<{ config: Config; db: string }> {
  const db = `proxy_${++dbSeq}`;
  await influx.query(`CREATE DATABASE ${db}`);
  const c = await harnessConfig({
    sim,
    influx: { v1: { url: influx.url, database: db } },
    env: { MERAKI_CA_FILE: ca.caFile, INFLUX_CA_FILE: ca.caFile, COLLECTOR_STATE_STORE: 'influx', ...env },
    yaml: yaml ?? 'meraki:\n  maxRetries: 2\n  timeoutMs: 15000\ninflux:\n  maxRetries: 1\n  timeoutMs: 15000\n',
  });
  return { config: c, db };
}

async function check(env: Record<string, string>): Promise<{ ok: boolean; text: string }> {
  const { config: c } = await config(env);
  const logger = captureLogger();
  const collector = createCollector({ config: c, logger, clock: sim.clock });
  try {
    const report = await collector.check();
    const text = report.lines.join('\n');
    texts.push(text, logText(logger.lines));
    return { ok: report.ok, text };
  } finally {
    await collector.close();
  }
}

describe('through an HTTP proxy (tinyproxy) to HTTPS endpoints with a private CA', () => {
  beforeAll(async () => {
    ca = await createTestCa();
    sim = await startSimulator({ seed: 19, networksPerOrg: 2, clientsPerNetwork: 15, now: NOW, rate: false, tls: { cert: ca.cert, key: ca.key } });
    influx = await startInfluxd({ tls: { certFile: ca.certFile, keyFile: ca.keyFile, caFile: ca.caFile } });
    proxy = await startTinyproxy({ auth: { user: PROXY_USER, password: PROXY_PASSWORD } });
  }, 60_000);
  afterAll(async () => {
    await proxy?.stop();
    await influx?.stop();
    await sim?.stop();
    await ca?.remove();
  });

  it('a backfill stores exactly the truth; every connection to Meraki and InfluxDB is a CONNECT tunnel of the proxy', async () => {
    const { config: c, db } = await config({ HTTPS_PROXY: proxy.url });
    const logger = captureLogger();
    const collector = createCollector({ config: c, logger, clock: sim.clock });
    const connectionsBefore = sim.connections;
    try {
      const summary = await collector.runOnce();
      expect(summary).toMatchObject({ ok: true, networks: 2, networksFailed: 0 });
      expect(summary.requests).toBeGreaterThan(4);
    } finally {
      await collector.close();
    }
    const stored = usageFromSeries(await influx.query('SELECT client, network, recv, sent FROM client_usage', db));
    const expected = usageFromTruth(sim, { fromMs: Math.floor((NOW - 31 * DAY_MS) / DAY_MS) * DAY_MS });
    expect(expected.size).toBeGreaterThan(100);
    expect(diffUsage(stored, expected)).toEqual([]);
    expect(stored.size).toBe(expected.size);

    // Each connection the simulator accepted is one tunnel the proxy logged: no request went around the proxy.
    const tunnels = await proxy.connects(simTarget());
    expect(sim.connections - connectionsBefore).toBeGreaterThan(0);
    expect(tunnels.length).toBe(sim.connections - connectionsBefore);
    expect(sim.counters.requests).toBeGreaterThanOrEqual(tunnels.length);
    // InfluxDB writes and the checkpoint store's InfluxQL reads went through the proxy too; nothing was sent in the clear.
    expect((await proxy.connects(influxTarget())).length).toBeGreaterThan(0);
    expect(await proxy.forwarded()).toEqual([]);
    texts.push(logText(logger.lines));

    // An InfluxQL client built from the config section alone (as the report and verify build theirs) inherits it all.
    const before = (await proxy.connects(influxTarget())).length;
    const reader = createInfluxQlClient(c.influx!);
    const series = await reader.query('SELECT count(recv) FROM client_usage');
    reader.close?.();
    const direct = await influx.query('SELECT count(recv) FROM client_usage', db);
    expect(series[0]?.values[0]?.[1]).toBeGreaterThanOrEqual(stored.size);
    expect(series[0]?.values[0]?.[1]).toBe(direct[0]?.values[0]?.[1]);
    expect((await proxy.connects(influxTarget())).length).toBe(before + 1);
  });

  it('with keep-alive off, the proxy logs one CONNECT per Meraki request the simulator counted', async () => {
    const { config: c } = await config({ HTTPS_PROXY: proxy.url });
    const egress = new Egress({ proxy: c.meraki.proxy, caFile: c.meraki.caFile, caSetting: MERAKI_CA_SETTING, keepAlive: false });
    const meraki = new MerakiClient({ ...c.meraki, egress });
    const collector = createCollector({ config: c, logger: captureLogger(), clock: sim.clock, meraki });
    const before = { requests: sim.counters.requests, tunnels: (await proxy.connects(simTarget())).length };
    try {
      expect(await collector.runOnce()).toMatchObject({ ok: true, networks: 2, networksFailed: 0 });
    } finally {
      await collector.close();
      meraki.close();
    }
    const requests = sim.counters.requests - before.requests;
    expect(requests).toBeGreaterThan(4);
    expect((await proxy.connects(simTarget())).length - before.tunnels).toBe(requests);
  });

  it('with NO_PROXY matching, nothing goes through the proxy and the data is the same', async () => {
    const { config: c, db } = await config({ HTTPS_PROXY: proxy.url, NO_PROXY: `localhost,127.0.0.1` });
    const tunnelsBefore = (await proxy.connects()).length;
    const collector = createCollector({ config: c, logger: captureLogger(), clock: sim.clock });
    try {
      expect(await collector.runOnce()).toMatchObject({ ok: true, networks: 2, networksFailed: 0 });
    } finally {
      await collector.close();
    }
    const stored = usageFromSeries(await influx.query('SELECT client, network, recv, sent FROM client_usage', db));
    expect(diffUsage(stored, usageFromTruth(sim, { fromMs: Math.floor((NOW - 31 * DAY_MS) / DAY_MS) * DAY_MS }))).toEqual([]);
    expect((await proxy.connects()).length).toBe(tunnelsBefore);
  });

  it('NO_PROXY host:port takes out only InfluxDB', async () => {
    const { config: c } = await config({ HTTPS_PROXY: proxy.url, no_proxy: influxTarget() });
    const before = { sim: (await proxy.connects(simTarget())).length, influx: (await proxy.connects(influxTarget())).length };
    const collector = createCollector({ config: c, logger: captureLogger(), clock: sim.clock });
    try {
      expect(await collector.runOnce()).toMatchObject({ ok: true, networksFailed: 0 });
    } finally {
      await collector.close();
    }
    expect((await proxy.connects(simTarget())).length).toBeGreaterThan(before.sim);
    expect((await proxy.connects(influxTarget())).length).toBe(before.influx);
  });

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

  it('a run with the wrong Meraki CA fails at once (no retries), naming MERAKI_CA_FILE; nothing is stored', async () => {
    const { config: c, db } = await config({ NO_PROXY: '*', MERAKI_CA_FILE: ca.wrongCaFile }, 'meraki:\n  maxRetries: 5\n');
    const logger = captureLogger();
    const collector = createCollector({ config: c, logger, clock: sim.clock });
    const before = { connections: sim.connections, requests: sim.counters.requests };
    try {
      expect(await collector.runOnce()).toMatchObject({ ok: false, networks: 0 });
    } finally {
      await collector.close();
    }
    const log = logText(logger.lines);
    texts.push(log);
    expect(log).toMatch(/does not verify: set MERAKI_CA_FILE \(meraki.caFile\)/);
    expect(sim.connections - before.connections).toBe(1);
    expect(sim.counters.requests).toBe(before.requests);
    expect(await influx.query('SELECT count(recv) FROM client_usage', db)).toEqual([]);
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
    const all = texts.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    expect(all).toContain('***@127.0.0.1');
    expect(SECRETS.filter((s) => all.includes(s))).toEqual([]);
  });
});
