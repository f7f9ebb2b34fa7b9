import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STACK_LINE } from './run-cli.js';

const CLI = fileURLToPath(new URL('../../build/src/cli.js', import.meta.url));

function spawnCli(args: string[], env: Record<string, string> = {}) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the built executable', () => {
  it('prints its help and exits 0', () => {
    const r = spawnCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: meraki-usage <command>');
  });

  it('exits 2 on bad configuration with one message and no stack trace or secret', () => {
    const r = spawnCli(['once'], { MERAKI_API_KEY: 'spawned-secret-key', COLLECTOR_SCHEDULE: 'hourly' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('COLLECTOR_SCHEDULE: expected a cron expression');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr).not.toContain('spawned-secret-key');
  });
});
