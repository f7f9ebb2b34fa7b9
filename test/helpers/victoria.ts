import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port.js';

/** A real VictoriaMetrics (Debian's `victoria-metrics`) on loopback: a second server for `/api/v2/write`. */
export interface VictoriaServer {
  readonly url: string;
  /** Every sample of the metrics matching `match` (a series selector), from `/api/v1/export`. */
  exportSeries(match: string): Promise<VictoriaSeries[]>;
  stop(): Promise<void>;
}

export interface VictoriaSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

export async function startVictoria(): Promise<VictoriaServer> {
  const dir = await mkdtemp(join(tmpdir(), 'victoria-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'victoria-metrics',
    [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${dir}`, '-retentionPeriod=100y', '-loggerLevel=ERROR', '-search.disableCache'],
    { stdio: 'ignore' },
  );
  await waitFor(async () => (await fetch(`${url}/health`)).ok, 30_000, `victoria-metrics on ${url}`);
  return {
    url,
    exportSeries: async (match) => {
      await fetch(`${url}/internal/force_flush`);
      const res = await fetch(`${url}/api/v1/export?match[]=${encodeURIComponent(match)}&start=0`);
      const text = await res.text();
      return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as VictoriaSeries);
    },
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
