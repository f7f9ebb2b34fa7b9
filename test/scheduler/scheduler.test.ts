import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { nodeCronSchedule } from '../../src/scheduler/cron-schedule.js';
import type { ScheduleFn } from '../../src/scheduler/cron-schedule.js';
import { startScheduler } from '../../src/scheduler/scheduler.js';
import type { SignalSource } from '../../src/scheduler/scheduler.js';
import { createLogger } from '../../src/log/create-logger.js';
import { memoryStream } from '../log/memory-stream.js';

/** A trigger fired by hand, recording whether it was stopped. */
function manualTrigger() {
  const state = { onTick: (): void => {}, stopped: false, cron: '', timezone: '' };
  const schedule: ScheduleFn = (cron, timezone, onTick) => {
    Object.assign(state, { cron, timezone, onTick });
    return { stop: () => void (state.stopped = true), nextRunAt: () => null };
  };
  return { state, schedule };
}

/** A run that waits until released, recording its signal. */
function controlledRuns() {
  const runs: { signal: AbortSignal; release: () => void }[] = [];
  const run = (signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      runs.push({ signal, release: resolve });
    });
  return { runs, run };
}

function setup(opts: { runAtStart?: boolean; signals?: SignalSource } = {}) {
  const trigger = manualTrigger();
  const { runs, run } = controlledRuns();
  const stream = memoryStream();
  const logger = createLogger({ stream, format: 'json', level: 'debug' });
  const scheduler = startScheduler({
    cron: '7 * * * *', timezone: 'UTC', runAtStart: opts.runAtStart ?? false, run, logger,
    schedule: trigger.schedule, signals: opts.signals,
  });
  const messages = () => stream.lines().map((l) => l['msg']);
  return { trigger, runs, scheduler, messages };
}

describe('startScheduler', () => {
  it('schedules the cron expression and runs on each tick', async () => {
    const { trigger, runs, scheduler } = setup();
    expect(trigger.state).toMatchObject({ cron: '7 * * * *', timezone: 'UTC' });
    expect(runs).toHaveLength(0);
    trigger.state.onTick();
    expect(runs).toHaveLength(1);
    runs[0]?.release();
    await scheduler.stop();
  });

  it('runs at start when asked', async () => {
    const { runs, scheduler } = setup({ runAtStart: true });
    expect(runs).toHaveLength(1);
    runs[0]?.release();
    await scheduler.stop();
  });

  it('never overlaps: a tick during a run is skipped and logged', async () => {
    const { runs, scheduler, messages } = setup();
    const first = scheduler.tick();
    await scheduler.tick();
    expect(runs).toHaveLength(1);
    expect(messages()).toContain('run skipped: the previous run is still going');
    runs[0]?.release();
    await first;
    const second = scheduler.tick();
    expect(runs).toHaveLength(2);
    runs[1]?.release();
    await second;
    await scheduler.stop();
  });

  it('keeps scheduling after a failed run', async () => {
    const trigger = manualTrigger();
    const stream = memoryStream();
    let calls = 0;
    const scheduler = startScheduler({
      cron: '* * * * *', timezone: 'UTC', runAtStart: false, schedule: trigger.schedule,
      logger: createLogger({ stream, format: 'json' }),
      run: () => (++calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve()),
    });
    await scheduler.tick();
    await scheduler.tick();
    expect(calls).toBe(2);
    expect(stream.lines().find((l) => l['msg'] === 'run failed')?.['err']).toMatchObject({ message: 'boom' });
    await scheduler.stop();
  });

  it('stop aborts the current run, waits for it, and schedules nothing more', async () => {
    const { trigger, runs, scheduler } = setup();
    void scheduler.tick();
    let stopResolved = false;
    const stopping = scheduler.stop('test').then(() => (stopResolved = true));
    expect(trigger.state.stopped).toBe(true);
    expect(runs[0]?.signal.aborted).toBe(true);
    await Promise.resolve();
    expect(stopResolved).toBe(false);
    runs[0]?.release();
    await stopping;
    await scheduler.stopped;
    trigger.state.onTick();
    await scheduler.tick();
    expect(runs).toHaveLength(1);
  });

  it('SIGTERM stops it, and the handlers are removed so a second signal is not caught', async () => {
    const signals = new EventEmitter();
    const { runs, scheduler, messages } = setup({ signals: signals as unknown as SignalSource });
    expect(signals.listenerCount('SIGTERM')).toBe(1);
    expect(signals.listenerCount('SIGINT')).toBe(1);
    void scheduler.tick();
    signals.emit('SIGTERM');
    expect(runs[0]?.signal.aborted).toBe(true);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
    expect(signals.listenerCount('SIGINT')).toBe(0);
    runs[0]?.release();
    await scheduler.stopped;
    expect(messages()).toEqual(expect.arrayContaining(['scheduler stopping', 'scheduler stopped']));
  });

  it('stops promptly when idle', async () => {
    const { scheduler } = setup();
    await scheduler.stop();
    await scheduler.stopped;
    await scheduler.stop();
  });
});

describe('nodeCronSchedule', () => {
  it('fires a real node-cron task and stops it', async () => {
    let fire: () => void = () => {};
    const fired = new Promise<void>((resolve) => (fire = resolve));
    const trigger = nodeCronSchedule('* * * * * *', 'UTC', () => fire());
    try {
      expect(trigger.nextRunAt()).toBeInstanceOf(Date);
      await fired;
    } finally {
      trigger.stop();
    }
  });
});
