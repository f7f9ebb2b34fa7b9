/**
 * The loopback "corporate network" of the proxy/CA tests: a CA made for the run (openssl), the simulator serving
 * HTTPS with a certificate it signed, InfluxDB 1.6 with its own HTTPS settings and the same certificate, and
 * Debian's tinyproxy requiring Basic credentials.
 */
import { createCollector } from '../../src/collector/collector.js';
import type { Config } from '../../src/config/types.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger, type CapturedLine } from '../helpers/capture-logger.js';
import { harnessConfig } from '../helpers/collector-harness.js';
import { startInfluxd, type InfluxdServer } from '../helpers/influxd.js';
import { createTestCa, type TestCa } from '../helpers/test-ca.js';
import { startTinyproxy, type Tinyproxy } from '../helpers/tinyproxy.js';

export const NOW = Date.UTC(2026, 8, 14, 10, 20, 0);
export const PROXY_USER = 'collector-proxy';
export const PROXY_PASSWORD = 'SECRET-proxy-pw-5e81c';
/** The forms in which the proxy credentials could leak. */
export const PROXY_SECRETS = [PROXY_PASSWORD, `${PROXY_USER}:${PROXY_PASSWORD}`, Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')];

export interface TlsWorld {
  ca: TestCa;
  sim: Simulator;
  influx: InfluxdServer;
  proxy: Tinyproxy;
  /** `host:port` of the simulator and of InfluxDB, as CONNECT lines name them. */
  simTarget: string;
  influxTarget: string;
  /** Everything logged or printed so far (for the secrets assertion). */
  texts: string[];
  /** A config through the real loader, on a fresh database, with both CA files, checkpoints in InfluxDB. */
  config(env: Record<string, string>, yaml?: string): Promise<{ config: Config; db: string }>;
  /** `check` of a collector built from `config(env)`: ok and the lines. */
  check(env: Record<string, string>): Promise<{ ok: boolean; text: string }>;
  stop(): Promise<void>;
}

export const logText = (lines: CapturedLine[]): string =>
  JSON.stringify(lines, (_k, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message} ${String(v.cause)}` : v));

export async function startTlsWorld(seed: number): Promise<TlsWorld> {
  const ca = await createTestCa();
  const sim = await startSimulator({ seed, networksPerOrg: 2, clientsPerNetwork: 15, now: NOW, rate: false, tls: { cert: ca.cert, key: ca.key } });
  const influx = await startInfluxd({ tls: { certFile: ca.certFile, keyFile: ca.keyFile, caFile: ca.caFile } });
  const proxy = await startTinyproxy({ auth: { user: PROXY_USER, password: PROXY_PASSWORD } });
  const texts: string[] = [];
  let dbSeq = 0;
  const config = async (env: Record<string, string>, yaml?: string) => {
    const db = `proxy_${++dbSeq}`;
    await influx.query(`CREATE DATABASE ${db}`);
    const c = await harnessConfig({
      sim,
      influx: { v1: { url: influx.url, database: db } },
      env: { MERAKI_CA_FILE: ca.caFile, INFLUX_CA_FILE: ca.caFile, COLLECTOR_STATE_STORE: 'influx', ...env },
      yaml: yaml ?? 'meraki:\n  maxRetries: 2\n  timeoutMs: 15000\ninflux:\n  maxRetries: 1\n  timeoutMs: 15000\n',
    });
    return { config: c, db };
  };
  return {
    ca,
    sim,
    influx,
    proxy,
    simTarget: new URL(sim.url).host,
    influxTarget: `127.0.0.1:${influx.port}`,
    texts,
    config,
    check: async (env) => {
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
    },
    stop: async () => {
      await proxy.stop();
      await influx.stop();
      await sim.stop();
      await ca.remove();
    },
  };
}
