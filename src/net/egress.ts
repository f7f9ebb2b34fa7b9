import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { AgentConnectOpts } from 'agent-base';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { ProxyConfig } from './proxy-config.js';
import { EgressError, errorText } from './egress-errors.js';
import { pemProblem } from './pem.js';
import { PROXY_SETTING_NAMES, displayProxyUrl, proxyFor, type ProxyChoice } from './proxy-rules.js';

/**
 * The one outgoing HTTP stack of an edge (Meraki, InfluxDB): Node http(s) agents that go direct, through an HTTP
 * proxy (`http:` targets: http-proxy-agent) or through a CONNECT tunnel (`https:` targets: https-proxy-agent), with
 * the edge's CA file and verification setting. Every client of the edge (axios for Meraki, influxdb-client's
 * transport for writes and InfluxQL reads) gets its agent from here, so proxy and TLS behave the same everywhere.
 */
export interface EgressOptions {
  proxy?: ProxyConfig | undefined;
  /** PEM file of CA certificates trusted besides Node's bundled roots; null = Node's default store. */
  caFile?: string | null | undefined;
  /** How messages name the CA setting, e.g. `MERAKI_CA_FILE (meraki.caFile)`. */
  caSetting: string;
  /** false = accept any server certificate (INFLUX_TLS_SKIP_VERIFY). Default true. */
  verify?: boolean | undefined;
  /** Keep idle connections (and tunnels) open for reuse. Default true. */
  keepAlive?: boolean;
}

/** TLS options every https connection of the edge uses (the target's, through a tunnel too). */
interface TlsOptions {
  /** Built once from the bundled roots plus the CA file (not per connection from 140 PEM certificates). */
  secureContext?: SecureContext;
  rejectUnauthorized: boolean;
}

/** A CONNECT tunnel that fails with an error naming the proxy setting instead of replaying the proxy's answer. */
class TunnelAgent extends HttpsProxyAgent<string> {
  constructor(
    private readonly choice: ProxyChoice,
    private readonly tls: TlsOptions,
    keepAlive: boolean,
  ) {
    super(choice.url, { keepAlive, ...tls });
  }

  override async connect(req: http.ClientRequest, opts: AgentConnectOpts): Promise<Socket> {
    let status: number | undefined;
    req.once('proxyConnect', (res: { statusCode?: number }) => (status = res.statusCode));
    const target = `${opts.host ?? ''}:${opts.port ?? ''}`;
    const setting = PROXY_SETTING_NAMES[this.choice.key];
    let socket: Socket;
    try {
      socket = await super.connect(req, { ...opts, ...this.tls });
    } catch (cause) {
      throw new EgressError(`cannot reach the proxy ${displayProxyUrl(this.choice.url)} (${errorText(cause)}); check ${setting}`, 'proxy', cause);
    }
    if (status !== 200) {
      socket.destroy();
      // 407 is the standard answer; tinyproxy answers 401 to a CONNECT with wrong Basic credentials.
      const auth = status === 407 || status === 401 ? ': the proxy wants credentials, or other ones (http://user:password@host:port)' : '';
      throw new EgressError(`the proxy ${displayProxyUrl(this.choice.url)} refused the tunnel to ${target}: HTTP ${status ?? '?'}${auth}; check ${setting}`, 'tunnel');
    }
    return socket;
  }
}

/**
 * Forwarding (absolute-URI requests) for http:// targets; an unreachable proxy fails naming the setting. Without
 * keep-alive: forwarding proxies such as tinyproxy close the connection after each answer without saying so
 * (no `Connection: close`), and a request sent at once on the reused socket would fail with "socket hang up".
 */
class ForwardAgent extends HttpProxyAgent<string> {
  constructor(
    private readonly choice: ProxyChoice,
    tls: TlsOptions,
  ) {
    super(choice.url, { keepAlive: false, ...tls });
  }

