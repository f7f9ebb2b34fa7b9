import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { UsageError } from '../../src/cli/cli-io.js';
import { reportCommand } from '../../src/cli/report-command.js';
import type { Flags } from '../../src/cli/parse-command-line.js';
import { influxQuery, uniqueDatabase } from '../sink/influx-query.js';

const influxUrl = inject('influxUrl');
const NOW = Date.UTC(2026, 5, 15, 12);

async function run(env: Record<string, string>, flags: Flags): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = { write: (t: string) => (out += t) };
  const cwd = await mkdtemp(join(tmpdir(), 'report-cmd-'));
  const code = await reportCommand({ io: { stdout: sink, stderr: { write: () => true }, env, cwd, clock: { now: () => NOW } }, flags, secrets: new Set() });
  return { code, out };
}

describe('report command (src/cli/report-command.ts)', () => {
  it('bad options are usage errors naming the option', async () => {
    await expect(run({ INFLUX_URL: influxUrl, INFLUX_API_VERSION: '1', INFLUX_DATABASE: 'x' }, { top: '-1' })).rejects.toThrow(UsageError);
    await expect(run({}, { tz: 'Mars/Base' })).rejects.toThrow(/`--tz`.*IANA/);
    await expect(run({}, { threshold: 'lots' })).rejects.toThrow(/`--threshold`.*500GB/);
  });

  it('without InfluxDB: reads the file sink\'s folder (empty: no data, exit 0)', async () => {
    const { code, out } = await run({}, {});
    expect(code).toBe(0);
    expect(out).toMatch(/Source: line-protocol files in .*out/);
    expect(out).toContain('Total: 0 KB');
  });

  it('prints the default 90-day table from a real InfluxDB 1.6 (empty database: no data)', async () => {
    const database = uniqueDatabase('report_cmd');
    await influxQuery(influxUrl, `CREATE DATABASE ${database}`);
    const { code, out } = await run({ INFLUX_URL: influxUrl, INFLUX_API_VERSION: '1', INFLUX_DATABASE: database }, {});
    expect(code).toBe(0);
    expect(out).toContain('Usage report 2026-03-18 .. 2026-06-15');
    expect(out).toContain('totals over all networks in UTC (--tz)');
    expect(out).toContain('Total: 0 KB');
    expect(out.match(/\(no data\)/g)).toHaveLength(9); // every table but the forecast's "All networks" row
  });

  it('a database that does not exist: the InfluxDB error, exit through the CLI error path', async () => {
    await expect(run({ INFLUX_URL: influxUrl, INFLUX_API_VERSION: '1', INFLUX_DATABASE: 'no_such_db_x' }, { json: true })).rejects.toThrow(/database not found/);
  });
});
