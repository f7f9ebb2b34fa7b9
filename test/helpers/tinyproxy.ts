import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './free-port.js';

/** Debian's tinyproxy on a free loopback port with its own config and log (scripts/install-deps.sh installs it). */
export interface Tinyproxy {
  readonly port: number;
  /** `http://[user:password@]127.0.0.1:PORT` */
  readonly url: string;
  /** The log so far. */
  log(): Promise<string>;
  /** The CONNECT requests logged, as `host:port` (every one, or those to `target`). */
  connects(target?: string): Promise<string[]>;
  /** Absolute-URI (plain HTTP) requests logged, as the URL. */
  forwarded(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface TinyproxyOptions {
  /** Require Basic proxy credentials (answers 407 without them). */
  auth?: { user: string; password: string };
  /** Only these CONNECT ports are allowed (others get 403). Default: every port. */
  connectPorts?: number[];
}

export async function startTinyproxy(options: TinyproxyOptions = {}): Promise<Tinyproxy> {
  const dir = await mkdtemp(join(tmpdir(), 'tinyproxy-'));
  const port = await freePort();
  const logFile = join(dir, 'tinyproxy.log');
  const conf = join(dir, 'tinyproxy.conf');
  await writeFile(
    conf,
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 60',
      `LogFile "${logFile}"`,
      'LogLevel Connect',
      'MaxClients 100',
      'Allow 127.0.0.1',
      'DisableViaHeader Yes',
      ...(options.auth ? [`BasicAuth ${options.auth.user} ${options.auth.password}`] : []),
      ...(options.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined = spawn('tinyproxy', ['-d', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)));
  child.on('exit', () => (child = undefined));
  const killOnExit = (): void => void child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  const listening = () =>
    new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
  await waitFor(listening, 20_000, `tinyproxy on 127.0.0.1:${port}: ${stderr}`);
  const log = () => readFile(logFile, 'utf8').catch(() => '');
  const requests = async (method: string) =>
    [...(await log()).matchAll(new RegExp(`Request \\(file descriptor \\d+\\): ${method} (\\S+) HTTP`, 'g'))].map((m) => m[1] ?? '');
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.password)}@` : '';
  return {
    port,
    url: `http://${credentials}127.0.0.1:${port}`,
    log,
    connects: async (target) => (await requests('CONNECT')).filter((t) => target === undefined || t === target),
    forwarded: () => requests('(?:GET|POST)'),
    stop: async () => {
      process.off('exit', killOnExit);
      const c = child;
      if (c) {
        await new Promise<void>((resolve) => {
          const hard = setTimeout(() => c.kill('SIGKILL'), 5000);
          c.once('exit', () => {
            clearTimeout(hard);
            resolve();
          });
          c.kill('SIGTERM');
        });
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
