/**
 * Crash consistency: the real CLI (`node build/src/cli.js backfill|once`) is killed with SIGKILL at a random
 * moment of a backfill or of an incremental run (after a random number of the simulator's answers, so the moment
 * lies inside the run on a machine of any speed), then restarted to completion. After each kill the checkpoint
 * state is readable and no checkpoint is ahead of the data stored in InfluxDB; after each restart InfluxDB equals
 * the simulator's truth.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { loadConfig } from '../../src/config/index.js';
import type { NetworkState } from '../../src/planning/network-state.js';
import { FileCheckpointStore } from '../../src/state/file-checkpoint-store.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { builtCli, runCli, type CliResult } from '../helpers/cli-process.js';
import { DAY_MS } from '../helpers/collector-harness.js';
import { figuresRecorder, type ScenarioRecorder } from '../helpers/reliability-figures.js';
import { diffAgainstMovingTruth, usageAt } from '../helpers/truth-at.js';
import {
  aheadOfStored, configFolder, createDatabase, dayOf, FAST_YAML, influxQuery, lookbackStart, RELIABILITY_SEED, reliabilityTrials, seededRandom, storedUsage,
} from './support.js';

const influxUrl = inject('influxUrl');
const TRIALS = reliabilityTrials();
const rec = figuresRecorder('crash', influxUrl);
const random = seededRandom(RELIABILITY_SEED);
/** Many small pages: each run stores ~30 pages, saving pins and checkpoints in between. */
const YAML = `${FAST_YAML}collection:\n  clientsPerRequest: 6\n  usagePerPage: 3\n  networkConcurrency: 2\n`;

let sim: Simulator;
let config: { dir: string; file: string };
const duration = { backfill: 0, once: 0 };
/** Requests of an uninterrupted run (calibration): the kill moments are drawn from them. */
const requests = { backfill: 0, once: 0 };

interface Trial {
  db: string;
  stateDir: string;
  env: Record<string, string>;
}

async function newTrial(name: string): Promise<Trial> {
  const db = await createDatabase(influxUrl, name);
  const stateDir = join(config.dir, name, 'state');
  const env = {
    MERAKI_API_KEY: 'crash-test-key-5c1e',
    MERAKI_BASE_URL: sim.url,
    INFLUX_URL: influxUrl,
    INFLUX_API_VERSION: '1',
    INFLUX_DATABASE: db,
    COLLECTOR_STATE_DIR: stateDir,
    COLLECTOR_OUT_DIR: join(config.dir, name, 'out'),
    MERAKI_USAGE_CONFIG: config.file,
    LOG_FORMAT: 'json',
  };
  return { db, stateDir, env };
}

/** Runs the CLI; with `killAtRequest`, SIGKILLs it once the simulator has received that many of its requests. */
const cli = (t: Trial, args: string[], killAtRequest?: number): Promise<CliResult> => {
  const base = sim.counters.requests;
  return runCli(args, {
    env: t.env,
    cwd: config.dir,
    ...(killAtRequest === undefined ? {} : { killWhen: () => sim.counters.requests - base >= killAtRequest }),
  });
};

async function completes(t: Trial, args: string[]): Promise<{ fromAtMs: number; toAtMs: number; result: CliResult; requests: number }> {
  const fromAtMs = Date.now();
  const base = sim.counters.requests;
  const result = await cli(t, args);
  expect(result.code, `${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`).toBe(0);
  return { fromAtMs, toAtMs: Date.now(), result, requests: sim.counters.requests - base };
}

/** A request number uniform over the first 90% of an uninterrupted run's requests (from 1). */
const killMoment = (total: number): number => 1 + Math.floor(random() * Math.max(1, Math.floor(total * 0.9)));

/** A complete incremental run in this process (setting up a trial is not under test; it saves a process start). */
async function inProcessRun(t: Trial): Promise<void> {
  const collector = createCollector({ config: loadConfig({ env: t.env, cwd: config.dir, dotenv: false }), logger: captureLogger() });
  try {
    expect((await collector.runOnce()).ok).toBe(true);
  } finally {
    await collector.close();
  }
}

/** Every state record parses, and no checkpoint is ahead of stored data (closed days before it are all stored). */
async function checkAfterKill(t: Trial, scenario: ScenarioRecorder): Promise<number> {
  const states: NetworkState[] = [];
  for await (const s of new FileCheckpointStore(t.stateDir).list()) states.push(s);
  const stored = await storedUsage(influxUrl, t.db);
  const truth = usageAt(sim, Date.now(), { fromMs: lookbackStart(Date.now()) });
  const { lost, compared, lostKeys } = aheadOfStored(states, stored, truth);
  scenario.compared(compared, lostKeys);
  expect(lost.slice(0, 5), `checkpoint ahead of stored data in ${t.db} (${lost.length} in all)`).toEqual([]);
  return states.length;
}

