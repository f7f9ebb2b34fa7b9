import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Config } from '../config/types.js';

const QUERY =
  'SELECT sum("recv") / 1000 AS recv_mb, sum("sent") / 1000 AS sent_mb FROM "client_usage" ' +
  'WHERE time > now() - 31d GROUP BY "network"';

/** Where the demo's data went and how to look at it. */
export async function demoWhereText(config: Config, cwd: string): Promise<string> {
  const influx = config.influx;
  if (influx?.apiVersion === 1) {
    return [
      `data: InfluxDB ${influx.url}, database ${influx.database}, measurement client_usage`,
      'try:',
      `  influx -host ${new URL(influx.url).hostname} -port ${new URL(influx.url).port || '8086'} -database ${influx.database} -execute '${QUERY}'`,
    ].join('\n');
  }
  if (influx?.apiVersion === 2) {
    return [
      `data: InfluxDB ${influx.url}, bucket ${influx.bucket}, measurement client_usage`,
      'try (InfluxQL through the v1 compatibility API; needs a DBRP mapping on InfluxDB 2.x):',
      `  curl -G '${influx.url.replace(/\/$/, '')}/query' -H 'Authorization: Token $INFLUX_TOKEN' --data-urlencode 'db=${influx.bucket}' --data-urlencode 'q=${QUERY}'`,
    ].join('\n');
  }
  const dir = config.fileSink.dir;
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.lp')).sort();
  const shown = relative(cwd, dir) || '.';
  const lines = [`data: line-protocol files in ${shown}: ${files.join(', ') || '(none)'}`, 'import into InfluxDB:'];
  for (const f of files) {
    const path = join(shown, f);
    lines.push(`  influx -import -path=${path} -precision=s            # InfluxDB 1.x`);
    lines.push(`  influx write --bucket meraki --precision s --file ${path}   # InfluxDB 2.x`);
  }
  lines.push(`then query: ${QUERY}`);
  return lines.join('\n');
}
