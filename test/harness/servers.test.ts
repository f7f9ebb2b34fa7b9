import { describe, expect, inject, it } from 'vitest';
import { startInfluxd } from '../helpers/influxd.js';
import { startVictoria } from '../helpers/victoria.js';

describe('test servers', () => {
  it('the shared InfluxDB 1.6 accepts a write and answers a query', async () => {
    const url = inject('influxUrl');
    await fetch(`${url}/query?q=${encodeURIComponent('CREATE DATABASE harness')}`, { method: 'POST' });
    const w = await fetch(`${url}/write?db=harness&precision=s`, { method: 'POST', body: 'm,t=a v=1.5 1700000000' });
    expect(w.status).toBe(204);
    const q = await fetch(`${url}/query?db=harness&q=${encodeURIComponent('SELECT sum(v) FROM m')}`);
    const body = (await q.json()) as { results: { series: { values: unknown[][] }[] }[] };
    expect(body.results[0]?.series[0]?.values[0]?.[1]).toBe(1.5);
  });

  it('a private InfluxDB with auth: the admin can query, an anonymous request cannot', async () => {
    const influx = await startInfluxd({ admin: { username: 'adm', password: 'pw-harness' } });
    try {
      await influx.query('CREATE DATABASE guarded');
      expect((await influx.query('SHOW DATABASES'))[0]?.values).toContainEqual(['guarded']);
      const anonymous = await fetch(`${influx.url}/query?q=${encodeURIComponent('SHOW DATABASES')}`);
      expect(anonymous.status).toBe(401);
    } finally {
      await influx.stop();
    }
  });

  it('VictoriaMetrics accepts /api/v2/write', async () => {
    const vm = await startVictoria();
    try {
      const w = await fetch(`${vm.url}/api/v2/write?bucket=b&org=o&precision=s`, { method: 'POST', body: 'm,t=a v=2.5 1700000000' });
      expect(w.status).toBe(204);
      const series = await vm.exportSeries('m_v');
      expect(series[0]?.values).toEqual([2.5]);
    } finally {
      await vm.stop();
    }
  });
});
