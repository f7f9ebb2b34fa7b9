/** A loopback HTTP proxy in front of a server (InfluxDB) that can delay, fail or drop requests on demand. */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode =
  | { kind: 'pass' }
  /** Forward after `delayMs` milliseconds. */
  | { kind: 'slow'; delayMs: number }
  /** Answer `status` (500, 503...) with an optional Retry-After header, without forwarding. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Destroy the connection without an answer. */
  | { kind: 'reset' };

export interface FaultProxy {
  /** "http://127.0.0.1:PORT" */
  readonly url: string;
  mode: ProxyMode;
  /** Only requests whose path starts with one of these are faulted (default: /write and /api/v2/write). */
  faultPaths: string[];
  /** Fault only this many more matching requests, then pass them (undefined: no limit). */
  remaining: number | undefined;
  /** Called for every request on a fault path, before it is handled (e.g. to stop the server behind). */
  onFaultPath: ((counts: FaultProxy['counts']) => void) | undefined;
  readonly counts: { requests: number; forwarded: number; faulted: number };
  stop(): Promise<void>;
}

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const timers = new Set<NodeJS.Timeout>();
  const proxy = {
    url: '',
    mode: { kind: 'pass' } as ProxyMode,
    faultPaths: ['/write', '/api/v2/write'],
    remaining: undefined as number | undefined,
    onFaultPath: undefined as ((counts: FaultProxy['counts']) => void) | undefined,
    counts: { requests: 0, forwarded: 0, faulted: 0 },
    stop: async () => {},
  };
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    proxy.counts.forwarded++;
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  };
  const server = createServer((req, res) => {
    proxy.counts.requests++;
    const mode = proxy.mode;
    const onPath = proxy.faultPaths.some((p) => (req.url ?? '').startsWith(p));
    if (onPath) proxy.onFaultPath?.(proxy.counts);
    const faulted = onPath && mode.kind !== 'pass' && (proxy.remaining === undefined || proxy.remaining > 0);
    if (!faulted) return forward(req, res);
    proxy.counts.faulted++;
    if (proxy.remaining !== undefined) proxy.remaining--;
    if (mode.kind === 'slow') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        forward(req, res);
      }, mode.delayMs);
      timers.add(timer);
    } else if (mode.kind === 'status') {
      req.resume();
      const body = JSON.stringify({ error: `injected ${mode.status}` });
      res.writeHead(mode.status, { 'content-type': 'application/json', ...(mode.retryAfter ? { 'retry-after': mode.retryAfter } : {}) });
      res.end(body);
    } else if (mode.kind === 'reset') {
      req.socket.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = async () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
