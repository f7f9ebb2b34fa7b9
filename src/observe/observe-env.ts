import { DEFAULT_OBSERVE_HOST } from './http-server.js';

/** Environment variables of the daemon's HTTP server (until they become config keys). */
export const HTTP_PORT_ENV = 'COLLECTOR_HTTP_PORT';
export const HTTP_HOST_ENV = 'COLLECTOR_HTTP_HOST';
/** The conventional port of a Prometheus exporter of this kind. */
export const DEFAULT_OBSERVE_PORT = 9464;

/** Where the daemon listens, or null when the server is disabled (`COLLECTOR_HTTP_PORT=0`). */
export function observeAddressFromEnv(env: Readonly<Record<string, string | undefined>>): { host: string; port: number } | null {
  const rawPort = env[HTTP_PORT_ENV]?.trim();
  const port = rawPort === undefined || rawPort === '' ? DEFAULT_OBSERVE_PORT : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`Expected \`${HTTP_PORT_ENV}\` to be a TCP port from 0 (disabled) to 65535, got ${JSON.stringify(rawPort)}`);
  }
  if (port === 0) return null;
  const host = env[HTTP_HOST_ENV]?.trim() || DEFAULT_OBSERVE_HOST;
  return { host, port };
}
