import { ConfigError } from './config-error.js';
import type { ConfigProblem } from './config-error.js';

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` (or `${VAR:-fallback}`) in every string of a parsed YAML document with the variable's value;
 * `$${VAR}` stays as the literal `${VAR}`. A variable that is unset or empty (without fallback) is an error naming
 * it and the key it is used in. Returns a new value; the input is not changed.
 */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv): unknown {
  const problems: ConfigProblem[] = [];
  const result = walk(value, [], env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return result;
}

function walk(value: unknown, path: string[], env: NodeJS.ProcessEnv, problems: ConfigProblem[]): unknown {
  if (typeof value === 'string') return replace(value, path, env, problems);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, String(i)], env, problems));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, [...path, k], env, problems);
    return out;
  }
  return value;
}

function replace(text: string, path: string[], env: NodeJS.ProcessEnv, problems: ConfigProblem[]): string {
  return text.replace(REFERENCE, (match, escape: string, name: string, fallback: string | undefined) => {
    if (escape) return match.slice(1);
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    if (fallback !== undefined) return fallback;
    problems.push({
      key: path.join('.') || '(document)',
      message: `\${${name}} is not set; set ${name} in the environment or .env (or write \${${name}:-default})`,
    });
    return '';
  });
}
