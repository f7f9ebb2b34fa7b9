import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkStatus } from '../../src/collector/collector-api.js';
import { startSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { runCli, STACK_LINE } from './run-cli.js';
import { simulatorCliEnv } from '../helpers/collector-harness.js';

const KEY = '5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7';

describe('the CLI against the simulator (real collector, file sink)', () => {
  let sim: Simulator;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    sim = await startSimulator({ orgs: 1, networksPerOrg: 2, clientsPerNetwork: 5, historyDays: 40 });
    dir = mkdtempSync(join(tmpdir(), 'meraki-usage-cli-sim-'));
    env = simulatorCliEnv(sim, dir, KEY, { LOG_LEVEL: 'debug', LOG_FORMAT: 'json' });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('once collects every network, then status shows their checkpoints, then check passes', async () => {
    const once = await runCli(['once'], { env, cwd: dir });
    expect(once.stderr).not.toMatch(STACK_LINE);
    expect(once.code).toBe(0);
    expect(once.stdout).toMatch(/^run ok: 1 organization, 2 networks \(0 failed\)/);
    expect(readdirSync(join(dir, 'out')).some((f) => f.endsWith('.lp'))).toBe(true);

    const status = await runCli(['status', '--json'], { env: { COLLECTOR_STATE_DIR: env['COLLECTOR_STATE_DIR'] ?? '' }, cwd: dir });
    expect(status.code).toBe(0);
    const statuses = JSON.parse(status.stdout) as NetworkStatus[];
    expect(statuses).toHaveLength(2);
    for (const s of statuses) expect(s).toMatchObject({ lastResult: 'ok', checkpointMs: expect.any(Number) });

    const check = await runCli(['check'], { env, cwd: dir });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('check ok');

    for (const r of [once, status, check]) expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('a run against an unreachable API fails with exit 1, no key printed', async () => {
    writeFileSync(join(dir, 'no-retries.yaml'), 'meraki: { maxRetries: 0, timeoutMs: 2000 }\n');
    const r = await runCli(['once', '--config', 'no-retries.yaml'], {
      env: { ...env, MERAKI_BASE_URL: 'http://127.0.0.1:9/api/v1' },
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('demo backfills a simulated organization into ./out and says where the data went', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'meraki-usage-demo-test-'));
    const r = await runCli(['demo', '--days', '35'], { env: { LOG_FORMAT: 'json' }, cwd });
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('simulated Meraki API at http://127.0.0.1:');
    expect(r.stdout).toMatch(/run ok: 1 organization, 3 networks \(0 failed\), \d+ clients/);
    expect(r.stdout).toContain('data: line-protocol files in out: usage-');
    expect(r.stdout).toContain('influx -import -path=out/usage-');
  });
});
