import { describe, expect, it } from 'vitest';
import { csvCell, formatCsvReport, formatJsonReport } from '../../src/report/format-csv.js';
import { formatHtmlReport } from '../../src/report/format-html.js';
import { formatTextReport } from '../../src/report/format-text.js';
import { formatKb } from '../../src/report/format-units.js';
import { buildReport } from '../../src/report/rollups.js';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const report = buildReport(
  {
    clients: [{ network: 'N_1', client: '<img src=x>', mac: 'aa', recvKb: 1500, sentKb: 500, totalKb: 2000 }],
    ssids: [{ network: 'N_1', ssid: 'Guest, "free"', recvKb: 1500, sentKb: 500, totalKb: 2000 }],
    networkDays: [{ network: 'N_1', dayStartMs: day('2026-04-02'), recvKb: 1500, sentKb: 500 }],
  },
  { fromMs: day('2026-04-01'), toMs: day('2026-04-03'), network: null, top: 5 },
  day('2026-04-03'),
);

describe('report output formats', () => {
  it('formats kilobytes in decimal units', () => {
    expect([formatKb(999), formatKb(1500), formatKb(2_000_000), formatKb(123_456_789), formatKb(999_960), formatKb(999.6)]).toEqual(['999 KB', '1.5 MB', '2.0 GB', '123 GB', '1.0 GB', '1.0 MB']);
  });

  it('text: aligned tables with a header line', () => {
    const text = formatTextReport(report);
    expect(text).toContain('Usage report 2026-04-01 .. 2026-04-02 (UTC)');
    expect(text).toContain('Total: 2.0 MB (received 1.5 MB, sent 500 KB)');
    expect(text).toMatch(/2026-04-02\s+1\.5 MB\s+500 KB\s+2\.0 MB/);
  });

  it('CSV: one table, exact kilobytes, quoted cells, formula-looking cells defused', () => {
    const lines = formatCsvReport(report).trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,period,network,ssid,client,mac,rank,recv_kb,sent_kb,total_kb,days,mean_daily_kb,p95_daily_kb,peak_daily_kb,growth_pct,whole_month');
    expect(lines).toContain('ssids,,N_1,"Guest, ""free""",,,,1500,500,2000,,,,,,');
    expect(lines).toContain('networks,,N_1,,,,,1500,500,2000,1,2000,2000,2000,,');
    expect(lines).toContain('daily,2026-04-02,,,,,,1500,500,2000,,,,,,');
    expect(csvCell('=cmd()')).toBe("'=cmd()");
  });

  it('JSON: the report object with the range as ISO dates', () => {
    const json = JSON.parse(formatJsonReport(report)) as { range: { from: string }; totals: unknown };
    expect(json.range.from).toBe('2026-04-01T00:00:00.000Z');
    expect(json.totals).toEqual({ recvKb: 1500, sentKb: 500, totalKb: 2000 });
  });

  it('HTML: self-contained, escaped, with SVG charts and exact values', () => {
    const html = formatHtmlReport(report);
    expect(html).not.toMatch(/<script|<link|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).not.toContain('<img src=x>');
    expect(html).toContain('&#60;img src=x&#62;');
    expect(html.match(/<svg /g)?.length).toBe(6);
    expect(html).toContain('id="total" data-value="2000"');
  });
});
