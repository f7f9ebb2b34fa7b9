/** A loopback HTTP proxy that holds the requests whose path matches until the test lets them through, one by one. */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GateProxy {
  /** "http://127.0.0.1:PORT" */
  readonly url: string;
  /** Requests held now. */
  readonly held: number;
  /** Requests that arrived on a gated path so far (held or not). */
  readonly arrived: number;
  /** Hold matching requests (true) or let them pass (false; releases every held one). */
  setClosed(closed: boolean): void;
  /** Lets the oldest held request through; false when none is held. */
  releaseOne(): boolean;
  stop(): Promise<void>;
}

export async function startGateProxy(targetUrl: string, gated: (path: string) => boolean): Promise<GateProxy> {
  const target = new URL(targetUrl);
  const queue: (() => void)[] = [];
  let closed = true;
  let arrived = 0;
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  };
  const server = createServer((req, res) => {
    if (!gated(req.url ?? '/')) return forward(req, res);
    arrived++;
    if (closed) queue.push(() => forward(req, res));
    else forward(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get held() {
      return queue.length;
    },
    get arrived() {
      return arrived;
    },
    setClosed(value) {
      closed = value;
      if (!closed) for (const go of queue.splice(0)) go();
    },
    releaseOne() {
      const go = queue.shift();
      go?.();
      return go !== undefined;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const go of queue.splice(0)) go();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
