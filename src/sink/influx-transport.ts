import { InfluxDB, type Transport } from '@influxdata/influxdb-client';
import type { InfluxConfig, ProxyConfig } from '../config/types.js';
import { Egress } from '../net/egress.js';

/** How messages name the InfluxDB edge's CA and verification settings. */
export const INFLUX_CA_SETTING = 'INFLUX_CA_FILE (influx.caFile)';
export const INFLUX_SKIP_VERIFY_SETTING = 'INFLUX_TLS_SKIP_VERIFY (influx.tlsSkipVerify)';

/** The loud line logged (and printed by `check`) whenever InfluxDB certificates are not verified. */
export const SKIP_VERIFY_WARNING =
  `${INFLUX_SKIP_VERIFY_SETTING} is on: InfluxDB's certificate is NOT verified, so anyone on the path can read ` +
  'and change the data and the credentials; set INFLUX_CA_FILE to the CA instead';

/** Where and how the InfluxDB edge connects (the TLS and proxy part of the `influx` config section). */
export interface InfluxHttpOptions {
  /** Base URL without credentials, e.g. https://influx.corp:8086. */
  url: string;
  /** Sent as `Authorization: Token ...` on every request (API v2); secret. */
  token?: string | undefined;
  /** Per request, milliseconds. */
  timeoutMs: number;
  caFile?: string | null | undefined;
  tlsSkipVerify?: boolean | undefined;
  proxy?: ProxyConfig | undefined;
}

/** The InfluxDB edge's HTTP stack: influxdb-client's node transport over the Egress agent of its URL. */
export interface InfluxHttp {
  readonly transport: Transport;
  readonly egress: Egress;
  /** Closes idle sockets. */
  close(): void;
}

/**
 * The one HTTP stack of InfluxDB writes (both API versions) and InfluxQL reads (report, checkpoint store, verify):
 * the same proxy (CONNECT tunnel for https), CA file and verification for every request. No network calls here.
 */
export function createInfluxHttp(options: InfluxHttpOptions): InfluxHttp {
  const egress = new Egress({ proxy: options.proxy, caFile: options.caFile, caSetting: INFLUX_CA_SETTING, verify: !options.tlsSkipVerify });
  const agent = egress.agentFor(new URL(options.url));
  const transport = new InfluxDB({
    url: options.url,
    ...(options.token ? { token: options.token } : {}),
    timeout: options.timeoutMs,
    transportOptions: { agent },
  }).transport;
  return { transport, egress, close: () => egress.destroy() };
}

/** The TLS and proxy options of an `influx` config section. */
export function influxHttpOptions(influx: InfluxConfig): Pick<InfluxHttpOptions, 'caFile' | 'tlsSkipVerify' | 'proxy'> {
  return { caFile: influx.caFile ?? null, tlsSkipVerify: influx.tlsSkipVerify ?? false, ...(influx.proxy ? { proxy: influx.proxy } : {}) };
}
