import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import type { ConfigProblem } from './config-error.js';
import { ENV_VARS } from './env-vars.js';
import { asConfig, configSchema } from './schema.js';
import { allowedKeysAt, closestKey } from './schema-keys.js';
import type { Config } from './types.js';

const SECRET_KEYS = new Set(['apiKey', 'token', 'password', 'httpsProxy', 'httpProxy']);
const MAX_SHOWN_CHARS = 60;

/**
 * Validates the merged raw configuration. `fromEnv` holds the config keys set by environment variables, so a
 * problem with one of them names the variable (`MERAKI_ORG_IDS`) rather than the key.
 */
export function validateConfig(raw: unknown, fromEnv: ReadonlySet<string>): Config {
  const result = configSchema.safeParse(raw, { reportInput: true });
  if (result.success) return asConfig(result.data);
  const problems = result.error.issues.flatMap((issue) => toProblems(issue, fromEnv));
  throw new ConfigError(dedupe(problems), { cause: result.error });
}

function toProblems(issue: z.core.$ZodIssue, fromEnv: ReadonlySet<string>): ConfigProblem[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(configSchema, issue.path);
    return issue.keys.map((k) => ({ key: [...path, k].join('.'), message: unknownKeyMessage(k, allowed) }));
  }
  const key = path.join('.') || '(config)';
  return [{ key: displayKey(key, fromEnv), message: issue.message + shownInput(issue, path) }];
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const suggestion = closestKey(key, allowed);
  if (suggestion) return `unknown key; did you mean ${suggestion}?`;
  return allowed.length > 0 ? `unknown key; expected one of ${allowed.join(', ')}` : 'unknown key';
}

/** The environment variable when the value came from one, else the dotted key. */
export function displayKey(key: string, fromEnv: ReadonlySet<string>): string {
  const envVar = ENV_VARS.find((v) => fromEnv.has(v.key) && (key === v.key || key.startsWith(`${v.key}.`)));
  return envVar ? envVar.name : key;
}

function shownInput(issue: z.core.$ZodIssue, path: string[]): string {
  const input: unknown = issue.input;
  if (input === undefined || path.some((p) => SECRET_KEYS.has(p))) return '';
  if (typeof input === 'object' && input !== null) return '';
  const text = JSON.stringify(input) ?? String(input);
  return ` (got ${text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}...` : text})`;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.key}\n${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
