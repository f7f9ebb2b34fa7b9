import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NODE_RUNTIME_FLAGS } from '../../src/cli/runtime-flags.js';

const CHILD = fileURLToPath(new URL('../collector-child.js', import.meta.url));

export interface CollectorChildInput {
  simUrl: string;
  nowMs: number;
  /** Write to this InfluxDB 1.x database; default: the null (counting) sink. */
  influxV1?: { url: string; database: string };
}

export interface CollectorChildResult {
  ok: boolean;
  networks: number;
  clients: number;
  points: number;
  requests: number;
  seconds: number;
  /** User + system CPU of the child during the run (all its threads), ms. */
  cpuMs: number;
  baselineRss: number;
  peakRss: number;
  /** The kernel's high-water mark of the child's RSS (VmHWM), kB; 0 where unknown. */
  highWaterRssKb: number;
  peakHeapUsed: number;
  retainedHeapUsed: number;
}

/**
 * One backfill by a collector in its own process (`collector-child.ts`), started with `nodeFlags` (default: the
 * flags the collector's launchers give node); killed after `timeoutMs`.
 */
export function runCollectorChild(
  input: CollectorChildInput,
  timeoutMs: number,
  nodeFlags: readonly string[] = NODE_RUNTIME_FLAGS,
): Promise<CollectorChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify(input)], { execArgv: ['--expose-gc', ...nodeFlags], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let result: CollectorChildResult | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (m) => (result = m as CollectorChildResult));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(`collector child ended without a result (code ${code}, signal ${signal})`));
    });
  });
}
