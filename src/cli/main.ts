import { ConfigError } from '../config/config-error.js';
import { ENV_VARS } from '../config/env-vars.js';
import { createRedactor } from '../log/redact.js';
import { StateLockedError } from '../state/state-lock.js';
import { EXIT_OK, EXIT_RUN_FAILED, EXIT_USAGE, UsageError } from './cli-io.js';
import type { CliIo } from './cli-io.js';
import type { CommandContext } from './command-context.js';
import { COMMAND_HELP, GLOBAL_HELP } from './help-text.js';
import type { CommandName } from './help-text.js';
import { parseCommandLine } from './parse-command-line.js';
import { packageVersion } from './version.js';

/** Loaded on demand: `--help` and `status` need not load the collector's HTTP stack or the simulator. */
const COMMANDS: Record<CommandName, (ctx: CommandContext) => Promise<number>> = {
  run: async (ctx) => (await import('./command-run.js')).runCommand(ctx),
  once: async (ctx) => (await import('./command-collect.js')).collectCommand(ctx, 'incremental'),
  backfill: async (ctx) => (await import('./command-collect.js')).collectCommand(ctx, 'backfill'),
  status: async (ctx) => (await import('./command-status.js')).statusCommand(ctx),
  check: async (ctx) => (await import('./command-check.js')).checkCommand(ctx),
  verify: async (ctx) => (await import('./command-verify.js')).verifyCommand(ctx),
  report: async (ctx) => (await import('./command-report.js')).reportCommand(ctx),
  simulate: async (ctx) => (await import('./command-simulate.js')).simulateCommand(ctx),
  demo: async (ctx) => (await import('./command-demo.js')).demoCommand(ctx),
};

/** The CLI: parses `argv` (without node and the script), runs the command, returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const secrets = new Set(ENV_VARS.filter((v) => v.secret).map((v) => io.env[v.name] ?? ''));
  try {
    const line = parseCommandLine(argv);
    if (line.kind === 'version') {
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT_OK;
    }
    if (line.kind === 'help') {
      io.stdout.write(line.command ? COMMAND_HELP[line.command] : GLOBAL_HELP);
      return EXIT_OK;
    }
    return await COMMANDS[line.command]({ io, flags: line.flags, secrets });
  } catch (err) {
    return reportError(err, io, secrets);
  }
}

/** One message on stderr, no stack trace, secrets (environment and config) redacted. */
function reportError(err: unknown, io: CliIo, secrets: ReadonlySet<string>): number {
  const redact = createRedactor([...secrets]);
  if (err instanceof UsageError) {
    const hint = err.command ? `meraki-usage ${err.command} --help` : 'meraki-usage --help';
    io.stderr.write(`meraki-usage: ${redact(err.message)}\n(see ${hint})\n`);
    return EXIT_USAGE;
  }
  if (err instanceof ConfigError || err instanceof StateLockedError) {
    io.stderr.write(`meraki-usage: ${redact(err.message)}\n`);
    return EXIT_USAGE;
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  io.stderr.write(`meraki-usage: failed: ${redact(message)}\n`);
  return EXIT_RUN_FAILED;
}
