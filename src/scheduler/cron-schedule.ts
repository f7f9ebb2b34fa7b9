import { schedule } from 'node-cron';

/** A recurring trigger: calls `onTick` at every match of `cron` until stopped. */
export interface ScheduledTrigger {
  stop(): void;
  /** The next time `onTick` will be called, or null. */
  nextRunAt(): Date | null;
}

/** Starts a recurring trigger; injected into the scheduler so tests need not wait for real minutes. */
export type ScheduleFn = (cron: string, timezone: string, onTick: () => void) => ScheduledTrigger;

/** The real trigger: a node-cron task (overlap is handled by the scheduler, not by node-cron). */
export const nodeCronSchedule: ScheduleFn = (cron, timezone, onTick) => {
  const task = schedule(cron, () => onTick(), { timezone, name: 'meraki-usage-collector' });
  return {
    stop: () => {
      void task.destroy();
    },
    nextRunAt: () => task.getNextRun(),
  };
};
