import { BlockList, isIP } from 'node:net';
import type { ProxyConfig } from './proxy-config.js';

/**
 * Which proxy, if any, a request to a URL goes through (pure). `https:` targets use `httpsProxy` (a CONNECT
 * tunnel), `http:` targets `httpProxy` (absolute-URI requests); `noProxy` exempts hosts, as curl reads NO_PROXY:
 * `*` (everything), `example.com` or `.example.com` (the host and its subdomains), `host:port`, an IP address,
 * or a CIDR range (`10.0.0.0/8`, `fd00::/8`). Entries are separated by commas or spaces.
 */
export interface ProxyChoice {
  /** The proxy URL as configured (may hold credentials: a secret). */
  url: string;
  /** The config key that chose it, for messages: `proxy.httpsProxy` or `proxy.httpProxy`. */
  key: 'proxy.httpsProxy' | 'proxy.httpProxy';
}

/** The environment variables of each key, as messages name them. */
export const PROXY_SETTING_NAMES: Readonly<Record<ProxyChoice['key'] | 'proxy.noProxy', string>> = Object.freeze({
  'proxy.httpsProxy': 'HTTPS_PROXY (proxy.httpsProxy)',
  'proxy.httpProxy': 'HTTP_PROXY (proxy.httpProxy)',
  'proxy.noProxy': 'NO_PROXY (proxy.noProxy)',
});

export const NO_PROXY_CONFIG: Readonly<ProxyConfig> = Object.freeze({ httpsProxy: null, httpProxy: null, noProxy: [] });

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** The proxy for `url`, or null for a direct connection. */
export function proxyFor(url: URL, proxy: ProxyConfig | undefined): ProxyChoice | null {
  if (!proxy) return null;
  const choice: ProxyChoice | null =
    url.protocol === 'https:' && proxy.httpsProxy
      ? { url: proxy.httpsProxy, key: 'proxy.httpsProxy' }
      : url.protocol === 'http:' && proxy.httpProxy
        ? { url: proxy.httpProxy, key: 'proxy.httpProxy' }
        : null;
  if (!choice || isExempt(url, proxy.noProxy)) return null;
  return choice;
}

/** Whether `url` matches one of the NO_PROXY entries. */
export function isExempt(url: URL, noProxy: readonly string[]): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  const port = url.port || DEFAULT_PORTS[url.protocol] || '';
  return noProxy.flatMap((e) => e.split(/[\s,]+/)).some((entry) => matchesEntry(entry.trim().toLowerCase(), host, port));
}

function matchesEntry(entry: string, host: string, port: string): boolean {
  if (entry === '') return false;
  if (entry === '*') return true;
  const cidr = /^([0-9a-f.:]+)\/(\d{1,3})$/.exec(entry);
  if (cidr) return inCidr(host, cidr[1] ?? '', Number(cidr[2]));
  const [rawName, entryPort] = splitHostPort(entry);
  const name = rawName.replace(/^\*?\./, '').replace(/\.$/, '');
  if (entryPort && entryPort !== port) return false;
  if (isIP(name)) return name === host;
  return host === name || host.endsWith(`.${name}`);
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address. */
function splitHostPort(entry: string): [string, string | undefined] {
  if (isIP(entry) === 6) return [entry, undefined];
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+)(?::(\d+))?$/.exec(entry);
  return m ? [m[1] ?? entry, m[2]] : [entry, undefined];
}

function inCidr(host: string, network: string, prefix: number): boolean {
  const family = isIP(network);
  if (family === 0 || isIP(host) !== family) return false;
  const list = new BlockList();
  try {
    list.addSubnet(network, prefix, family === 6 ? 'ipv6' : 'ipv4');
  } catch {
    return false;
  }
  return list.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

/** A proxy URL for messages: scheme, host and port, credentials replaced by `***`. */
export function displayProxyUrl(proxyUrl: string): string {
  try {
    const u = new URL(proxyUrl);
    return `${u.protocol}//${u.username || u.password ? '***@' : ''}${u.host}`;
  } catch {
    return '(unparsable proxy URL)';
  }
}

/** The secrets a proxy URL holds: the password (raw and decoded), user:password, its Basic form, the userinfo. */
export function proxySecrets(proxyUrl: string | null): string[] {
  if (!proxyUrl) return [];
  let u: URL;
  try {
    u = new URL(proxyUrl);
  } catch {
    return [proxyUrl];
  }
  if (!u.username && !u.password) return [];
  const user = safeDecode(u.username);
  const pass = safeDecode(u.password);
  const basic = `${user}:${pass}`;
  const out = [proxyUrl, `${u.username}:${u.password}`, basic, Buffer.from(basic).toString('base64')];
  if (pass) out.push(pass, u.password);
  return out.filter((s) => s.length > 1);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
