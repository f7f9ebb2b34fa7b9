import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_DIR, dataPanels, loadDashboards, variableRefs } from './grafana.js';

// The dashboards as files: they parse, every panel queries InfluxQL through the dashboard's data source variable,
// every variable a query uses is defined, and usage is shown in one unit (the API's kilobytes, SI).

const dashboards = [...loadDashboards()];
const BUILT_IN = new Set(['timeFilter', '__interval', '__interval_ms', '__from', '__to', '__range']);
const USAGE_UNIT = 'deckbytes';

describe('Grafana dashboards', () => {
  it('there are the views the issue asks for, each with a unique uid', () => {
    expect(dashboards.map(([f]) => f)).toEqual(['meraki-usage-client.json', 'meraki-usage-collector-health.json', 'meraki-usage-overview.json']);
    expect(new Set(dashboards.map(([, d]) => d.uid)).size).toBe(dashboards.length);
    const titles = dashboards.flatMap(([, d]) => dataPanels(d).map((p) => p.title));
    for (const want of ['Usage per network', 'Usage per SSID', 'Top $topn clients', 'Daily usage of $client', 'Month-over-month growth', 'Requests, 429s and retries', 'Checkpoint age per network', 'Data freshness per network', 'Results per organization', 'Gaps per network', 'Rate budget used']) {
      expect(titles).toContain(want);
    }
  });

  describe.each(dashboards)('%s', (_file, d) => {
    const vars = new Map(d.templating.list.map((v) => [v.name, v]));

    it('has a data source variable for InfluxDB, used by every panel and target', () => {
      expect(vars.get('datasource')).toMatchObject({ type: 'datasource', query: 'influxdb' });
      for (const p of dataPanels(d)) {
        expect(p.datasource, p.title).toEqual({ type: 'influxdb', uid: '${datasource}' });
        for (const t of p.targets ?? []) expect(t.datasource, p.title).toEqual({ type: 'influxdb', uid: '${datasource}' });
      }
    });

    it('every panel has raw InfluxQL queries (no Flux, no SQL, no builder)', () => {
      for (const p of dataPanels(d)) {
        expect(p.targets?.length, p.title).toBeGreaterThan(0);
        for (const t of p.targets ?? []) {
          expect(t.rawQuery, p.title).toBe(true);
          expect(t.query, p.title).toMatch(/^(SELECT|SHOW) /);
          expect(t.query, p.title).not.toMatch(/\|>|from\(bucket|SLIMIT|SOFFSET/i);
          if (t.query?.startsWith('SELECT')) expect(t.query, p.title).toContain('$timeFilter');
        }
      }
    });

    it('every variable in a query, alias or title is defined (or a Grafana macro)', () => {
      for (const v of d.templating.list) {
        expect(v.type, v.name).toMatch(/^(datasource|query|custom)$/);
        if (v.type === 'query') {
          expect(v.query, v.name).toMatch(/^SHOW TAG VALUES FROM "\w+" WITH KEY = "\w+"/);
          expect(v.datasource).toEqual({ type: 'influxdb', uid: '${datasource}' });
        }
        if (v.includeAll) expect(v.allValue, `${v.name}: All must match series without the tag too`).toBe('.*');
      }
      const texts = [
        ...d.templating.list.map((v) => v.query ?? ''),
        ...dataPanels(d).flatMap((p) => [p.title, ...(p.targets ?? []).flatMap((t) => [t.query ?? '', t.alias ?? ''])]),
      ];
      const used = texts.flatMap(variableRefs).filter((n) => !BUILT_IN.has(n) && !n.startsWith('tag_'));
      expect(used.filter((n) => !vars.has(n))).toEqual([]);
    });

    it('usage is in kilobytes (SI) everywhere, never mixed with bytes', () => {
      for (const p of dataPanels(d)) {
        const q = (p.targets ?? []).map((t) => t.query).join(' ');
        const unit = p.fieldConfig?.defaults?.unit;
        expect(unit ?? '', p.title).not.toMatch(/^(bytes|kbytes|decbytes)$/);
        if (/FROM "client_usage(_by_ssid)?"/.test(q) && p.type !== 'table' && !/growth/.test(q)) expect(unit, p.title).toBe(USAGE_UNIT);
      }
    });
  });

  it('the provisioning points Grafana at these files and provides the InfluxQL data source with a token header', () => {
    const root = join(DASHBOARD_DIR, '../provisioning');
    const ds = parse(readFileSync(join(root, 'datasources/influxdb.yaml'), 'utf8')) as { datasources: Record<string, unknown>[] };
    expect(ds.datasources[0]).toMatchObject({
      uid: 'meraki-influxql', type: 'influxdb',
      jsonData: { version: 'InfluxQL', dbName: '${INFLUX_DATABASE}', httpHeaderName1: 'Authorization' },
      secureJsonData: { httpHeaderValue1: 'Token ${INFLUX_TOKEN}' },
    });
    const current = loadDashboards().get('meraki-usage-overview.json')!.templating.list.find((v) => v.name === 'datasource') as unknown as { current: { value: string } };
    expect(current.current.value).toBe('meraki-influxql');
    const providers = parse(readFileSync(join(root, 'dashboards/meraki-usage.yaml'), 'utf8')) as { providers: { options: { path: string } }[] };
    expect(providers.providers[0]?.options.path).toBe('/var/lib/grafana/dashboards');
  });
});
