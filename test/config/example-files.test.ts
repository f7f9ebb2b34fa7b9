import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_VARS } from '../../src/config/env-vars.js';
import { loadConfig } from '../../src/config/load-config.js';
import { configSchema } from '../../src/config/schema.js';
import { allowedKeysAt } from '../../src/config/schema-keys.js';
import { tempDir } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = `${ROOT}config/example.yaml`;
const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');
const ENV = { MERAKI_API_KEY: 'k', INFLUX_URL: 'http://localhost:8086', INFLUX_TOKEN: 't', INFLUX_ORG: 'o', INFLUX_BUCKET: 'b' };

/** Every key of the schema as a dotted path (client sets through one sample network id). */
function schemaPaths(path: string[] = []): string[][] {
  return allowedKeysAt(configSchema, path).flatMap((k) => {
    const child = [...path, k];
    const below = schemaPaths(k === 'clientSets' ? [...child, 'L_1'] : child);
    return [child, ...below];
  });
}

describe('config/example.yaml', () => {
  it('loads with the variables it references', () => {
    const c = loadConfig({ file: EXAMPLE, env: ENV, cwd: tempDir(), requireApiKey: true });
    expect(c.influx).toMatchObject({ apiVersion: 2, url: 'http://localhost:8086', token: 't', org: 'o', bucket: 'b' });
  });

  it('shows the defaults as its values', () => {
    const cwd = tempDir();
    const example = loadConfig({ file: EXAMPLE, env: ENV, cwd });
    const defaults = loadConfig({ env: ENV, cwd });
    expect({ ...example, targets: { ...example.targets, clientSets: {} } }).toEqual(defaults);
  });

  it('mentions every option', () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const missing = schemaPaths()
      .map((p) => p[p.length - 1] ?? '')
      .filter((k) => k !== 'L_1' && !new RegExp(`^\\s*(# )?${k}:`, 'm').test(text));
    expect(missing).toEqual([]);
  });

  it('sees the whole schema (the walk itself works)', () => {
    const keys = schemaPaths().map((p) => p.join('.'));
    expect(keys).toEqual(expect.arrayContaining(['meraki.maxRetryAfterMs', 'influx.retentionPolicy', 'collection.shard.count',
      'targets.defaultClients.filter.minUsageKb', 'targets.clientSets.L_1.clients']));
  });
});

describe('.env.example and docs/configuration.md', () => {
  it.each(ENV_VARS.map((v) => v.name))('list %s', (name) => {
    expect(read('.env.example')).toMatch(new RegExp(`^${name}=`, 'm'));
    expect(read('docs/configuration.md')).toContain(`\`${name}\``);
  });

  it('.env.example loads as an empty configuration', () => {
    const cwd = tempDir({ '.env': read('.env.example') });
    expect(loadConfig({ env: {}, cwd }).influx).toBeNull();
  });
});
