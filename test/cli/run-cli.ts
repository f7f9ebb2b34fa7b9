import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/cli-io.js';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in memory; `env` replaces the environment entirely, `cwd` defaults to a fresh empty folder. */
export async function runCli(argv: string[], io: Partial<CliIo> = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    env: {},
    cwd: mkdtempSync(join(tmpdir(), 'meraki-usage-cli-')),
    ...io,
    stdout: { write: (s: string) => out.push(s), isTTY: false },
    stderr: { write: (s: string) => err.push(s), isTTY: false },
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A stack frame line, as printed by Node for an uncaught error. */
export const STACK_LINE = /\n\s+at .+:\d+/;
