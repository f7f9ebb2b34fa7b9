import http from 'node:http';
import https from 'node:https';
import axios from 'axios';
import type { AxiosInstance } from 'axios';
import type { Clock } from '../clock.js';
import { Egress } from '../net/egress.js';
import { abortReason, onAbort, raceAbort, throwIfAborted } from '../retry/abortable.js';
import type { AbortLike } from '../retry/abortable.js';
import { bodyText, errorFromNetwork, errorFromResponse, headerValue, invalidJsonError, MERAKI_CA_SETTING } from './error-mapping.js';
import type { HeaderBag } from './error-mapping.js';
import type { MerakiApiError } from './meraki-api-error.js';

/** How a 2xx body is handed over: parsed as JSON (a broken body is an `invalid-json` error), or as its bytes. */
export type BodyAs = 'json' | 'bytes';

/** The result of one HTTP request: a 2xx body (parsed, or its bytes), a redirect to follow, or an error. */
export type AttemptOutcome =
  | { kind: 'ok'; status: number; data: unknown; headers: HeaderBag }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'error'; status: number | null; error: MerakiApiError };

export interface TransportOptions {
  apiKey: string;
  userAgent: string;
  /** Whole-request timeout (headers and body), ms. */
  timeoutMs: number;
  clock: Clock;
  /** Agents per route (proxy, CONNECT tunnel, CA file). Default: direct, Node's CA store. */
  egress?: Egress;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/**
 * Response header limit, bytes. Meraki's Link header repeats the whole query (the client list included) in up to
 * four URLs, far over Node's default of 16 KiB for long client lists.
 */
export const MAX_RESPONSE_HEADER_BYTES = 1024 * 1024;

/** axios's request function with Node's `maxHeaderSize` raised (axios has no option for it). */
const largeHeaderTransport = {
  request(options: http.RequestOptions, callback: (res: http.IncomingMessage) => void): http.ClientRequest {
    const module = options.protocol === 'https:' ? https : http;
    return module.request({ ...options, maxHeaderSize: MAX_RESPONSE_HEADER_BYTES }, callback);
  },
};

/**
 * Sends single GET requests with the key in the Authorization header. Redirects are not followed here
 * (axios `maxRedirects: 0`); the caller decides whether the target may see the key.
 */
export class HttpTransport {
  readonly #axios: AxiosInstance;
  readonly #egress: Egress;
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#egress = options.egress ?? new Egress({ caSetting: MERAKI_CA_SETTING });
    this.#axios = axios.create({
      maxRedirects: 0,
      // Proxies are the Egress agents' job (CONNECT tunnels for https, NO_PROXY from the config); axios's own
      // proxy support would half-handle it, reading the environment behind the config's back.
      proxy: false,
      validateStatus: () => true,
      responseType: 'arraybuffer', // a Buffer: decoded here, or handed over as bytes
      transformResponse: [(data: unknown) => data],
      transport: largeHeaderTransport,
      headers: { Accept: 'application/json', 'User-Agent': options.userAgent },
    });
  }

  /** One GET of `url` (absolute, sent as given). Rejects only with the abort reason on abort. */
  async get(url: string, operation: string, signal?: AbortLike, bodyAs: BodyAs = 'json'): Promise<AttemptOutcome> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, this.#options.timeoutMs);
    const unsubscribe = onAbort(signal, () => controller.abort(signal?.reason));
    try {
      throwIfAborted(signal);
      const agent = this.#egress.agentFor(new URL(url));
      const request = this.#axios.get<Buffer>(url, {
        signal: controller.signal,
        httpAgent: agent,
        httpsAgent: agent,
        headers: { Authorization: `Bearer ${this.#options.apiKey}` },
      });
      const response = await raceAbort(request, signal);
      return this.#classify(operation, response.status, response.headers as HeaderBag, response.data, bodyAs);
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      return { kind: 'error', status: null, error: errorFromNetwork(operation, error, timedOut) };
    } finally {
      clearTimeout(timer);
      unsubscribe();
    }
  }

  #classify(operation: string, status: number, headers: HeaderBag, body: unknown, bodyAs: BodyAs): AttemptOutcome {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    const location = headerValue(headers, 'location');
    if (REDIRECT_STATUSES.has(status) && location) return { kind: 'redirect', status, location };
    if (status < 200 || status >= 300) {
      return { kind: 'error', status, error: errorFromResponse(operation, status, headers, bodyText(bytes), this.#options.clock.now()) };
    }
    if (bodyAs === 'bytes') return { kind: 'ok', status, data: bytes, headers };
    try {
      return { kind: 'ok', status, data: JSON.parse(bodyText(bytes)) as unknown, headers };
    } catch (cause) {
      return { kind: 'error', status, error: invalidJsonError(operation, status, headers, bytes, cause) };
    }
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.#egress.destroy();
  }
}
