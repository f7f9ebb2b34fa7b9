/**
 * Secrets: the CLI at LOG_LEVEL=debug under every fault (API faults, a sink that is down or refuses the
 * credentials, bad config, a proxy with credentials in HTTP_PROXY or refusing them), with distinctive secrets. The
 * API key, the InfluxDB password (and user:password, Basic), the v2 token and the proxy password (and its Basic
 * form) appear nowhere: stdout, stderr, state files, line-protocol files, /metrics, or anything
 * InfluxDB / VictoriaMetrics holds (every measurement, series and tag value, queried back).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { startDaemonObserver } from '../../src/observe/index.js';
import { createSink } from '../../src/sink/create-sink.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { builtCli, runCli, type CliResult } from '../helpers/cli-process.js';
import { harnessConfig } from '../helpers/collector-harness.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { freePort } from '../helpers/free-port.js';
import { startInfluxd, type InfluxdServer } from '../helpers/influxd.js';
import { figuresRecorder, type ScenarioRecorder } from '../helpers/reliability-figures.js';
import { startTinyproxy, type Tinyproxy } from '../helpers/tinyproxy.js';
import { startVictoria, type VictoriaServer } from '../helpers/victoria.js';
import { configFolder, influxQuery } from './support.js';

const API_KEY = 'SECRET-api-key-7f3a9c1e5b';
const USER = 'collector';
const PASSWORD = 'SECRET-pw-91d2e8';
const TOKEN = 'SECRET-token-4b7c2a';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const PROXY_USER = 'proxy-user';
const PROXY_PASSWORD = 'SECRET-proxy-3c9d1f';
const PROXY_BASIC = Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64');
const SECRETS = [API_KEY, PASSWORD, TOKEN, BASIC, `${USER}:${PASSWORD}`, encodeURIComponent(PASSWORD), PROXY_PASSWORD, PROXY_BASIC, 'SECRET-'];
const influxUrl = inject('influxUrl');
const rec = figuresRecorder('secrets', influxUrl);

let influx: InfluxdServer;
let victoria: VictoriaServer;
let proxy: FaultProxy;
let tinyproxy: Tinyproxy;
const sims: Simulator[] = [];
const auth = { u: USER, p: PASSWORD };

/** Where a secret shows in `text`, as "where: ...context..." (empty when it is clean). */
function leaks(where: string, text: string): string[] {
  const out: string[] = [];
  for (const s of SECRETS) {
    const at = text.indexOf(s);
    if (at >= 0) out.push(`${where}: ...${text.slice(Math.max(0, at - 60), at + s.length + 20)}...`);
  }
  return out;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

async function sim(options: SimulatorOptions): Promise<Simulator> {
  const s = await startSimulator({ seed: 90 + sims.length, networksPerOrg: 2, clientsPerNetwork: 12, now: 'real', rate: false, ...options });
  sims.push(s);
  return s;
}

interface Case {
  name: string;
  sim: SimulatorOptions;
  sink: 'v1' | 'v1-wrong-password' | 'v1-down' | 'v1-500' | 'v2' | 'file';
  args?: string[];
  extraEnv?: Record<string, string>;
  /** HTTP_PROXY: tinyproxy with its Basic credentials in the URL, or with a wrong password (it refuses). */
  proxy?: 'tinyproxy' | 'tinyproxy-wrong-password';
  /** Expected exit code. */
  code: number;
}

const CASES: Case[] = [
  { name: 'no fault', sim: {}, sink: 'v1', code: 0 },
  { name: '5xx at 50%', sim: { faults: { serverErrorRate: 0.5 } }, sink: 'v1', code: 0 },
  { name: 'slow, resets, truncated and invalid JSON', sim: { faults: { slowRate: 0.2, slowMs: 1500, resetRate: 0.1, truncatedRate: 0.1, invalidJsonRate: 0.1 } }, sink: 'v1', code: 0 },
  { name: '429s', sim: { rate: { perOrgPerSecond: 3, orgBurst: 0, perIpPerSecond: 100 } }, sink: 'v1', code: 0 },
  { name: '414', sim: { maxUrlLength: 300 }, sink: 'v1', code: 0 },
  { name: 'malformed records', sim: { faults: { malformedRecordRate: 0.05 } }, sink: 'v1', code: 0 },
  { name: 'untrusted redirects', sim: { faults: { untrustedRedirectRate: 1 } }, sink: 'v1', code: 1 },
  { name: 'untrusted Link pages', sim: { faults: { untrustedLinkRate: 1 }, quirks: { usageHistoriesPagination: 'days' } }, sink: 'v1', code: 1 },
  { name: 'InfluxDB refuses the password', sim: {}, sink: 'v1-wrong-password', code: 1 },
  { name: 'InfluxDB down', sim: {}, sink: 'v1-down', code: 1 },
  { name: 'InfluxDB answers 500', sim: {}, sink: 'v1-500', code: 1 },
  { name: 'API v2 with a token (VictoriaMetrics)', sim: { faults: { serverErrorRate: 0.3 } }, sink: 'v2', code: 0 },
  { name: 'line-protocol files', sim: { faults: { resetRate: 0.2 } }, sink: 'file', code: 0 },
  { name: 'bad config with secrets set', sim: {}, sink: 'v1', extraEnv: { COLLECTOR_SHARD: 'x' }, code: 2 },
  { name: 'status after faults', sim: {}, sink: 'v1', args: ['status', '--json'], code: 0 },
  { name: 'through a proxy with credentials (HTTP_PROXY)', sim: { faults: { serverErrorRate: 0.3 } }, sink: 'v1', proxy: 'tinyproxy', code: 0 },
  { name: 'a proxy refusing the credentials', sim: {}, sink: 'v1', proxy: 'tinyproxy-wrong-password', code: 1 },
  { name: 'check through a proxy with credentials', sim: {}, sink: 'v1', proxy: 'tinyproxy', args: ['check'], code: 0 },
];

/** The faults a case's run met, by kind: what its simulator injected, and its sink's fault. */
function recordFaults(c: Case, s: Simulator, result: CliResult, figures: ScenarioRecorder): void {
  const logged = (text: string): number => result.stderr.split('\n').filter((l) => l.includes(text)).length;
  // Malformed records and Link headers are not counted by the simulator: the collector's log lines are.
  if (c.sim.faults?.malformedRecordRate) figures.fault('malformed record (rejected)', logged('skipped a bad usage record'));
  if (c.sim.faults?.untrustedLinkRate) figures.fault('untrustedLink (refused)', logged('untrusted host'));
  for (const [kind, n] of Object.entries(s.counters.faultsInjected)) figures.fault(kind, n);
  figures.fault('429', s.counters.throttled);
  figures.fault('414', s.counters.byStatus['414'] ?? 0);
  if (c.sink === 'v1-down') figures.fault('InfluxDB down');
  if (c.sink === 'v1-500') figures.fault('write answered 500', proxy.counts.faulted);
}

async function runCase(c: Case): Promise<{ result: CliResult; files: string[]; sim: Simulator }> {
  const s = await sim(c.sim);
  // The InfluxDB timeout is not under test here: long enough for a loaded machine.
  const influxYaml = c.sink === 'file' ? '' : 'influx:\n  maxRetries: 1\n  timeoutMs: 10000\n';
  const { dir, file } = await configFolder(`meraki:\n  maxRetries: 10\n  timeoutMs: 800\n  ratePerOrgPerSecond: 200\ncollection:\n  clientsPerRequest: 8\n  usagePerPage: 4\n${influxYaml}`);
  const env: Record<string, string> = {
    MERAKI_API_KEY: API_KEY,
    MERAKI_BASE_URL: s.url,
    COLLECTOR_STATE_DIR: join(dir, 'state'),
    COLLECTOR_OUT_DIR: join(dir, 'out'),
    MERAKI_USAGE_CONFIG: file,
    LOG_LEVEL: 'debug',
    LOG_FORMAT: 'json',
    ...c.extraEnv,
  };
  const v1 = { INFLUX_API_VERSION: '1', INFLUX_DATABASE: 'secrets', INFLUX_USERNAME: USER, INFLUX_PASSWORD: PASSWORD };
  if (c.sink === 'v1' || c.sink === 'v1-wrong-password') Object.assign(env, v1, { INFLUX_URL: influx.url });
  if (c.sink === 'v1-wrong-password') env.INFLUX_PASSWORD = `${PASSWORD}-wrong`;
  if (c.sink === 'v1-down') Object.assign(env, v1, { INFLUX_URL: `http://127.0.0.1:${await freePort()}` });
  if (c.sink === 'v1-500') Object.assign(env, v1, { INFLUX_URL: proxy.url });
  if (c.sink === 'v2') Object.assign(env, { INFLUX_URL: victoria.url, INFLUX_API_VERSION: '2', INFLUX_TOKEN: TOKEN, INFLUX_ORG: 'o', INFLUX_BUCKET: 'b' });
  if (c.proxy) {
    const url = new URL(tinyproxy.url);
    if (c.proxy === 'tinyproxy-wrong-password') url.password = `${PROXY_PASSWORD}-wrong`;
    env.HTTP_PROXY = url.href;
  }
  // Each case after the first runs `once` first when it checks another command, so that state exists.
  if (c.args) await runCli(['once'], { env, cwd: dir });
  const result = await runCli(c.args ?? ['once'], { env, cwd: dir });
  return { result, files: await filesUnder(dir), sim: s };
}

describe('secrets stay secret at debug level under every fault', () => {
  beforeAll(async () => {
    builtCli();
    influx = await startInfluxd({ admin: { username: USER, password: PASSWORD } });
    await influxQuery(influx.url, 'CREATE DATABASE secrets', undefined, auth);
    victoria = await startVictoria();
    proxy = await startFaultProxy(influx.url);
    proxy.mode = { kind: 'status', status: 500, retryAfter: '1' };
    tinyproxy = await startTinyproxy({ auth: { user: PROXY_USER, password: PROXY_PASSWORD } });
  }, 120_000);
  afterAll(async () => {
    rec.report();
    for (const s of sims) await s.stop();
    await proxy?.stop();
    await tinyproxy?.stop();
    await victoria?.stop();
    await influx?.stop();
  });

  it('through the CLI: nothing in stdout, stderr, state files, line-protocol files or InfluxDB', async () => {
    const found: string[] = [];
    const codes: string[] = [];
    for (let i = 0; i < CASES.length; i += 4) {
      const batch = CASES.slice(i, i + 4);
      const results = await Promise.all(batch.map((c) => runCase(c)));
      for (const [j, { result, files, sim: s }] of results.entries()) {
        const c = batch[j]!;
        // A wrong password and a bad config are bad input, not faults.
        const figures = rec.scenario(`CLI: ${c.name}`, { badInput: c.sink === 'v1-wrong-password' || c.extraEnv !== undefined });
        recordFaults(c, s, result, figures);
        codes.push(`${c.name}: ${result.code}`);
        if (result.code !== c.code) codes.push(`  expected ${c.code}; stderr: ${result.stderr.slice(-600)}`);
        const caseFound = [...leaks(`${c.name} stdout`, result.stdout), ...leaks(`${c.name} stderr`, result.stderr)];
        if (!c.args) expect(result.stderr.length, `${c.name}: debug output expected`).toBeGreaterThan(0);
        for (const f of files) caseFound.push(...leaks(`${c.name} ${f}`, await readFile(f, 'utf8')));
        figures.leak(caseFound.length);
        found.push(...caseFound);
        if (result.code === c.code && caseFound.length === 0) figures.done();
      }
    }
    // Everything InfluxDB holds: measurements, series, tag values, every point.
    const dump: unknown[] = [];
    for (const q of ['SHOW MEASUREMENTS', 'SHOW SERIES', 'SHOW TAG KEYS', 'SHOW FIELD KEYS', 'SHOW TAG VALUES FROM /.*/ WITH KEY =~ /.*/', 'SELECT * FROM /.*/']) {
      dump.push(await influxQuery(influx.url, q, 'secrets', auth));
    }
    const stores = rec.scenario('everything InfluxDB and VictoriaMetrics hold after the CLI runs');
    const dumped = JSON.stringify(dump);
    expect(dumped).toContain('client_usage');
    const before = found.length;
    found.push(...leaks('InfluxDB', dumped));
    const vm = JSON.stringify(await victoria.exportSeries('{__name__=~".+"}'));
    expect(vm).toContain('client_usage');
    found.push(...leaks('VictoriaMetrics', vm));
    // The proxy cases really went through tinyproxy (its log holds the absolute-URI requests).
    expect((await tinyproxy.forwarded()).length).toBeGreaterThan(0);
    rec.detail('cliRuns', CASES.length);
    rec.detail('influxBytesSearched', dumped.length + vm.length);
    stores.leak(found.length - before);
    if (found.length === before) stores.done();
    expect(found).toEqual([]);
    expect(codes.filter((l) => l.startsWith('  expected'))).toEqual([]);
  }, 300_000);

  it('/metrics of the daemon observer after runs under faults', async () => {
    const figures = rec.scenario('/metrics and log lines of the daemon observer after 3 runs under faults');
    const s = await sim({ now: Date.UTC(2026, 1, 3), faults: { serverErrorRate: 0.3, untrustedRedirectRate: 0.2, malformedRecordRate: 0.02 } });
    const config = await harnessConfig({
      sim: s,
      influx: { v1: { url: influx.url, database: 'secrets' } },
      env: { MERAKI_API_KEY: API_KEY, INFLUX_USERNAME: USER, INFLUX_PASSWORD: PASSWORD, LOG_LEVEL: 'debug' },
      yaml: 'meraki:\n  maxRetries: 6\n  ratePerOrgPerSecond: 200\n',
    });
    const logger = captureLogger();
    const sink = createSink(config, logger);
    const observer = await startDaemonObserver({ config, sink, logger, clock: s.clock, env: { COLLECTOR_HTTP_PORT: String(await freePort()) } });
    const collector = createCollector({ config, logger, sink, clock: s.clock, onMerakiEvent: observer.onMerakiEvent });
    let metrics = '';
    try {
      for (let i = 0; i < 3; i++) {
        const summary = await collector.runOnce();
        observer.onRunDone(summary, await collector.status());
        s.clock.advance(3_600_000);
      }
      metrics = await (await fetch(`${observer.url}/metrics`)).text();
    } finally {
      await collector.close();
      await observer.close();
    }
    for (const [kind, n] of Object.entries(s.counters.faultsInjected)) figures.fault(kind, n);
    expect(metrics).toContain('# HELP');
    const found = [...leaks('/metrics', metrics), ...leaks('captured log lines', JSON.stringify(logger.lines, (_k, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message} ${String(v.cause)}` : v)))];
    figures.leak(found.length);
    expect(found).toEqual([]);
    figures.done();
  });
});
