import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port.js';

/** A real InfluxDB 1.x server (Debian's `influxd`) on loopback with a temporary data folder. */
export interface InfluxdServer {
  readonly url: string;
  readonly port: number;
  /** InfluxQL query; returns the `series` of the first statement (empty when none). */
  query(q: string, db?: string): Promise<InfluxSeries[]>;
  /** Stops the process; the data folder is kept so `restart()` brings the same data back. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the process and removes the data folder. */
  stop(): Promise<void>;
}

export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export interface InfluxdOptions {
  /** Turn on HTTP auth and create this admin user. */
  admin?: { username: string; password: string };
  /** Serve HTTPS (`[http] https-enabled`) with this certificate and key; `caFile` verifies it for the helper's own calls. */
  tls?: { certFile: string; keyFile: string; caFile: string };
}

/** fetch, or for a TLS server a request verified with the test CA (Node's fetch takes no CA). */
function fetcher(tls: InfluxdOptions['tls']): (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }> {
  if (!tls) return fetch;
  const ca = readFileSync(tls.caFile, 'utf8');
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, ca, timeout: 10_000 }, (res) => {
        let text = '';
        res.on('data', (b: Buffer) => (text += b.toString()));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 300, status, json: async () => JSON.parse(text) as unknown });
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(init.body ?? '');
    });
}

export async function startInfluxd(options: InfluxdOptions = {}): Promise<InfluxdServer> {
  const dir = await mkdtemp(join(tmpdir(), 'influxd-'));
  const port = await freePort();
  const rpcPort = await freePort();
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
      `  auth-enabled = ${options.admin ? 'true' : 'false'}`,
      ...(options.tls ? ['  https-enabled = true', `  https-certificate = "${options.tls.certFile}"`, `  https-private-key = "${options.tls.keyFile}"`] : []),
      '  log-enabled = false',
      '[logging]',
      '  level = "error"',
      '',
    ].join('\n'),
  );
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const get = fetcher(options.tls);
  const basic = options.admin ? `Basic ${Buffer.from(`${options.admin.username}:${options.admin.password}`).toString('base64')}` : null;
  let child: ChildProcess | undefined;

  const killOnExit = (): void => void child?.kill('SIGKILL'); // never left behind, even by process.exit()
  process.once('exit', killOnExit);
  const launch = async (): Promise<void> => {
    child = spawn('influxd', ['run', '-config', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-4000);
    });
    child.on('exit', () => (child = undefined));
    await waitFor(async () => (await get(`${url}/ping`)).status === 204, 30_000, `influxd on ${url}: ${stderr}`);
  };
  const kill = async (): Promise<void> => {
    const c = child;
    if (!c) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  let useAuth = false;
  const query = async (q: string, db?: string): Promise<InfluxSeries[]> => {
    const params = `q=${encodeURIComponent(q)}${db ? `&db=${encodeURIComponent(db)}` : ''}`;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (useAuth && basic) headers.authorization = basic;
    const res = await get(`${url}/query`, { method: 'POST', headers, body: params });
    const body = (await res.json()) as { results?: { series?: InfluxSeries[]; error?: string }[]; error?: string };
    const first = body.results?.[0];
    if (!res.ok || body.error || first?.error) throw new Error(`InfluxQL failed (${res.status}): ${body.error ?? first?.error} for ${q}`);
    return first?.series ?? [];
  };

  await launch();
  if (options.admin) {
    await query(`CREATE USER "${options.admin.username}" WITH PASSWORD '${options.admin.password}' WITH ALL PRIVILEGES`);
  }
  useAuth = true;
  return {
    url,
    port,
    query,
    kill,
    restart: launch,
    stop: async () => {
      process.off('exit', killOnExit);
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
