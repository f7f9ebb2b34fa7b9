import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { parseDocument } from 'yaml';
import { ConfigError } from './config-error.js';
import { ENV_VARS } from './env-vars.js';
import { interpolateEnv } from './interpolate.js';

/** `env` plus the variables of `<cwd>/.env`; variables already set in `env` win (as with dotenv). */
export function withDotenv(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  const file = join(cwd, '.env');
  if (!existsSync(file)) return { ...env };
  try {
    return { ...parseDotenv(readFileSync(file)), ...env };
  } catch (err) {
    throw new ConfigError([{ key: file, message: `cannot read .env: ${(err as Error).message}` }], { cause: err });
  }
}

/** The YAML config file as a plain object, `${VAR}` references replaced from `env`. */
export function readConfigFile(path: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    const message = `cannot read ${path} (${reason}); check --config or MERAKI_USAGE_CONFIG`;
    throw new ConfigError([{ key: 'config file', message }], { cause: err });
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const firstLine = (e: Error) => (e.message.split('\n')[0] ?? '').replace(/:$/, '');
    const problems = doc.errors.map((e) => ({ key: path, message: `invalid YAML: ${firstLine(e)}` }));
    throw new ConfigError(problems, { cause: doc.errors[0] });
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([{ key: path, message: 'expected a YAML mapping of options (meraki:, targets:, ...)' }]);
  }
  return interpolateEnv(value, env) as Record<string, unknown>;
}

/** Sets the keys of every non-empty variable of ENV_VARS on a copy of `raw`; returns it and the keys set. */
export function overlayEnv(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): { raw: Record<string, unknown>; fromEnv: Set<string> } {
  const out = structuredClone(raw);
  const fromEnv = new Set<string>();
  for (const v of ENV_VARS) {
    const value = env[v.name]?.trim();
    if (value === undefined || value === '') continue;
    setPath(out, v.key.split('.'), value);
    fromEnv.add(v.key);
  }
  return { raw: out, fromEnv };
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[path[path.length - 1] ?? ''] = value;
}
