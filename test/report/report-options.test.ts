import { describe, expect, it } from 'vitest';
import { parseReportArgs, ReportOptionError } from '../../src/report/report-options.js';

const NOW = Date.parse('2026-06-15T13:45:00Z');
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

describe('parseReportArgs', () => {
  it('defaults to the last 90 days including today, top 10, a table', () => {
    expect(parseReportArgs([], NOW)).toEqual({
      fromMs: day('2026-03-18'), toMs: day('2026-06-16'), network: null, top: 10, tz: 'UTC', thresholdKb: null, format: 'table', htmlFile: null,
    });
  });

  it('reads an inclusive date range, a network, top N and the output format', () => {
    const o = parseReportArgs(['--from', '2026-01-01', '--to', '2026-01-31', '--network', 'N_1', '--top', '3', '--csv', '--html', 'r.html'], NOW);
    expect(o).toEqual({ fromMs: day('2026-01-01'), toMs: day('2026-02-01'), network: 'N_1', top: 3, tz: 'UTC', thresholdKb: null, format: 'csv', htmlFile: 'r.html' });
    expect(parseReportArgs(['--tz', 'Europe/Berlin', '--threshold', '1.5TB'], NOW)).toMatchObject({ tz: 'Europe/Berlin', thresholdKb: 1.5e9 });
    expect(parseReportArgs(['--threshold', '800 mb'], NOW)?.thresholdKb).toBe(800_000);
    expect(parseReportArgs(['--json'], NOW)?.format).toBe('json');
    expect(parseReportArgs(['--help'], NOW)).toBeNull();
  });

  it.each([
    [['--from', '2026-02-30'], /--from.*YYYY-MM-DD/],
    [['--to', 'yesterday'], /--to.*YYYY-MM-DD/],
    [['--from', '2026-02-02', '--to', '2026-02-01'], /--from.*on or before/],
    [['--top', '0'], /--top.*integer/],
    [['--top', '2.5'], /--top/],
    [['--csv', '--json'], /--csv.*--json/],
    [['--network', ' '], /--network/],
    [['--bogus'], /bogus/],
    [['--tz', 'Berlin'], /--tz.*IANA/],
    [['--threshold', '5'], /--threshold.*500GB/],
    [['--threshold', '-1GB'], /--threshold/],
  ])('rejects %j naming the option', (args, message) => {
    expect(() => parseReportArgs(args, NOW)).toThrow(ReportOptionError);
    expect(() => parseReportArgs(args, NOW)).toThrow(message);
  });
});
