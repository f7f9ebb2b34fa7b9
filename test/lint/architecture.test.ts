import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The architecture rules of `npm run lint` broken on purpose: dependency-cruiser runs with the project's own
 * .dependency-cruiser.cjs over tiny source trees in a temporary folder, ESLint with the project's own config.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');
const run = promisify(execFile);
const folders: string[] = [];

afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (path -> source) into a fresh folder with a tsconfig and the project's node_modules. */
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'meraki-usage-arch-'));
  folders.push(dir);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function depcruiseRun(dir: string, outputType: string): Promise<{ code: number; stdout: string }> {
  const args = ['src', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', outputType];
  try {
    return { code: 0, stdout: (await run(DEPCRUISE, args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 })).stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    if (typeof e.code !== 'number' || e.stdout === undefined) throw err;
    return { code: e.code, stdout: e.stdout };
  }
}

/**
 * depcruise as lint runs it (its exit code and its message), and the violations it finds (from its JSON report),
 * as `rule from -> to` (a folder cycle: its first step).
 */
async function depcruise(dir: string): Promise<{ code: number; message: string; violations: string[] }> {
  const { code, stdout: message } = await depcruiseRun(dir, 'err');
  const report = JSON.parse((await depcruiseRun(dir, 'json')).stdout) as { summary: { violations: Violation[] } };
  // node_modules is a symlink to the project's: its real path is reported
  const violations = report.summary.violations.map((v) => `${v.rule.name} ${v.from} -> ${v.to.replace(/^.*\/node_modules\//, 'node_modules/')}`);
  return { code, message, violations: [...new Set(violations)].sort() };
}

const imp = (what: string, from: string): string => `import ${what} from '${from}';\nexport const used = [${what.replace(/[{}* ]|as /g, '')}];\n`;

describe('the architecture rules (dependency-cruiser, run by npm run lint)', () => {
  it('accepts the allowed arrows: commands on the simulator, the CLI on simulate-flags, planning on itself', async () => {
    const dir = fixture({
      'src/simulator/index.ts': imp('{ FLAGS }', './simulate-flags.js'),
      'src/simulator/simulate-flags.ts': 'export const FLAGS = 1;\n',
      'src/cli/command-simulate.ts': imp('{ used as sim }', '../simulator/index.js'),
      'src/cli/help-text.ts': imp('{ FLAGS }', '../simulator/simulate-flags.js'),
      'src/cli.ts': imp('{ used as help }', './cli/help-text.js'),
      'src/planning/windows.ts': 'export const DAY_MS = 86_400_000;\n',
      'src/planning/stored-pins.ts': imp('{ DAY_MS }', './windows.js'),
      'src/state/store.ts': `${imp('{ DAY_MS }', '../planning/windows.js')}import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n`,
    });
    expect(await depcruise(dir)).toMatchObject({ code: 0, violations: [] });
  }, 60_000);

  it('fails on each rule broken on purpose, naming the rule and the import', async () => {
    const dir = fixture({
      // no-circular
      'src/transform/scan.ts': imp('{ used as b }', './builder.js'),
      'src/transform/builder.ts': imp('{ used as s }', './scan.js'),
      // no-folder-cycle (no file cycle: config/a -> net/b -> config/c)
      'src/config/a.ts': imp('{ used as b }', '../net/b.js'),
      'src/net/b.ts': imp('{ used as c }', '../config/c.js'),
      'src/config/c.ts': 'export const used = 1;\n',
      // pure-planning-transform: a node module, an npm client, the state
      'src/planning/reads-file.ts': imp('{ readFileSync }', 'node:fs'),
      'src/planning/uses-axios.ts': imp('axios', 'axios'),
      'src/planning/uses-state.ts': imp('{ used as st }', '../state/store.js'),
      'src/state/store.ts': 'export const used = 1;\n',
      // simulator-only-in-its-commands: the help text on the simulator's option parser
      'src/cli/help-text.ts': imp('{ used as opts }', '../simulator/options-from-args.js'),
      'src/simulator/options-from-args.ts': 'export const used = 1;\n',
      // simulate-flags-imports-nothing
      'src/simulator/simulate-flags.ts': imp('{ used as o }', './options-from-args.js'),
      // exit-codes-only-in-cli
      'src/collector/collector.ts': imp('{ used as io }', '../cli/cli-io.js'),
      'src/cli/cli-io.ts': 'export const used = 1;\n',
    });
    const { code, message, violations } = await depcruise(dir);
    expect(code).toBeGreaterThan(0); // lint fails
    expect(message).toContain('error pure-planning-transform: src/planning/reads-file.ts → fs');
    expect(message).toContain('error simulator-only-in-its-commands: src/cli/help-text.ts → src/simulator/options-from-args.ts');
    expect(violations).toEqual([
      'exit-codes-only-in-cli src/collector/collector.ts -> src/cli/cli-io.ts',
      'no-circular src/transform/builder.ts -> src/transform/scan.ts',
      'no-folder-cycle src/config -> src/net',
      'no-folder-cycle src/net -> src/config',
      'pure-planning-transform src/planning/reads-file.ts -> fs',
      'pure-planning-transform src/planning/uses-axios.ts -> node_modules/axios/dist/node/axios.cjs',
      'pure-planning-transform src/planning/uses-state.ts -> src/state/store.ts',
      'simulate-flags-imports-nothing src/simulator/simulate-flags.ts -> src/simulator/options-from-args.ts',
      'simulator-only-in-its-commands src/cli/help-text.ts -> src/simulator/options-from-args.ts',
    ]);
  }, 60_000);
});

describe('exit codes only in src/cli (ESLint, run by npm run lint)', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const code = 'export function stop(): void {\n  process.exitCode = 3;\n  process.exit(1);\n}\n';
  const rules = async (filePath: string): Promise<string[]> =>
    (await eslint.lintText(code, { filePath: join(ROOT, filePath) }))[0]!.messages.map((m) => `${m.line}:${m.ruleId}`);

  it('rejects process.exit and process.exitCode outside src/cli', async () => {
    expect(await rules('src/collector/stop.ts')).toEqual(['2:no-restricted-properties', '3:no-restricted-properties']);
  }, 60_000);

  it('allows them in src/cli and src/cli.ts', async () => {
    expect(await rules('src/cli/stop.ts')).toEqual([]);
    expect(await rules('src/cli.ts')).toEqual([]);
  }, 60_000);
});
