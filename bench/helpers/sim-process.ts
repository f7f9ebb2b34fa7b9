import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Counters, SimulatorOptions } from '../../src/simulator/index.js';

/** A simulator in its own process (bench/sim-server.ts), so the collector's CPU and RSS are its own. */
export interface SimProcess {
  readonly url: string;
  readonly orgIds: readonly string[];
  readonly pid: number;
  counters(): Promise<Counters>;
  /** The simulator process's CPU time so far (process.cpuUsage(), microseconds) and RSS (bytes). */
  usage(): Promise<{ cpu: NodeJS.CpuUsage; rss: number }>;
  resetCounters(): Promise<void>;
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

const SERVER = fileURLToPath(new URL('../sim-server.js', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export async function startSimProcess(options: SimulatorOptions): Promise<SimProcess> {
  const child: ChildProcess = fork(SERVER, [JSON.stringify(options)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const pending = new Map<number, (m: Record<string, unknown>) => void>();
  let nextId = 1;
  const hello = await new Promise<{ url: string; orgIds: string[] }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simulator process did not start in time')), START_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`simulator process exited with ${code}`)));
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as { url: string; orgIds: string[] });
    });
  });
  child.on('message', (raw) => {
    const m = raw as Record<string, unknown>;
    const done = pending.get(m.id as number);
    pending.delete(m.id as number);
    done?.(m);
  });
  const ask = (message: Record<string, unknown>): Promise<Record<string, unknown>> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ ...message, id });
    });
  return {
    url: hello.url,
    orgIds: hello.orgIds,
    pid: child.pid ?? 0,
    counters: async () => (await ask({ op: 'counters' })).counters as Counters,
    usage: async () => {
      const m = await ask({ op: 'usage' });
      return { cpu: m.cpu as NodeJS.CpuUsage, rss: m.rss as number };
    },
    resetCounters: async () => void (await ask({ op: 'reset' })),
    advance: async (ms) => void (await ask({ op: 'advance', ms })),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ op: 'stop', id: 0 });
      }),
  };
}
