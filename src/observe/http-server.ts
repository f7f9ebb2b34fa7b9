import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { HealthState } from './health.js';
import type { LiveState } from './liveness.js';

export interface ObserveServerOptions {
  /** Interface to bind. Default 127.0.0.1 (loopback only). */
  host?: string;
  /** TCP port; 0 picks a free port (tests). */
  port: number;
  /** The registry served on /metrics. */
  registry: Registry;
  /** Answers /readyz and its alias /healthz. */
  health: (signal?: AbortSignal) => Promise<HealthState>;
  /** Answers /livez. Default: live whenever the process answers. */
  live?: () => LiveState;
}

export interface ObserveServer {
  /** Base URL, e.g. http://127.0.0.1:9464 (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_OBSERVE_HOST = '127.0.0.1';

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

const PATHS = new Set(['/livez', '/readyz', '/healthz', '/metrics']);

async function handle(req: IncomingMessage, res: ServerResponse, options: ObserveServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (!PATHS.has(path)) return send(res, 404, 'text/plain; charset=utf-8', 'not found: try /livez, /readyz (alias /healthz) or /metrics\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  }
  if (path === '/metrics') return send(res, 200, options.registry.contentType, await options.registry.metrics());
  if (path === '/livez') {
    const state = options.live?.() ?? { live: true, reason: null };
    return send(res, state.live ? 200 : 503, 'application/json', JSON.stringify({ status: state.live ? 'ok' : 'unhealthy', ...state }) + '\n');
  }
  // /readyz, and /healthz: its alias
  const aborted = new AbortController();
  res.on('close', () => aborted.abort());
  let state: HealthState | { healthy: false; reason: string };
  try {
    state = await options.health(aborted.signal);
  } catch (err) {
    state = { healthy: false, reason: `health check failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  send(res, state.healthy ? 200 : 503, 'application/json', JSON.stringify({ status: state.healthy ? 'ok' : 'unhealthy', ...state }) + '\n');
}

/**
 * Starts the daemon's HTTP server: GET /livez and /readyz (alias /healthz), 200 or 503 with a JSON body, and
 * GET /metrics (Prometheus text).
 */
export async function startObserveServer(options: ObserveServerOptions): Promise<ObserveServer> {
  const host = options.host ?? DEFAULT_OBSERVE_HOST;
  const server = createServer((req, res) => {
    handle(req, res, options).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostPart}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
