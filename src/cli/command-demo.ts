import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { configSecrets } from '../config/secrets.js';
import type { Config } from '../config/types.js';
import { withDotenv } from '../config/read-sources.js';
import { formatHtmlReport } from '../report/format-html.js';
import { makeReport, reportSourceFor } from '../report/run-report.js';
import { startSimulator } from '../simulator/index.js';
import type { Simulator, SimWorld } from '../simulator/index.js';
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from './cli-io.js';
import { collectorFactory, commandLogger, onStopSignal } from './command-context.js';
import type { CommandContext } from './command-context.js';
import { runSummaryText } from './run-summary-text.js';
import { runDemoHistory } from './demo-history.js';
import { DEMO_DAYS_MAX, DEMO_DAYS_MIN, demoTimeline, type DemoTimeline } from './demo-timeline.js';
import { demoReportText, demoSummaryText, demoWhereText, GRAFANA_TEXT } from './demo-text.js';

/** Variables the demo takes from the environment (and .env); everything Meraki-related is the simulator's. */
const DEMO_ENV = /^(INFLUX_|LOG_|COLLECTOR_OUT_DIR$)/;
export const DEMO_API_KEY = 'demo-key-for-the-simulator';
const DAY_MS = 86_400_000;
/** The demo's world grows this much a month (weekday/weekend pattern included), so the forecast has a point. */
export const DEMO_GROWTH_PCT_PER_MONTH = 3;
/**
 * The collector's own Meraki request rate in the demo, per organization per second. The simulator stands in for
 * Meraki on this machine and is not rate limited, so the six simulated months take about a minute instead of ~5.
 */
const DEMO_RATE_PER_SECOND = 1000;

/**
 * `demo`: a simulator on a free port whose clock moves through about six months: one backfill, then daily and
 * (at the end) hourly runs of the collector into INFLUX_URL or ./out; then a summary and out/report.html.
 */
export async function demoCommand(ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const days = ctx.flags.days;
  const timeline = demoTimeline(typeof days === 'string' ? days : undefined);
  if (timeline === null) throw new UsageError(`Expected \`--days\` to be an integer from ${DEMO_DAYS_MIN} to ${DEMO_DAYS_MAX}, got ${JSON.stringify(days)}`, 'demo');
  const env = Object.fromEntries(Object.entries(withDotenv(io.env, io.cwd)).filter(([k]) => DEMO_ENV.test(k)));
  const stateDir = await mkdtemp(join(tmpdir(), 'meraki-usage-demo-'));
  const endMs = io.clock?.now() ?? Date.now();
  const sim = await startSimulator({ now: endMs - timeline.days * DAY_MS, rate: false, growthPctPerMonth: DEMO_GROWTH_PCT_PER_MONTH });
  try {
    io.stdout.write(`simulated Meraki API at ${sim.url}: ${describeWorld(sim.world)}\n`);
    const loaded = loadConfig({
      // One log line per run would bury the summary: warnings and errors only, unless LOG_LEVEL says otherwise.
      env: { LOG_LEVEL: 'warn', ...env, MERAKI_BASE_URL: sim.url, MERAKI_API_KEY: DEMO_API_KEY, MERAKI_TRUSTED_HOSTS: new URL(sim.shardUrl).host, COLLECTOR_STATE_DIR: stateDir },
      cwd: io.cwd,
      dotenv: false,
      requireApiKey: true,
    });
    const config: Config = { ...loaded, meraki: { ...loaded.meraki, ratePerOrgPerSecond: DEMO_RATE_PER_SECOND } };
    for (const s of configSecrets(config)) ctx.secrets.add(s);
    return await collectMonths(ctx, config, sim, timeline);
  } finally {
    await sim.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

async function collectMonths(ctx: CommandContext, config: Config, sim: Simulator, timeline: DemoTimeline): Promise<number> {
  const logger = commandLogger(ctx.io, config);
  const collector = collectorFactory(ctx.io)({ config, logger, clock: sim.clock });
  const controller = new AbortController();
  const off = onStopSignal(ctx.io.signals, (signal) => controller.abort(new Error(`stopped by ${signal}`)));
  const out = ctx.io.stdout;
  try {
    const firstDay = Math.floor(sim.clock.now() / DAY_MS) - 31;
    out.write(`collecting ${timeline.days} simulated days: a 31-day backfill, then daily runs, hourly runs for the last ${timeline.hourlyDays} days...\n`);
    const history = await runDemoHistory(collector, sim.clock, timeline, out, controller.signal);
    out.write(`${history.runs} runs (${history.failedRuns} failed), ${history.points} points written, ${history.requests} requests\n`);
    if (history.last) out.write(`last ${runSummaryText(history.last)}\n`);
    out.write(`${await demoWhereText(config, ctx.io.cwd)}\n`);
    const nowMs = sim.clock.now();
    const options = { fromMs: firstDay * DAY_MS, toMs: (Math.floor(nowMs / DAY_MS) + 1) * DAY_MS, network: null, top: 10, tz: 'UTC', thresholdKb: null, format: 'table' as const, htmlFile: null };
    const report = await makeReport(reportSourceFor(config, options), options, nowMs, controller.signal);
    const htmlDir = join(ctx.io.cwd, 'out');
    await mkdir(htmlDir, { recursive: true });
    const htmlPath = join(htmlDir, 'report.html');
    await writeFile(htmlPath, formatHtmlReport(report), 'utf8');
    out.write(`\n${demoSummaryText(report)}\n${demoReportText(htmlPath, ctx.io.cwd)}\n${config.influx === null ? `${GRAFANA_TEXT}\n` : ''}`);
    return history.failedRuns === 0 ? EXIT_OK : EXIT_RUN_FAILED;
  } finally {
    off();
    await collector.close();
  }
}

function describeWorld(world: SimWorld): string {
  return `${world.organizations.length} organization, ${world.networks.length} networks (${world.networks.map((n) => n.name).join(', ')}), ${world.clientCount} clients`;
}
