import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/index.js';
import type { Config } from '../../src/config/types.js';

export interface BenchConfigOptions {
  /** The simulator's API base URL. */
  baseUrl: string;
  /** InfluxDB 1.x URL and database; null: the caller passes its own sink (the file sink dir is set anyway). */
  influxV1?: { url: string; database: string } | null;
  /** Extra config (YAML shape: `{ meraki: {...}, collection: {...} }`), validated by the real loader. */
  overrides?: Record<string, unknown>;
}

export interface BenchConfig {
  config: Config;
  /** Temporary folder holding state/ and out/. */
  dir: string;
  cleanup(): Promise<void>;
}

/** A Config aimed at the simulator, built through the real loader (env + YAML) in a temporary folder. */
export async function benchConfig(options: BenchConfigOptions): Promise<BenchConfig> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-collector-'));
  const env: Record<string, string> = {
    MERAKI_API_KEY: 'bench-key-0123456789abcdef',
    MERAKI_BASE_URL: options.baseUrl,
    COLLECTOR_STATE_DIR: join(dir, 'state'),
    COLLECTOR_OUT_DIR: join(dir, 'out'),
  };
  if (options.influxV1) {
    Object.assign(env, { INFLUX_URL: options.influxV1.url, INFLUX_API_VERSION: '1', INFLUX_DATABASE: options.influxV1.database });
  }
  const file = join(dir, 'config.yaml');
  await writeFile(file, stringify(options.overrides ?? {}));
  const config = loadConfig({ env, cwd: dir, dotenv: false, requireApiKey: true, file });
  return { config, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
