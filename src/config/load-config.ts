import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { deepFreeze } from './deep-freeze.js';
import { CONFIG_FILE_ENV } from './env-vars.js';
import { overlayEnv, readConfigFile, withDotenv } from './read-sources.js';
import type { Config } from './types.js';
import { validateConfig } from './validate.js';

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
  return deepFreeze(finish(config, cwd));
}

function finish(config: Config, cwd: string): Config {
  return {
    ...config,
    fileSink: { dir: resolve(cwd, config.fileSink.dir) },
    state: { ...config.state, dir: resolve(cwd, config.state.dir) },
  };
}
