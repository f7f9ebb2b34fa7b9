/**
 * Runs the built CLI (build/src/cli.js) as a child process, optionally killing it with SIGKILL after a delay or
 * once a condition holds (e.g. the simulator has answered n requests: a moment inside the run on any machine).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CLI_PATH = join(process.cwd(), 'build', 'src', 'cli.js');

/** The built CLI's path; throws a clear message when `npm run build` has not run. */
export function builtCli(): string {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` before these tests`);
  return CLI_PATH;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when killAfterMs or killWhen fired before the process ended by itself. */
  killed: boolean;
  /** True when the hard limit (timeoutMs) killed it. */
  timedOut: boolean;
  durationMs: number;
}

export interface CliRunOptions {
  env: Record<string, string>;
  cwd: string;
  /** SIGKILL the process this many milliseconds after the spawn. */
  killAfterMs?: number;
  /** SIGKILL the process as soon as this holds (polled every 2 ms). */
  killWhen?: () => boolean;
  /** Hard limit; the process is killed (and the result says so) after this many milliseconds. Default 120000. */
  timeoutMs?: number;
}

export async function runCli(args: readonly string[], options: CliRunOptions): Promise<CliResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [builtCli(), ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  let killed = false;
  let timedOut = false;
  const timers: NodeJS.Timeout[] = [];
  const kill = (): boolean => {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    child.kill('SIGKILL');
    return true;
  };
  if (options.killAfterMs !== undefined) timers.push(setTimeout(() => void (killed = kill() || killed), options.killAfterMs));
  const killWhen = options.killWhen;
  if (killWhen) {
    const poll = setInterval(() => {
      if (!killWhen()) return;
      clearInterval(poll);
      killed = kill() || killed;
    }, 2);
    timers.push(poll);
  }
  timers.push(setTimeout(() => void (timedOut = kill() || timedOut), options.timeoutMs ?? 120_000));
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, s) => resolve([c, s]));
    });
    return { code, signal, stdout, stderr, killed, timedOut, durationMs: Date.now() - started };
  } finally {
    for (const t of timers) clearTimeout(t); // clears intervals too
  }
}
