import { proxySecrets } from '../net/proxy-rules.js';
import type { Config } from './types.js';

/** Every secret in the configuration, for the logger's redaction (API key, InfluxDB token, user:password, proxy credentials). */
export function configSecrets(config: Config): string[] {
  const out = [config.meraki.apiKey];
  const influx = config.influx;
  if (influx?.apiVersion === 2) out.push(influx.token);
  if (influx?.apiVersion === 1 && influx.password) {
    out.push(influx.password);
    const basic = `${influx.username ?? ''}:${influx.password}`;
    out.push(basic, Buffer.from(basic).toString('base64'));
  }
  out.push(...proxySecrets(config.proxy.httpsProxy), ...proxySecrets(config.proxy.httpProxy));
  return out.filter((s) => s !== '');
}
