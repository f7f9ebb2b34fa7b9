import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port.js';

/** A real InfluxDB 1.x (Debian's `influxd`, 1.6.7 here) on loopback, with a temporary data folder. */
export interface Influxd {
  readonly url: string;
  readonly pid: number;
  /** One InfluxQL statement; returns the first result's series (empty when none). */
  query(q: string, db?: string): Promise<{ columns: string[]; values: unknown[][] }[]>;
  /** Kills the process (SIGKILL) and removes the data folder. */
  stop(): Promise<void>;
}

/** Started the same way as test/helpers/influxd.ts (no auth, no monitor store, error-level logs). */
export async function startInfluxd(): Promise<Influxd> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-influxd-'));
  const [port, rpcPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'influxdb.conf');
  await writeFile(
    conf,
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpcPort}"`,
      '[meta]',
      `  dir = "${dir}/meta"`,
      '[data]',
      `  dir = "${dir}/data"`,
      `  wal-dir = "${dir}/wal"`,
      '  query-log-enabled = false',
      '[monitor]',
      '  store-enabled = false',
      '[http]',
      `  bind-address = "127.0.0.1:${port}"`,
      '  auth-enabled = false',
      '  log-enabled = false',
      '[logging]',
      '  level = "error"',
      '',
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('influxd', ['run', '-config', conf], { stdio: ['ignore', 'ignore', 'ignore'] });
  const killOnExit = (): void => void child.kill('SIGKILL'); // never left behind, even by process.exit()
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await fetch(`${url}/ping`)).status === 204, 30_000, `influxd on ${url}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    pid: child.pid ?? 0,
    stop,
    query: async (q, db) => {
      const body = `q=${encodeURIComponent(q)}${db ? `&db=${encodeURIComponent(db)}` : ''}`;
      const res = await fetch(`${url}/query`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      const json = (await res.json()) as { results?: { series?: { columns: string[]; values: unknown[][] }[]; error?: string }[]; error?: string };
      const first = json.results?.[0];
      if (!res.ok || json.error || first?.error) throw new Error(`InfluxQL failed (${res.status}): ${json.error ?? first?.error} for ${q}`);
      return first?.series ?? [];
    },
  };
}
