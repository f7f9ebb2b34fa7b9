import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { runCli, STACK_LINE } from './run-cli.js';

const DATABASE = 'cli_demo';
/** Simulated days of the bounded demo runs of these tests (the default is 182). */
const DAYS = 40;
const DEMO_TIMEOUT_MS = 300_000;

async function influxql(url: string, q: string): Promise<unknown> {
  const res = await fetch(`${url}/query?db=${DATABASE}&q=${encodeURIComponent(q)}`, { method: 'POST' });
  expect(res.status).toBe(200);
  return res.json();
}

/** The names of the demo's networks (same seed, same world). */
async function demoNetworkNames(): Promise<string[]> {
  const sim = await startSimulator({ now: Date.UTC(2026, 0, 1) });
  try {
    return sim.world.networks.map((n) => n.name);
  } finally {
    await sim.stop();
  }
}

describe('demo', () => {
  it('with INFLUX_URL: months of runs into that InfluxDB (1.x API), a query to try, out/report.html from it', async () => {
    const url = inject('influxUrl');
    await influxql(url, `CREATE DATABASE ${DATABASE}`);
    const cwd = mkdtempSync(join(tmpdir(), 'meraki-usage-demo-influx-'));
    const env = { INFLUX_URL: url, INFLUX_API_VERSION: '1', INFLUX_DATABASE: DATABASE, LOG_FORMAT: 'json' };
    const r = await runCli(['demo', '--days', String(DAYS)], { env, cwd });
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`data: InfluxDB ${url}, database ${DATABASE}, measurement client_usage`);
    expect(r.stdout).toContain(`-database ${DATABASE} -execute 'SELECT sum("recv")`);
    const points = Number(/(\d+) points written/.exec(r.stdout)?.[1]);
    expect(points).toBeGreaterThan(0);
    const result = (await influxql(url, 'SELECT count("recv") FROM "client_usage"')) as {
      results: { series?: { values: [string, number][] }[] }[];
    };
    expect(result.results[0]?.series?.[0]?.values[0]?.[1]).toBeGreaterThan(0);
    expect(r.stdout).toContain(`history kept: ${DAYS + 32} days`);
    const html = readFileSync(join(cwd, 'out', 'report.html'), 'utf8');
    for (const name of await demoNetworkNames()) expect(html).toContain(name);
    expect(html).toContain(`InfluxQL ${url}/query db=${DATABASE}`);
  }, DEMO_TIMEOUT_MS);

  it('without a database: line-protocol files, a progress line, the summary, and out/report.html naming the networks', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'meraki-usage-demo-files-'));
    const r = await runCli(['demo', '--days', String(DAYS)], { env: { LOG_FORMAT: 'json' }, cwd });
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.code).toBe(0);
    const names = await demoNetworkNames();
    expect(r.stdout).toMatch(new RegExp(`day +30/${DAYS} `));
    expect(r.stdout).toMatch(new RegExp(`${DAYS - 2 + 1 + 48} runs \\(0 failed\\)`)); // backfill + daily + 48 hourly
    expect(r.stdout).toContain(`history kept: ${DAYS + 32} days`);
    expect(r.stdout).toContain('the Meraki API serves only the last 31');
    for (const name of names) expect(r.stdout).toContain(name);
    expect(r.stdout).toMatch(/%\/month/);
    expect(r.stdout).toContain('report: out/report.html');
    expect(r.stdout).toContain('influx -import -path=out/usage-');
    expect(r.stdout).toContain('docker compose up -d');
    const html = readFileSync(join(cwd, 'out', 'report.html'), 'utf8');
    for (const name of names) expect(html).toContain(`<h3>${name} `);
    expect(html.match(/class="trend-chart"/g)).toHaveLength(names.length + 1);
    expect(r.stderr).toBe(''); // the runs log at warn level in the demo: nothing to say
  }, DEMO_TIMEOUT_MS);

  it('--days out of range is a usage error naming the option', async () => {
    const r = await runCli(['demo', '--days', '1'], { env: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/`--days`.*3 to 730/);
  });
});
