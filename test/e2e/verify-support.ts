/** Shared by the verify scenario tests: the simulated instant, the compared days, a backfilled simulator world. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { loadConfig } from '../../src/config/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { DAY_MS, simulatorCliEnv } from '../helpers/collector-harness.js';

export const NOW = Date.UTC(2026, 5, 14, 9, 30, 0);
/** The client-days verify compares: closed days whose bucket overlaps the lookback (seconds). */
export const comparedFromS = Math.floor((NOW - 31 * DAY_MS + 120_000) / DAY_MS) * (DAY_MS / 1000);
export const comparedToS = Math.floor(NOW / DAY_MS) * (DAY_MS / 1000); // exclusive: today's open bucket is skipped

/** The CLI environment for the simulator and an InfluxDB 1.x database, with an optional YAML config file. */
export async function verifyEnv(sim: Simulator, influxUrl: string, db: string, yaml?: string): Promise<{ env: Record<string, string>; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'verify-'));
  const env = simulatorCliEnv(sim, dir, 'verify-key-0123456789', { INFLUX_URL: influxUrl, INFLUX_API_VERSION: '1', INFLUX_DATABASE: db, LOG_LEVEL: 'warn' });
  if (yaml) {
    await writeFile(join(dir, 'config.yaml'), yaml);
    env['MERAKI_USAGE_CONFIG'] = join(dir, 'config.yaml');
  }
  return { env, dir };
}

/** A full backfill with the collector in this process (setting up, not under test). */
export async function backfill(sim: Simulator, env: Record<string, string>, dir: string): Promise<void> {
  const collector = createCollector({ config: loadConfig({ env, cwd: dir, dotenv: false }), logger: captureLogger(), clock: sim.clock });
  try {
    expect((await collector.runOnce({ mode: 'backfill' })).ok).toBe(true);
  } finally {
    await collector.close();
  }
}
