import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { deepFreeze } from './deep-freeze.js';
import { pemProblem } from '../net/pem.js';
import { CONFIG_FILE_ENV } from './env-vars.js';
import { overlayEnv, readConfigFile, withDotenv } from './read-sources.js';
import type { Config } from './types.js';
import { displayKey, validateConfig } from './validate.js';

export interface LoadConfigOptions {
  /** YAML file (`--config`); default: `MERAKI_USAGE_CONFIG`, else none (defaults + environment only). */
  file?: string;
  /** Default process.env. Never modified. */
  env?: NodeJS.ProcessEnv;
  /** Where `.env`, a relative config file and relative folders are resolved. Default process.cwd(). */
  cwd?: string;
  /** Read `<cwd>/.env`. Default true. */
  dotenv?: boolean;
  /** A missing API key is an error (commands that reach Meraki). Default false. */
  requireApiKey?: boolean;
}

/**
 * Loads the configuration: defaults < YAML file < environment (real variables, then `.env`). Validates
 * everything and throws a ConfigError naming each bad key and its fix; makes no network calls. Returns a deeply
 * frozen object with relative folders made absolute.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const baseEnv = options.env ?? process.env;
  const env = options.dotenv === false ? { ...baseEnv } : withDotenv(baseEnv, cwd);
  const file = options.file ?? (env[CONFIG_FILE_ENV]?.trim() || undefined);
  const fromFile = file ? readConfigFile(resolve(cwd, file), env) : {};
  const { raw, fromEnv } = overlayEnv(fromFile, env);
  const config = validateConfig(raw, fromEnv);
  if (options.requireApiKey && config.meraki.apiKey === '') {
    const message =
      'required for this command; set MERAKI_API_KEY in the environment or .env ' +
      '(or meraki.apiKey: ${MERAKI_API_KEY} in the config file)';
    throw new ConfigError([{ key: 'MERAKI_API_KEY', message }]);
  }
  return deepFreeze(withEgress(finish(config, cwd), cwd, fromEnv));
}

function finish(config: Config, cwd: string): Config {
  return {
    ...config,
    fileSink: { dir: resolve(cwd, config.fileSink.dir) },
    state: { ...config.state, dir: resolve(cwd, config.state.dir) },
  };
}

/**
 * CA files made absolute and checked (readable, holding a PEM certificate), and the top-level `proxy` copied into
 * `meraki` and `influx`, so that every client built from one of those sections (the Meraki client, the sinks, the
 * InfluxQL client) uses the same proxy without being handed the whole config.
 */
function withEgress(config: Config, cwd: string, fromEnv: ReadonlySet<string>): Config {
  const caFile = (key: string, file: string | null | undefined): string | null => {
    if (!file) return null;
    const path = resolve(cwd, file);
    const name = displayKey(key, fromEnv);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new ConfigError([{ key: name, message: `cannot read the CA file ${path} (${reason}); set it to a readable PEM file of CA certificates` }], { cause: err });
    }
    const problem = pemProblem(text);
    if (problem) throw new ConfigError([{ key: name, message: `${path} ${problem}; set it to a PEM file of CA certificates` }]);
    return path;
  };
  const proxy = config.proxy;
  const meraki = { ...config.meraki, caFile: caFile('meraki.caFile', config.meraki.caFile), proxy };
  const influx = config.influx === null ? null : { ...config.influx, caFile: caFile('influx.caFile', config.influx.caFile), proxy };
  return { ...config, meraki, influx };
}
