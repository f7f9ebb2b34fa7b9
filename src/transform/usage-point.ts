/** One client's usage in one daily bucket: the unit written to the sink (measurement `client_usage`). */
export interface UsagePoint {
  /** Bucket start, whole seconds since the epoch. */
  timeSeconds: number;
  org: string;
  network: string;
  /** Meraki client id/key, e.g. `k74272e`. */
  client: string;
  mac: string;
  /** Empty string when unknown. */
  ip: string;
  /** SSID name; empty string for wired clients or when unknown. */
  ssid: string;
  /** Set only for the per-SSID measurement (SSID splitting). */
  ssidNumber?: number;
  recvKb: number;
  sentKb: number;
}

export const USAGE_MEASUREMENT = 'client_usage';
export const SSID_USAGE_MEASUREMENT = 'client_usage_by_ssid';
export const COLLECTOR_MEASUREMENT = 'collector';
