import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Egress } from '../../src/net/egress.js';
import { EgressError } from '../../src/net/egress-errors.js';
import { probeEgress } from '../../src/net/probe.js';
import { freePort } from '../helpers/free-port.js';
import { startTinyproxy } from '../helpers/tinyproxy.js';

const CA = 'INFLUX_CA_FILE (influx.caFile)';
const egresses: Egress[] = [];
const egress = (options: ConstructorParameters<typeof Egress>[0]) => {
  const e = new Egress(options);
  egresses.push(e);
  return e;
};
afterEach(() => {
  for (const e of egresses.splice(0)) e.destroy();
});

describe('Egress (the agents of an edge)', () => {
  it('describes the route and the trust without credentials', () => {
    const proxy = { httpsProxy: 'http://u:SECRET@proxy.corp:3128', httpProxy: null, noProxy: ['influx.corp'] };
    const e = egress({ proxy, caSetting: CA });
    expect(e.describe(new URL('https://api.meraki.com/api/v1'))).toMatch(/^via proxy http:\/\/\*\*\*@proxy\.corp:3128 from HTTPS_PROXY \(proxy\.httpsProxy\) \(CONNECT tunnel\); TLS: Node's CA store/);
    expect(e.describe(new URL('https://influx.corp:8086'))).toMatch(/^direct \(no proxy for this URL: NO_PROXY or scheme\); TLS:/);
    expect(e.describe(new URL('http://influx.other:8086'))).toBe('direct (no proxy for this URL: NO_PROXY or scheme); plain HTTP, no TLS');
    expect(egress({ caSetting: CA, verify: false }).describe(new URL('https://x'))).toBe('direct (no proxy set); TLS: certificate NOT verified');
  });

  it('a CA file that cannot be read is an EgressError naming the setting', () => {
    expect(() => new Egress({ caFile: '/nonexistent/ca.pem', caSetting: CA })).toThrow(EgressError);
    expect(() => new Egress({ caFile: '/nonexistent/ca.pem', caSetting: CA })).toThrow(/cannot read the CA file \/nonexistent\/ca.pem \(ENOENT\); check INFLUX_CA_FILE/);
  });

  it('an http:// target through an HTTP_PROXY that is down: the error names HTTP_PROXY', async () => {
    const proxy = { httpsProxy: null, httpProxy: `http://127.0.0.1:${await freePort()}`, noProxy: [] };
    const r = await probeEgress(new URL('http://127.0.0.1:9/'), egress({ proxy, caSetting: CA }), CA, 5000);
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/cannot reach the proxy http:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED .*\); check HTTP_PROXY \(proxy\.httpProxy\)/) as unknown });
  });

  it('an http:// target through a forwarding proxy: the request goes to the proxy with the absolute URL', async () => {
    const seen: string[] = [];
    const fake = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers['proxy-authorization'] ?? ''}`);
      res.end('ok');
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      const port = (fake.address() as { port: number }).port;
      const proxy = { httpsProxy: null, httpProxy: `http://a:b@127.0.0.1:${port}`, noProxy: [] };
      const r = await probeEgress(new URL('http://influx.example:8086/ping'), egress({ proxy, caSetting: CA }), CA, 5000);
      expect(r).toEqual({ ok: true, status: 200 });
      expect(seen).toEqual([`GET http://influx.example:8086/ping Basic ${Buffer.from('a:b').toString('base64')}`]);
    } finally {
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });

  it('back-to-back http:// requests through tinyproxy (which closes after each answer without saying so) all succeed', async () => {
    const target = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const tinyproxy = await startTinyproxy();
    try {
      const url = new URL(`http://127.0.0.1:${(target.address() as { port: number }).port}/ping`);
      const e = egress({ proxy: { httpsProxy: null, httpProxy: tinyproxy.url, noProxy: [] }, caSetting: CA });
      const results = [];
      for (let i = 0; i < 10; i++) results.push(await probeEgress(url, e, CA, 10_000));
      expect(results).toEqual(Array.from({ length: 10 }, () => ({ ok: true, status: 200 })));
      expect((await tinyproxy.forwarded()).length).toBe(10);
    } finally {
      await tinyproxy.stop();
      await new Promise<void>((resolve) => target.close(() => resolve()));
    }
  });
});