  override async connect(req: Parameters<HttpProxyAgent<string>['connect']>[0], opts: AgentConnectOpts): Promise<Socket> {
    try {
      return await super.connect(req, opts);
    } catch (cause) {
      throw new EgressError(`cannot reach the proxy ${displayProxyUrl(this.choice.url)} (${errorText(cause)}); check ${PROXY_SETTING_NAMES[this.choice.key]}`, 'proxy', cause);
    }
  }
}

export class Egress {
  readonly #agents = new Map<string, http.Agent>();
  readonly #tls: TlsOptions;
  readonly #options: EgressOptions;
  readonly #keepAlive: boolean;

  constructor(options: EgressOptions) {
    this.#options = options;
    this.#keepAlive = options.keepAlive ?? true;
    const ca = options.caFile ? [...rootCertificates, readCaFile(options.caFile, options.caSetting)] : undefined;
    this.#tls = { ...(ca ? { secureContext: secureContextOf(ca, options) } : {}), rejectUnauthorized: options.verify ?? true };
  }

  /** The proxy a request to `url` goes through, or null (direct). */
  proxyFor(url: URL): ProxyChoice | null {
    return proxyFor(url, this.#options.proxy);
  }

  /** The agent for a request to `url` (one per route, reused: keep-alive pools survive across requests). */
  agentFor(url: URL): http.Agent {
    const choice = this.proxyFor(url);
    const id = `${url.protocol}|${choice?.url ?? 'direct'}`;
    let agent = this.#agents.get(id);
    if (!agent) {
      agent = this.#create(url.protocol === 'https:', choice);
      this.#agents.set(id, agent);
    }
    return agent;
  }

  /** One line for `check`: the route and the trust of a request to `url`; never a credential. */
  describe(url: URL): string {
    const choice = this.proxyFor(url);
    const route = choice
      ? `via proxy ${displayProxyUrl(choice.url)} from ${PROXY_SETTING_NAMES[choice.key]}${url.protocol === 'https:' ? ' (CONNECT tunnel)' : ''}`
      : `direct${this.#options.proxy && (this.#options.proxy.httpsProxy || this.#options.proxy.httpProxy) ? ' (no proxy for this URL: NO_PROXY or scheme)' : ' (no proxy set)'}`;
    if (url.protocol !== 'https:') return `${route}; plain HTTP, no TLS`;
    const { caFile, caSetting } = this.#options;
    const trust = this.#tls.rejectUnauthorized
      ? caFile
        ? `CA ${caFile} from ${caSetting} plus Node's bundled roots`
        : `Node's CA store (bundled roots${process.env['NODE_EXTRA_CA_CERTS'] ? ' and NODE_EXTRA_CA_CERTS' : ''}; set ${caSetting.split(' ')[0]} for a private CA)`
      : 'certificate NOT verified';
    return `${route}; TLS: ${trust}`;
  }

  /** Closes idle sockets of every agent. */
  destroy(): void {
    for (const agent of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }

  #create(secure: boolean, choice: ProxyChoice | null): http.Agent {
    const keepAlive = this.#keepAlive;
    if (!choice) return secure ? new https.Agent({ keepAlive, ...this.#tls }) : new http.Agent({ keepAlive });
    if (secure) return new TunnelAgent(choice, this.#tls, keepAlive);
    return new ForwardAgent(choice, this.#tls);
  }
}

function secureContextOf(ca: string[], options: EgressOptions): SecureContext {
  try {
    return createSecureContext({ ca });
  } catch (cause) {
    throw new EgressError(`${options.caFile ?? ''} is not a valid PEM certificate file (${errorText(cause)}); check ${options.caSetting}`, 'config', cause);
  }
}

function readCaFile(file: string, setting: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new EgressError(`cannot read the CA file ${file} (${(cause as NodeJS.ErrnoException).code ?? errorText(cause)}); check ${setting}`, 'config', cause);
  }
  const problem = pemProblem(pem);
  if (problem) throw new EgressError(`${file} ${problem}; check ${setting}`, 'config');
  return pem;
}

