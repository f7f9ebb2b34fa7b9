import http from 'node:http';
import https from 'node:https';
import type { Egress } from './egress.js';
import { EgressError, egressHint, errorCode } from './egress-errors.js';
import { PROXY_SETTING_NAMES, displayProxyUrl } from './proxy-rules.js';

/** What one probe of an edge found: the HTTP status that came back, or why nothing did (naming the setting). */
export type ProbeResult = { ok: true; status: number } | { ok: false; message: string };

/**
 * One GET of `url` through the edge's agent, without credentials and without retries (for `check`): any HTTP answer
 * means the proxy, the tunnel and the certificate are fine. A failure names the setting to fix: the proxy variable
 * (unreachable, refused the tunnel, wants credentials) or the CA setting (the certificate does not verify).
 */
export async function probeEgress(url: URL, egress: Egress, caSetting: string, timeoutMs: number, signal?: AbortSignal): Promise<ProbeResult> {
  const proxy = egress.proxyFor(url);
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const module = url.protocol === 'https:' ? https : http;
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const req = module.request(url, { method: 'GET', agent: egress.agentFor(url), signal: combined, headers: { accept: '*/*' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    if (status === 407 && proxy) {
      return { ok: false, message: `the proxy ${displayProxyUrl(proxy.url)} wants credentials (HTTP 407): put them in ${PROXY_SETTING_NAMES[proxy.key]} as http://user:password@host:port` };
    }
    return { ok: true, status };
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof EgressError) return { ok: false, message: error.message };
    const code = errorCode(error);
    const text = `${code && !(error as Error).message.includes(code) ? `${code}: ` : ''}${(error as Error).message}`;
    if (timeout.aborted) return { ok: false, message: `no answer within ${timeoutMs} ms${proxy ? ` through the proxy ${displayProxyUrl(proxy.url)} (${PROXY_SETTING_NAMES[proxy.key]})` : ''}` };
    const hint = egressHint(error, caSetting);
    if (hint) return { ok: false, message: `${text}${hint}` };
    const via = proxy ? ` (through the proxy ${displayProxyUrl(proxy.url)}: check ${PROXY_SETTING_NAMES[proxy.key]})` : '';
    return { ok: false, message: `${text}${via}` };
  }
}
