import type { Config } from '../config/types.js';
import { MERAKI_CA_SETTING } from '../meraki/meraki-client.js';
import { Egress } from '../net/egress.js';
import { EgressError } from '../net/egress-errors.js';
import { probeEgress } from '../net/probe.js';
import { INFLUX_CA_SETTING, SKIP_VERIFY_WARNING } from '../sink/influx-transport.js';

export interface EgressCheck {
  lines: string[];
  /** False when the edge cannot be reached at the transport level (then its API check is skipped: no retries). */
  merakiOk: boolean;
  influxOk: boolean;
}

interface Edge {
  name: 'meraki' | 'influx';
  url: URL;
  egress: Egress;
  caSetting: string;
  timeoutMs: number;
}

/**
 * `check`'s first lines: for each edge, the proxy (and the setting it came from) and the CA its requests use, then
 * one probe without credentials or retries, so that a refused proxy, a failed tunnel or a certificate that does not
 * verify is reported at once, naming the setting. Never prints a credential (proxy URLs are shown without them).
 */
export async function checkEgress(config: Config, signal?: AbortSignal): Promise<EgressCheck> {
  const lines: string[] = [];
  const result: EgressCheck = { lines, merakiOk: true, influxOk: true };
  const edges: Edge[] = [];
  const add = (name: Edge['name'], url: string, build: () => Egress, caSetting: string, timeoutMs: number): void => {
    const target = new URL(url);
    target.username = ''; // the probe sends no credentials
    target.password = '';
    try {
      const egress = build();
      edges.push({ name, url: target, egress, caSetting, timeoutMs });
      lines.push(`${name} connection: ${egress.describe(target)}`);
    } catch (err) {
      if (!(err instanceof EgressError)) throw err;
      lines.push(`FAIL ${name} connection: ${err.message}`);
      result[name === 'meraki' ? 'merakiOk' : 'influxOk'] = false;
    }
  };
  const m = config.meraki;
  add('meraki', m.baseUrl, () => new Egress({ proxy: m.proxy, caFile: m.caFile, caSetting: MERAKI_CA_SETTING }), MERAKI_CA_SETTING, m.timeoutMs);
  const influx = config.influx;
  if (influx) {
    const build = () => new Egress({ proxy: influx.proxy, caFile: influx.caFile, caSetting: INFLUX_CA_SETTING, verify: !influx.tlsSkipVerify });
    add('influx', influx.url, build, INFLUX_CA_SETTING, influx.timeoutMs);
    if (influx.tlsSkipVerify) lines.push(`WARN ${SKIP_VERIFY_WARNING}`);
  }
  try {
    const probes = await Promise.all(edges.map((e) => probeEgress(e.url, e.egress, e.caSetting, e.timeoutMs, signal)));
    for (const [i, probe] of probes.entries()) {
      const edge = edges[i];
      if (!edge) continue;
      if (probe.ok) {
        lines.push(`ok   ${edge.name} connection: ${edge.url.origin} answered (HTTP ${probe.status})`);
      } else {
        lines.push(`FAIL ${edge.name} connection to ${edge.url.origin}: ${probe.message}`);
        result[edge.name === 'meraki' ? 'merakiOk' : 'influxOk'] = false;
      }
    }
  } finally {
    for (const e of edges) e.egress.destroy();
  }
  return result;
}
