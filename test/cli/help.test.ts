import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_HELP, COMMAND_NAMES, GLOBAL_HELP } from '../../src/cli/help-text.js';
import { runCli } from './run-cli.js';

const DOC = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('help and version', () => {
  it.each([[['--help']], [['-h']], [[]]])('prints the global help for %j', async (argv) => {
    const r = await runCli(argv);
    if (argv.length === 0) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('missing command');
    } else {
      expect(r).toEqual({ code: 0, stdout: GLOBAL_HELP, stderr: '' });
    }
  });

  it.each(COMMAND_NAMES)('%s --help prints its help, exit 0', async (name) => {
    for (const argv of [[name, '--help'], [name, '-h'], ['--help', name]]) {
      const r = await runCli(argv);
      expect(r).toEqual({ code: 0, stdout: COMMAND_HELP[name], stderr: '' });
    }
    expect(COMMAND_HELP[name]).toContain(`Usage: meraki-usage ${name}`);
  });

  it.each(COMMAND_NAMES)('docs/cli.md quotes the help of %s verbatim', (name) => {
    expect(DOC).toContain(COMMAND_HELP[name].trimEnd());
  });

  it('docs/cli.md quotes the global help verbatim', () => {
    expect(DOC).toContain(GLOBAL_HELP.trimEnd());
  });

  it('--help wins over a bad config', async () => {
    const r = await runCli(['once', '--help'], { env: { LOG_LEVEL: 'nope' } });
    expect(r.code).toBe(0);
  });

  it.each([['--version'], ['-v']])('%s prints the package version', async (flag) => {
    expect(await runCli([flag])).toEqual({ code: 0, stdout: `${PACKAGE.version}\n`, stderr: '' });
  });
});
