import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli, STACK_LINE } from './run-cli.js';

const DATABASE = 'cli_demo';

async function influxql(url: string, q: string): Promise<unknown> {
  const res = await fetch(`${url}/query?db=${DATABASE}&q=${encodeURIComponent(q)}`, { method: 'POST' });
  expect(res.status).toBe(200);
  return res.json();
}

describe('demo with INFLUX_URL', () => {
  it('backfills into that InfluxDB (1.x API) and prints a query to try', async () => {
    const url = inject('influxUrl');
    await influxql(url, `CREATE DATABASE ${DATABASE}`);
    const cwd = mkdtempSync(join(tmpdir(), 'meraki-usage-demo-influx-'));
    const env = { INFLUX_URL: url, INFLUX_API_VERSION: '1', INFLUX_DATABASE: DATABASE, LOG_FORMAT: 'json' };
    const r = await runCli(['demo'], { env, cwd });
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
  });
});
