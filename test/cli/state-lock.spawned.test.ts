/**
 * The state folder's lock between real processes: a daemon (`run`) and a manual `backfill` started on the same
 * state folder. The backfill exits 2 naming the daemon; with --wait it waits until the daemon stopped (SIGTERM),
 * then runs. Both are the built CLI (build/src/cli.js) against the simulator over HTTP, file sink.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/state/state-lock.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { builtCli, runCli } from '../helpers/cli-process.js';
import { simulatorCliEnv } from '../helpers/collector-harness.js';

interface Started {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
}

function start(args: string[], env: Record<string, string>, cwd: string): Started {
  const child = spawn(process.execPath, [builtCli(), ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls `condition` every 50 ms; fails after `limitMs` (a generous bound: the condition is an event, not a speed). */
async function until(what: string, condition: () => boolean, limitMs = 60_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('two processes on one state folder', () => {
  let sim: Simulator;
  let dir: string;
  let env: Record<string, string>;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    builtCli();
    sim = await startSimulator({ orgs: 1, networksPerOrg: 2, clientsPerNetwork: 5, rate: false });
    dir = mkdtempSync(join(tmpdir(), 'meraki-usage-lock-'));
    env = simulatorCliEnv(sim, dir, 'lock-test-key-77aa', { COLLECTOR_HTTP_PORT: '0', LOG_FORMAT: 'json' });
  });
  afterAll(async () => {
    for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a backfill beside a daemon exits 2 naming it; with --wait it runs once the daemon stopped', async () => {
    const daemon = start(['run'], env, dir);
    running.push(daemon.child);
    const lockPath = join(dir, 'state', LOCK_FILE);
    await until('the daemon to take the lock', () => existsSync(lockPath) && readFileSync(lockPath, 'utf8').includes(`"pid":${daemon.child.pid}`));
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: daemon.child.pid, command: 'meraki-usage run' });

    const refused = await runCli(['backfill'], { env, cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`is in use by pid ${daemon.child.pid} (meraki-usage run, since `);
    expect(refused.stderr).toContain('--wait');
    expect(refused.stdout).toBe('');

    const waiting = start(['backfill', '--wait'], env, dir);
    running.push(waiting.child);
    await until('the backfill to report that it waits', () => waiting.stderr().includes('waiting for the state folder'));
    expect(waiting.child.exitCode).toBeNull();
    // The daemon's first run (runAtStart) must be over before SIGTERM, so that it exits cleanly having collected.
    await until('the daemon to finish its first run', () => daemon.stderr().includes('"run finished"'));
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    expect(await waiting.exited).toBe(0);
    // The backfill re-pulled the whole lookback the daemon's first run (from empty state) had collected.
    const points = (text: string) => Number(/ (\d+) points written/.exec(text)?.[1]);
    expect(waiting.stdout()).toMatch(/^run ok: 1 organization, 2 networks \(0 failed\)/);
    expect(points(waiting.stdout())).toBeGreaterThan(0);
    expect(points(waiting.stdout())).toBe(Number(/"points":(\d+)/.exec(daemon.stderr().split('"run finished"')[1] ?? '')?.[1]));
    expect(existsSync(lockPath)).toBe(false);
  }, 120_000);

  it('a lock left by a killed daemon is taken over by the next command', async () => {
    const daemon = start(['run'], { ...env, COLLECTOR_RUN_AT_START: 'false' }, dir);
    running.push(daemon.child);
    const lockPath = join(dir, 'state', LOCK_FILE);
    await until('the daemon to take the lock', () => existsSync(lockPath) && readFileSync(lockPath, 'utf8').includes(`"pid":${daemon.child.pid}`));
    daemon.child.kill('SIGKILL');
    await once(daemon.child, 'close');
    expect(existsSync(lockPath)).toBe(true);
    const next = await runCli(['once'], { env, cwd: dir });
    expect(next.code).toBe(0);
    expect(next.stderr).toContain('took over the lock of a process that is gone');
    expect(existsSync(lockPath)).toBe(false);
  }, 120_000);
});
