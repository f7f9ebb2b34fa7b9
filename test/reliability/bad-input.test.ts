/**
 * Bad input through the CLI's `main` (in process) and, for a few, the built executable: every broken config or
 * environment value gets exit code 2 and one message naming the key, no stack trace, no secret echoed. Complements
 * test/config/bad-config.test.ts (loader level); only cases it does not cover, and the CLI's own input.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli-process.js';
import { figuresRecorder } from '../helpers/reliability-figures.js';

const KEY = 'SECRET-bad-input-key-0b9e';
const rec = figuresRecorder('bad-input', inject('influxUrl'));
afterAll(() => rec.report());

interface Case {
  name: string;
  argv: string[];
  env?: Record<string, string>;
  /** YAML written to c.yaml in the working folder (pass --config c.yaml or MERAKI_USAGE_CONFIG yourself). */
  yaml?: string;
  /** Text the message must contain: the key. */
  names: string;
}

const Y = ['once', '--config', 'c.yaml'];
const CASES: Case[] = [
  { name: 'no API key', argv: ['once'], env: { MERAKI_API_KEY: '' }, names: 'MERAKI_API_KEY' },
  { name: 'API key of spaces', argv: ['once'], env: { MERAKI_API_KEY: 'a b' }, names: 'MERAKI_API_KEY' },
  { name: 'config file missing (env)', argv: ['once'], env: { MERAKI_USAGE_CONFIG: 'missing.yaml' }, names: 'missing.yaml' },
  { name: 'config file missing (flag)', argv: ['backfill', '--config', 'nope.yaml'], names: 'nope.yaml' },
  { name: 'config file is a folder', argv: ['once', '--config', 'folder'], names: 'folder' },
  { name: 'timeout negative', argv: Y, yaml: 'meraki: { timeoutMs: -5 }', names: 'meraki.timeoutMs' },
  { name: 'retries fractional', argv: Y, yaml: 'meraki: { maxRetries: 1.5 }', names: 'meraki.maxRetries' },
  { name: 'concurrency too high', argv: Y, yaml: 'meraki: { concurrencyPerOrg: 101 }', names: 'meraki.concurrencyPerOrg' },
  { name: 'URL length too small', argv: Y, yaml: 'collection: { maxUrlLength: 100 }', names: 'collection.maxUrlLength' },
  { name: 'network concurrency zero', argv: Y, yaml: 'collection: { networkConcurrency: 0 }', names: 'collection.networkConcurrency' },
  { name: 'clients per request text', argv: Y, yaml: 'collection: { clientsPerRequest: many }', names: 'collection.clientsPerRequest' },
  { name: 'influx timeout text', argv: Y, yaml: 'influx: { url: "http://i:8086", apiVersion: 1, database: d, timeoutMs: soon }', names: 'influx.timeoutMs' },
  { name: 'influx retries negative', argv: Y, yaml: 'influx: { url: "http://i:8086", apiVersion: 1, database: d, maxRetries: -1 }', names: 'influx.maxRetries' },
  { name: 'split by SSID not a boolean', argv: Y, yaml: 'collection: { splitBySsid: sometimes }', names: 'collection.splitBySsid' },
  { name: 'state store unknown', argv: ['once'], env: { COLLECTOR_STATE_STORE: 's3' }, names: 'COLLECTOR_STATE_STORE' },
  { name: 'backfill --since not a date', argv: ['backfill', '--since', '2024-13-01'], names: '--since' },
  { name: 'backfill --since in the future', argv: ['backfill', '--since', '2999-01-01'], names: '--since' },
  { name: 'unknown option', argv: ['once', '--sincee', 'x'], names: '--sincee' },
  { name: 'unknown command', argv: ['collect'], names: 'collect' },
  { name: 'API key in a bad YAML', argv: Y, yaml: `meraki: { apiKey: "${KEY}", ratePerOrgPerSecond: 0 }`, names: 'meraki.ratePerOrgPerSecond' },
];

function folder(c: Case): string {
  const dir = mkdtempSync(join(tmpdir(), 'bad-input-'));
  mkdirSync(join(dir, 'folder'));
  if (c.yaml) writeFileSync(join(dir, 'c.yaml'), c.yaml);
  return dir;
}

function baseEnv(c: Case): Record<string, string> {
  return { MERAKI_API_KEY: KEY, MERAKI_BASE_URL: 'http://127.0.0.1:9/api/v1', ...c.env };
}

function expectClearError(c: Case, code: number | null, stderr: string, stdout: string): void {
  expect(code, stderr).toBe(2);
  expect(stderr).toContain(c.names);
  expect(stderr).not.toMatch(/\n\s+at |Error: .*\n.*node:internal/);
  expect(stderr + stdout).not.toContain(KEY);
}

describe('bad input: exit code 2 and a message naming the key, no stack trace', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s (main in process)', async (name, c) => {
    const figures = rec.scenario(name, { badInput: true });
    let stdout = '';
    let stderr = '';
    const code = await main(c.argv, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: baseEnv(c),
      cwd: folder(c),
    });
    expectClearError(c, code, stderr, stdout);
    figures.done();
  });

  it('the built executable: same exit code and message, no stack trace, for a bad env value and a bad file', async () => {
    for (const c of [CASES[0]!, CASES.find((x) => x.name === 'influx timeout text')!, CASES.find((x) => x.name === 'API key in a bad YAML')!]) {
      const figures = rec.scenario(`${c.name} (built executable)`, { badInput: true });
      const result = await runCli(c.argv, { env: baseEnv(c), cwd: folder(c) });
      expectClearError(c, result.code, result.stderr, result.stdout);
      figures.done();
    }
  });
});
