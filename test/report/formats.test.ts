import { describe, expect, it } from 'vitest';
import { csvCell, formatCsvReport, formatJsonReport } from '../../src/report/format-csv.js';
import { formatHtmlReport } from '../../src/report/format-html.js';
import { formatTextReport } from '../../src/report/format-text.js';
import { formatKb } from '../../src/report/format-units.js';
import { calendarCache } from '../../src/report/local-calendar.js';
import { buildReport } from '../../src/report/rollups.js';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const report = buildReport(
  {
    networks: [{ id: 'N_1', name: 'Austin Campus 1', timeZone: 'UTC' }],
    clients: [{ network: 'N_1', networkName: 'Austin Campus 1', client: 'k1', name: '<img src=x>', mac: 'aa', manufacturer: 'Apple', os: 'iOS', recvKb: 1500, sentKb: 500, totalKb: 2000 }],
    ssids: [{ network: 'N_1', networkName: 'Austin Campus 1', ssid: 'Guest, "free"', recvKb: 1500, sentKb: 500, totalKb: 2000 }],
    buckets: [{ network: 'N_1', startMs: day('2026-04-02'), recvKb: 1500, sentKb: 500 }],
  },
  { fromMs: day('2026-04-01'), toMs: day('2026-04-03'), network: null, top: 5, tz: 'UTC', thresholdKb: null },
  day('2026-04-03'),
  calendarCache(),
  'test data',
);

/** Splits a CSV line at commas outside quotes. */
const cells = (line: string): string[] => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);

describe('report output formats', () => {
  it('formats kilobytes in decimal units', () => {
    expect([formatKb(999), formatKb(1500), formatKb(2_000_000), formatKb(123_456_789), formatKb(999_960), formatKb(999.6)]).toEqual(['999 KB', '1.5 MB', '2.0 GB', '123 GB', '1.0 GB', '1.0 MB']);
  });

  it('text: aligned tables with a header line stating the zones; names first, ids beside', () => {
    const text = formatTextReport(report);
    expect(text).toContain('Usage report 2026-04-01 .. 2026-04-02');
    expect(text).toContain('totals over all networks in UTC (--tz)');
    expect(text).toContain('Total: 2.0 MB (received 1.5 MB, sent 500 KB)');
    expect(text).toMatch(/2026-04-02\s+1\.5 MB\s+500 KB\s+2\.0 MB/);
    expect(text).toMatch(/Austin Campus 1\s+N_1\s+UTC\s+1\.5 MB/);
    expect(text).toContain('n/a (needs 28 whole days with usage, has 1)');
    expect(text).toMatch(/2026-04\s+1\.5 MB\s+500 KB\s+2\.0 MB\s+n\/a\s+partial/);
  });

  it('CSV: one table, exact kilobytes, quoted cells, formula-looking cells defused, partial marked', () => {
    const lines = formatCsvReport(report).trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 6)).toEqual(['section', 'network_name', 'network', 'time_zone', 'period', 'partial']);
    const rows = (id: string): Record<string, string>[] =>
      lines.slice(1).filter((l) => l.startsWith(`${id},`)).map((l) => Object.fromEntries(cells(l).map((v, i) => [header[i], v])));
    expect(rows('ssids')[0]).toMatchObject({ network_name: 'Austin Campus 1', network: 'N_1', ssid: '"Guest, ""free"""', total_kb: '2000' });
    expect(rows('networks')[0]).toMatchObject({ network: 'N_1', time_zone: 'UTC', recv_kb: '1500', days: '1', p95_daily_kb: '2000' });
    expect(rows('daily')[0]).toMatchObject({ period: '2026-04-02', total_kb: '2000', partial: '0' });
    expect(rows('top-clients')[0]).toMatchObject({ client_name: '<img src=x>', client: 'k1', manufacturer: 'Apple', os: 'iOS' });
    expect(rows('monthly')[0]).toMatchObject({ period: '2026-04', partial: '1', growth_pct: '' });
    expect(lines.every((l) => cells(l).length === header.length)).toBe(true);
    expect(csvCell('=cmd()')).toBe("'=cmd()");
  });

  it('JSON: the report object with the range as dates', () => {
    const json = JSON.parse(formatJsonReport(report)) as { range: { from: string; to: string }; totals: unknown; source: string };
    expect(json.range).toEqual({ from: '2026-04-01', to: '2026-04-02' });
    expect(json.totals).toEqual({ recvKb: 1500, sentKb: 500, totalKb: 2000 });
    expect(json.source).toBe('test data');
  });

  it('HTML: self-contained, escaped, with SVG charts and exact values', () => {
    const html = formatHtmlReport(report);
    expect(html).not.toMatch(/<script|<link|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).not.toContain('<img src=x>');
    expect(html).toContain('&#60;img src=x&#62;');
    expect(html.match(/<svg /g)?.length).toBe(6); // 4 section charts + one per network + all networks
    expect(html).toContain('<h3>Austin Campus 1 <span class="id">N_1, UTC</span></h3>');
    expect(html).toContain('id="total" data-value="2000"');
    expect(html).toMatch(/<tr class="partial"><td>2026-04<\/td>/);
  });
});
