import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScheduleFn } from '../../src/scheduler/cron-schedule.js';
import type { SignalSource } from '../../src/scheduler/scheduler.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli, type CliResult } from '../cli/run-cli.js';
import { freePort, waitFor } from '../helpers/free-port.js';
import { influxQuery, uniqueDatabase } from '../sink/influx-query.js';
import { parsePromText, sumOf, type PromSample } from './prom-text.js';

// /metrics of the real daemon, scraped by a real Prometheus (Debian's package, scripts/install-deps.sh) on a
// free loopback port with a temporary data folder; series read back through its HTTP API. Bounded: every wait has
// a deadline and Prometheus is killed after PROMETHEUS_MAX_MS whatever happens.

const NOW = Date.UTC(2026, 3, 14, 10, 7);
const influxUrl = inject('influxUrl');
const WAIT_MS = 60_000;
const PROMETHEUS_MAX_MS = 180_000;
const RULES = join(import.meta.dirname, '../../deploy/prometheus/alerts.yml');
const JOB = 'meraki-usage-collector';

interface Vector { metric: Record<string, string>; value: [number, string] }

describe('a real Prometheus scrapes the daemon', { timeout: 240_000 }, () => {
  let sim: Simulator;
  let prometheus: ChildProcess;
  let promUrl: string;
  let daemonUrl: string;
  let done: Promise<CliResult>;
  const signals = new EventEmitter();
  let exposed: PromSample[];
  let text: string;

  const query = async (q: string): Promise<Vector[]> => {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await res.json()) as { status: string; data: { resultType: string; result: Vector[] } };
    expect(body.status).toBe('success');
    return body.data.result;
  };

  beforeAll(async () => {
    sim = await startSimulator({ seed: 21, orgs: 2, networksPerOrg: 2, clientsPerNetwork: 15, now: NOW });
    const database = uniqueDatabase('scrape');
    await influxQuery(influxUrl, `CREATE DATABASE ${database}`);
    const dir = await mkdtemp(join(tmpdir(), 'scrape-'));
    const [daemonPort, promPort] = [await freePort(), await freePort()];
    const env = {
      MERAKI_API_KEY: 'test-key-0123456789abcdef',
      MERAKI_BASE_URL: sim.url,
      INFLUX_URL: influxUrl,
      INFLUX_API_VERSION: '1',
      INFLUX_DATABASE: database,
      COLLECTOR_STATE_DIR: join(dir, 'state'),
      COLLECTOR_HTTP_PORT: String(daemonPort),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
    };
    const schedule: ScheduleFn = () => ({ stop: () => {}, nextRunAt: () => null });
    daemonUrl = `http://127.0.0.1:${daemonPort}`;
    done = runCli(['run'], { env, cwd: dir, clock: sim.clock, schedule, signals: signals as unknown as SignalSource });
    await waitFor(async () => (await fetch(`${daemonUrl}/readyz`)).status === 200, WAIT_MS, 'the first run');
    text = await (await fetch(`${daemonUrl}/metrics`)).text();
    exposed = parsePromText(text).samples;

    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      `rule_files: [${JSON.stringify(RULES)}]`,
      'scrape_configs:',
      `  - job_name: ${JOB}`,
      '    static_configs:',
      `      - targets: ["127.0.0.1:${daemonPort}"]`,
    ].join('\n');
    await writeFile(join(dir, 'prometheus.yml'), `${config}\n`);
    prometheus = spawn(
      'prometheus',
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn'],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: PROMETHEUS_MAX_MS, killSignal: 'SIGKILL' },
    );
    prometheus.stderr?.resume();
    promUrl = `http://127.0.0.1:${promPort}`;
    await waitFor(async () => (await fetch(`${promUrl}/-/ready`)).ok, WAIT_MS, 'Prometheus ready');
    await waitFor(async () => (await query('meraki_usage_runs_total')).length > 0, WAIT_MS, 'the first scrape');
  }, 240_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    signals.emit('SIGTERM');
    await done;
    await sim?.stop();
  }, 120_000);

  it('the target is up and every series of /metrics is read back with its value', async () => {
    expect((await query(`up{job="${JOB}"}`)).map((v) => v.value[1])).toEqual(['1']);
    // Values that do not change between scrapes (no run is going): each one, as exposed and as stored.
    const names = ['meraki_usage_runs_total', 'meraki_usage_points_written_total', 'meraki_usage_requests_total', 'meraki_usage_data_freshness_seconds', 'meraki_usage_checkpoint_age_seconds', 'meraki_usage_consecutive_failed_runs', 'meraki_usage_network_last_result_ok'];
    for (const name of names) {
      const stored = await query(`${name}{job="${JOB}"}`);
      const want = exposed.filter((s) => s.name === name).map((s) => ({ labels: s.labels, value: s.value }));
      expect(want.length, name).toBeGreaterThan(0);
      const got = stored.map((v) => {
        const { __name__: _n, job: _j, instance: _i, ...labels } = v.metric;
        return { labels, value: Number(v.value[1]) };
      });
      const key = (x: { labels: Record<string, string> }) => JSON.stringify(Object.entries(x.labels).sort());
      expect(got.sort((a, b) => key(a).localeCompare(key(b))), name).toEqual(want.sort((a, b) => key(a).localeCompare(key(b))));
    }
    expect(sumOf(exposed, 'meraki_usage_runs_total', { result: 'ok' })).toBe(1);
    expect((await query(`meraki_usage_data_freshness_seconds{job="${JOB}"}`)).length).toBe(4);
  });

  it('promtool check metrics finds nothing in /metrics', () => {
    const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: WAIT_MS });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });

  it('Prometheus loads the alert rules, and on a healthy collector none fires', async () => {
    // The first scrape is stored already (beforeAll): wait for an evaluation of every rule after that instant.
    const after = Date.now();
    await waitFor(async () => {
      const res = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as { data: { groups: { rules: { lastEvaluation: string }[] }[] } };
      return res.data.groups.flatMap((g) => g.rules).every((r) => Date.parse(r.lastEvaluation) > after);
    }, WAIT_MS, 'an evaluation of every rule after the first scrape');
    const res = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string; state: string }[] }[] } };
    const rules = res.data.groups.flatMap((g) => g.rules);
    expect(rules).toHaveLength(7);
    expect(rules.filter((r) => r.health !== 'ok')).toEqual([]);
    expect(rules.filter((r) => r.state !== 'inactive').map((r) => r.name)).toEqual([]);
  });
});
