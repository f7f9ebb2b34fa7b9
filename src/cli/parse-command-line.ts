import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { REPORT_ARG_OPTIONS } from '../report/report-options.js';
import { SIMULATE_ARG_OPTIONS } from '../simulator/simulate-flags.js';
import { UsageError } from './cli-io.js';
import { COMMAND_NAMES } from './help-text.js';
import type { CommandName } from './help-text.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP: Options = { help: { type: 'boolean', short: 'h' } };
const CONFIG: Options = { ...HELP, config: { type: 'string' } };
/** Options of every command that collects (or checks) organizations: `--shard i/n` wins over COLLECTOR_SHARD. */
export const COLLECT_OPTIONS: Options = { ...CONFIG, shard: { type: 'string' } };
/** Commands that take the state folder's lock. */
const LOCKING: Options = { ...COLLECT_OPTIONS, wait: { type: 'boolean' } };

const COMMAND_OPTIONS: Record<CommandName, Options> = {
  run: LOCKING,
  once: LOCKING,
  backfill: { ...LOCKING, since: { type: 'string' } },
  status: { ...CONFIG, json: { type: 'boolean' } },
  check: COLLECT_OPTIONS,
  verify: { ...LOCKING, network: { type: 'string' }, json: { type: 'boolean' }, repair: { type: 'boolean' } },
  report: { ...CONFIG, ...REPORT_ARG_OPTIONS },
  simulate: { ...HELP, ...SIMULATE_ARG_OPTIONS },
  demo: { ...HELP, days: { type: 'string' } },
};

export type Flags = Record<string, string | boolean | (string | boolean)[] | undefined>;

export type CommandLine =
  | { kind: 'help'; command: CommandName | null }
  | { kind: 'version' }
  | { kind: 'command'; command: CommandName; flags: Flags };

/** `[global options] <command> [options]`; --config may stand before the command too. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const at = commandIndex(argv);
  if (at < 0) return parseGlobal(argv);
  const name = argv[at] ?? '';
  if (!isCommand(name)) throw new UsageError(`unknown command "${name}"; expected one of ${COMMAND_NAMES.join(', ')}`, null);
  const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
  const flags = parse(rest, COMMAND_OPTIONS[name], name);
  return flags['help'] === true ? { kind: 'help', command: name } : { kind: 'command', command: name, flags };
}

function parseGlobal(argv: readonly string[]): CommandLine {
  const flags = parse(argv, { ...CONFIG, version: { type: 'boolean', short: 'v' } }, null);
  if (flags['version'] === true) return { kind: 'version' };
  if (flags['help'] === true) return { kind: 'help', command: null };
  throw new UsageError('missing command', null);
}

function parse(args: readonly string[], options: Options, command: CommandName | null): Flags {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(message, command, { cause: err });
  }
}

/** Index of the first argument that is neither an option nor the value of --config. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--config') i++;
    else if (!arg.startsWith('-')) return i;
  }
  return -1;
}

function isCommand(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}
