import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/collector/collector-api.js';
import { formatOrgStatusTable } from '../../src/cli/org-status-table.js';
import { ipBudgetLine } from '../../src/collector/check.js';
import { fakeCollector, OK_SUMMARY } from './fake-collector.js';
import { runCli } from './run-cli.js';

const ENV = { MERAKI_API_KEY: 'f'.repeat(40), COLLECTOR_HTTP_PORT: '0' };

describe('--shard i/n', () => {
  it.each([['once'], ['backfill'], ['check']])('%s --shard wins over COLLECTOR_SHARD and splits the per-IP budget', async (command) => {
    const { factory, calls } = fakeCollector();
    const r = await runCli([command, '--shard', '1/3'], { env: { ...ENV, COLLECTOR_SHARD: '0/2' }, createCollector: factory });
    expect(r.code).toBe(0);
    const config = calls.deps[0]!.config;
    expect(config.collection.shard).toEqual({ index: 1, count: 3 });
    expect(config.meraki.ratePerIpPerSecond).toBe(30);
    expect(ipBudgetLine(config)).toBe('per-IP rate: 30/s (ipBudgetPerSecond 90/s / 3 shard(s)); shard 1/3');
  });

  it('without the flag COLLECTOR_SHARD applies; an explicit per-IP rate is not split', async () => {
    const { factory, calls } = fakeCollector();
    await runCli(['once'], { env: { ...ENV, COLLECTOR_SHARD: '1/2' }, createCollector: factory });
    expect(calls.deps[0]!.config.collection.shard).toEqual({ index: 1, count: 2 });
    expect(calls.deps[0]!.config.meraki.ratePerIpPerSecond).toBe(45);
    const fixed = fakeCollector();
    const cwd = mkdtempSync(join(tmpdir(), 'shard-'));
    writeFileSync(join(cwd, 'c.yaml'), 'meraki:\n  ratePerIpPerSecond: 70\n');
    await runCli(['once', '--shard', '0/2', '--config', `${cwd}/c.yaml`], { env: ENV, cwd, createCollector: fixed.factory });
    expect(fixed.calls.deps[0]!.config.meraki.ratePerIpPerSecond).toBe(70);
    expect(ipBudgetLine(fixed.calls.deps[0]!.config)).toBe('per-IP rate: 70/s (meraki.ratePerIpPerSecond); shard 0/2');
  });

  it.each([['two'], ['3/3'], ['1/0']])('--shard %s is a usage or config error (exit 2) naming the fix', async (value) => {
    const { factory, calls } = fakeCollector();
    const r = await runCli(['once', '--shard', value], { env: ENV, createCollector: factory });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/i\/n|0 <= i < n|shard/);
    expect(calls.runs).toHaveLength(0);
  });
});

describe('failed organizations in the run summary', () => {
  it('once exits 1 and names each failed organization with its reason', async () => {
    const failed: RunSummary = {
      ...OK_SUMMARY, ok: false, organizations: 3, orgsFailed: 2,
      orgResults: [
        { orgId: 'O_1', ok: false, networks: 0, networksFailed: 0, error: 'cannot list its networks: HTTP 403', consecutiveFailures: 1 },
        { orgId: 'O_2', ok: true, networks: 3, networksFailed: 0, consecutiveFailures: 0 },
        { orgId: 'O_3', ok: false, networks: 2, networksFailed: 2, error: '2 of 2 networks failed: HTTP 502', consecutiveFailures: 4 },
      ],
    };
    const { factory } = fakeCollector({ runOnce: () => Promise.resolve(failed) });
    const r = await runCli(['once'], { env: ENV, createCollector: factory });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('; 2 organizations failed: O_1 (cannot list its networks: HTTP 403), O_3 (2 of 2 networks failed: HTTP 502)');
    expect(r.stdout).not.toContain('O_2');
  });
});

describe('status: the organizations section', () => {
  it('one line per organization with its last result and failed runs in a row; nothing without records', () => {
    const text = formatOrgStatusTable([
      { orgId: 'O_1', lastRunAtMs: Date.UTC(2026, 0, 2, 3, 4), lastResult: 'failed', lastError: 'cannot list its networks: HTTP 403', consecutiveFailures: 3 },
      { orgId: 'O_22', lastRunAtMs: Date.UTC(2026, 0, 2, 3, 4), lastResult: 'ok', lastError: null, consecutiveFailures: 0 },
    ]);
    expect(text.split('\n')).toEqual([
      '',
      'organizations:',
      'ORG   LAST RESULT              FAILED RUNS IN A ROW  LAST ERROR',
      'O_1   failed 2026-01-02 03:04  3                     cannot list its networks: HTTP 403',
      'O_22  ok 2026-01-02 03:04      0                     -',
      '',
    ]);
    expect(formatOrgStatusTable([])).toBe('');
  });
});
