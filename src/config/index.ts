export { ConfigError } from './config-error.js';
export type { ConfigProblem } from './config-error.js';
export { loadConfig } from './load-config.js';
export type { LoadConfigOptions } from './load-config.js';
export { configSecrets } from './secrets.js';
export { CONFIG_FILE_ENV, ENV_VARS } from './env-vars.js';
export type { EnvVar } from './env-vars.js';
export * from './defaults.js';
export type * from './types.js';
