import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { configSecrets } from '../config/secrets.js';
import type { Config } from '../config/types.js';
import { withDotenv } from '../config/read-sources.js';
import { startSimulator } from '../simulator/index.js';
import type { SimWorld } from '../simulator/index.js';
import { EXIT_OK, EXIT_RUN_FAILED } from './cli-io.js';
import { collectorFactory, commandLogger, onStopSignal } from './command-context.js';
import type { CommandContext } from './command-context.js';
import { demoWhereText } from './demo-text.js';
import { progressHooks, runProgress } from './run-progress.js';
import { runSummaryText } from './run-summary-text.js';

/** Variables the demo takes from the environment (and .env); everything Meraki-related is the simulator's. */
const DEMO_ENV = /^(INFLUX_|LOG_|COLLECTOR_OUT_DIR$)/;
export const DEMO_API_KEY = 'demo-key-for-the-simulator';

/** `demo`: simulator on a free port + one full backfill into INFLUX_URL or ./out, then a few pointers. */
export async function demoCommand(ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const env = Object.fromEntries(Object.entries(withDotenv(io.env, io.cwd)).filter(([k]) => DEMO_ENV.test(k)));
  const stateDir = await mkdtemp(join(tmpdir(), 'meraki-usage-demo-'));
  const sim = await startSimulator({ now: 'real' });
  try {
    io.stdout.write(`simulated Meraki API at ${sim.url}: ${describeWorld(sim.world)}\n`);
    const config = loadConfig({
      env: {
        ...env,
        MERAKI_BASE_URL: sim.url,
        MERAKI_API_KEY: DEMO_API_KEY,
        MERAKI_TRUSTED_HOSTS: new URL(sim.shardUrl).host,
        COLLECTOR_STATE_DIR: stateDir,
      },
      cwd: io.cwd,
      dotenv: false,
      requireApiKey: true,
    });
    for (const s of configSecrets(config)) ctx.secrets.add(s);
    return await backfill(ctx, config);
  } finally {
    await sim.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

async function backfill(ctx: CommandContext, config: Config): Promise<number> {
  const logger = commandLogger(ctx.io, config);
  const progress = runProgress(ctx.io, config, logger, 'backfill');
  const collector = collectorFactory(ctx.io)({ config, logger, onMerakiEvent: (e) => progress.onMerakiEvent(e) });
  const controller = new AbortController();
  const off = onStopSignal(ctx.io.signals, (signal) => controller.abort(new Error(`stopped by ${signal}`)));
  try {
    ctx.io.stdout.write('backfilling the last 31 days...\n');
    const summary = await collector.runOnce({ mode: 'backfill', signal: controller.signal, ...progressHooks(progress) });
    progress.stop();
    ctx.io.stdout.write(`${runSummaryText(summary)}\n`);
    ctx.io.stdout.write(`${await demoWhereText(config, ctx.io.cwd)}\n`);
    return summary.ok ? EXIT_OK : EXIT_RUN_FAILED;
  } finally {
    progress.stop();
    off();
    await collector.close();
  }
}

function describeWorld(world: SimWorld): string {
  return `${world.organizations.length} organization, ${world.networks.length} networks, ${world.clientCount} clients`;
}