async function checkComplete(t: Trial, run: { fromAtMs: number; toAtMs: number }, scenario: ScenarioRecorder): Promise<void> {
  const stored = await storedUsage(influxUrl, t.db);
  const { diffs, checked, keys, wrong } = diffAgainstMovingTruth(stored, sim, { fromMs: lookbackStart(run.fromAtMs), ...run });
  scenario.compared(keys, wrong);
  expect(diffs, `InfluxDB differs from the truth in ${t.db} (${wrong.length} client-days in all)`).toEqual([]);
  expect(checked).toBeGreaterThan(1000);
}

/** Stored data and checkpoints as if the collector had stopped `days` ago (closed days only are kept). */
async function rewind(t: Trial, days: number): Promise<void> {
  const cutMs = dayOf(Date.now()) - days * DAY_MS;
  await influxQuery(influxUrl, `DELETE FROM client_usage WHERE time >= ${cutMs * 1_000_000}`, t.db);
  for (const name of (await readdir(t.stateDir)).filter((n) => n.endsWith('.json'))) {
    const path = join(t.stateDir, name);
    const state = JSON.parse(await readFile(path, 'utf8')) as NetworkState;
    state.checkpointMs = cutMs - DAY_MS;
    await writeFile(path, JSON.stringify(state));
  }
}

describe(`crash consistency: kill -9 of the CLI at random moments (${TRIALS} trials)`, () => {
  beforeAll(async () => {
    builtCli();
    sim = await startSimulator({
      seed: 31, networksPerOrg: 3, clientsPerNetwork: 24, now: 'real', rate: false,
      faults: { slowRate: 0.25, slowMs: 80 },
    });
    config = await configFolder(YAML);
    // Calibration: how many requests uninterrupted runs make, so that the kills land inside the work.
    const calibration = rec.scenario('calibration: uninterrupted backfill, then an incremental run');
    const t = await newTrial('crash_calibration');
    const backfill = await completes(t, ['backfill']);
    duration.backfill = backfill.result.durationMs;
    requests.backfill = backfill.requests;
    await checkComplete(t, backfill, calibration);
    await rewind(t, 8);
    const once = await completes(t, ['once']);
    duration.once = once.result.durationMs;
    requests.once = once.requests;
    await checkComplete(t, once, calibration);
    calibration.done();
    rec.detail('backfillMs', duration.backfill);
    rec.detail('incrementalMs', duration.once);
    rec.detail('backfillRequests', requests.backfill);
    rec.detail('incrementalRequests', requests.once);
  }, 180_000);
  afterAll(async () => {
    rec.report();
    await sim?.stop();
  });

  it('after every kill the state is readable and behind stored data; after every restart InfluxDB equals the truth', async () => {
    let killsLanded = 0;
    const kinds = { backfill: 0, incremental: 0 };
    for (let i = 0; i < TRIALS; i++) {
      const t = await newTrial(`crash_${i}`);
      const incremental = i % 2 === 1;
      const scenario = rec.scenario(`trial ${i}: kill -9 during ${incremental ? 'an incremental run' : 'a backfill'}`);
      let killed: CliResult;
      if (incremental) {
        await inProcessRun(t);
        await rewind(t, 2 + Math.floor(random() * 7));
        killed = await cli(t, ['once'], killMoment(requests.once));
      } else {
        killed = await cli(t, ['backfill'], killMoment(requests.backfill));
      }
      kinds[incremental ? 'incremental' : 'backfill']++;
      expect(killed.timedOut).toBe(false);
      if (killed.killed) {
        killsLanded++;
        scenario.fault(incremental ? 'kill -9 during an incremental run' : 'kill -9 during a backfill');
      } else expect(killed.code, killed.stderr.slice(-2000)).toBe(0);
      await checkAfterKill(t, scenario);
      const done = await completes(t, ['once']);
      await checkComplete(t, done, scenario);
      scenario.done();
      await influxQuery(influxUrl, `DROP DATABASE "${t.db}"`);
    }
    rec.detail('killsLanded', killsLanded);
    rec.detail('backfillTrials', kinds.backfill);
    rec.detail('incrementalTrials', kinds.incremental);
    // Most kills must interrupt a run, or the test proves little. A kill comes after request n of at most 90% of a
    // run's requests, so it lands unless the rest of the run took less than the 2 ms the poll may take to see it.
    expect(killsLanded).toBeGreaterThanOrEqual(Math.ceil(TRIALS / 3));
  }, 60_000 + TRIALS * 30_000);
});
