/**
 * Runs through a real proxy (tinyproxy, Basic credentials) to HTTPS endpoints with a private CA: Meraki requests and
 * InfluxDB writes and InfluxQL reads go through CONNECT tunnels and store exactly the truth; NO_PROXY takes them out;
 * a certificate that does not verify fails at once, naming the setting. See tls-world.ts for the servers.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { MERAKI_CA_SETTING, MerakiClient } from '../../src/meraki/meraki-client.js';
import { Egress } from '../../src/net/egress.js';
import { createInfluxQlClient } from '../../src/sink/influxql-client.js';
import type { Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { DAY_MS, diffUsage, usageFromSeries, usageFromTruth } from '../helpers/collector-harness.js';
import type { InfluxdServer } from '../helpers/influxd.js';
import type { TestCa } from '../helpers/test-ca.js';
import type { Tinyproxy } from '../helpers/tinyproxy.js';
import { logText, NOW, PROXY_SECRETS, startTlsWorld, type TlsWorld } from './tls-world.js';

let w: TlsWorld;
let ca: TestCa;
let sim: Simulator;
let influx: InfluxdServer;
let proxy: Tinyproxy;
const config = (env: Record<string, string>, yaml?: string) => w.config(env, yaml);
const simTarget = () => w.simTarget;
const influxTarget = () => w.influxTarget;

describe('runs through an HTTP proxy (tinyproxy) to HTTPS endpoints with a private CA', () => {
  beforeAll(async () => {
    w = await startTlsWorld(19);
    ({ ca, sim, influx, proxy } = w);
  }, 60_000);
  afterAll(() => w?.stop());

  it('a backfill stores exactly the truth; every connection to Meraki and InfluxDB is a CONNECT tunnel of the proxy', async () => {
    const { config: c, db } = await config({ HTTPS_PROXY: proxy.url });
    const logger = captureLogger();
    const collector = createCollector({ config: c, logger, clock: sim.clock });
    const connectionsBefore = sim.connections;
    const tunnelsBefore = (await proxy.connects(simTarget())).length;
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
    const tunnels = (await proxy.connects(simTarget())).length - tunnelsBefore;
    expect(sim.connections - connectionsBefore).toBeGreaterThan(0);
    expect(tunnels).toBe(sim.connections - connectionsBefore);
    expect(sim.counters.requests).toBeGreaterThanOrEqual(tunnels);
    // InfluxDB writes and the checkpoint store's InfluxQL reads went through the proxy too; nothing was sent in the clear.
    expect((await proxy.connects(influxTarget())).length).toBeGreaterThan(0);
    expect(await proxy.forwarded()).toEqual([]);
    w.texts.push(logText(logger.lines));

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

  it('an https:// proxy: TLS to the proxy itself, verified with the edge\'s CA, then the CONNECT tunnel', async () => {
    // A TLS front for tinyproxy (test-only: it terminates TLS and pipes the bytes on to tinyproxy).
    const sockets = new Set<Socket>();
    const front = createTlsServer({ cert: ca.cert, key: ca.key }, (client) => {
      const upstream = tcpConnect(proxy.port, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => s.destroy());
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const port = (front.address() as { port: number }).port;
    try {
      const httpsProxy = proxy.url.replace('http://', 'https://').replace(`:${proxy.port}`, `:${port}`);
      const { config: c } = await config({ HTTPS_PROXY: httpsProxy });
      const before = (await proxy.connects(simTarget())).length;
      const collector = createCollector({ config: c, logger: captureLogger(), clock: sim.clock });
      try {
        expect(await collector.runOnce()).toMatchObject({ ok: true, networks: 2, networksFailed: 0 });
      } finally {
        await collector.close();
      }
      expect((await proxy.connects(simTarget())).length).toBeGreaterThan(before);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    }
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
    w.texts.push(log);
    expect(log).toMatch(/does not verify: set MERAKI_CA_FILE \(meraki.caFile\)/);
    expect(sim.connections - before.connections).toBe(1);
    expect(sim.counters.requests).toBe(before.requests);
    expect(await influx.query('SELECT count(recv) FROM client_usage', db)).toEqual([]);
  });

  it('the proxy credentials appear in no log line or error of these runs', () => {
    const all = w.texts.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    expect(PROXY_SECRETS.filter((s) => all.includes(s))).toEqual([]);
  });
});
