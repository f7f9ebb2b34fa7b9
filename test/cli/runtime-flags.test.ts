import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_RUNTIME_FLAGS } from '../../src/cli/runtime-flags.js';

const ROOT = process.cwd();
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('the V8 flags of NODE_RUNTIME_FLAGS', () => {
  it('are what every launcher the project ships gives node', () => {
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
    const launchers: Record<string, string | undefined> = {
      'package.json scripts.start': (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['start'],
      'scripts/demo.sh': /^exec (node .*)$/m.exec(read('scripts/demo.sh'))?.[1],
      'Dockerfile ENTRYPOINT': entrypoint === undefined ? undefined : (JSON.parse(entrypoint) as string[]).join(' '),
      'deploy/kubernetes/statefulset.yaml': /exec (node .*)$/m.exec(read('deploy/kubernetes/statefulset.yaml'))?.[1],
    };
    expect(NODE_RUNTIME_FLAGS.length).toBeGreaterThan(0);
    for (const [where, line] of Object.entries(launchers)) {
      expect(line, where).toContain(['node', ...NODE_RUNTIME_FLAGS, 'build/src/cli.js'].join(' '));
    }
  });

  it('are accepted by this node for the built CLI', () => {
    const cli = join(ROOT, 'build', 'src', 'cli.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does)`);
    const r = spawnSync(process.execPath, [...NODE_RUNTIME_FLAGS, cli, '--version'], { env: {}, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\d+\.\d+\.\d+/);
  });
});
