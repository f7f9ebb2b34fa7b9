import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

// deploy/prometheus/alerts.yml, checked by Debian's promtool (package `prometheus`, scripts/install-deps.sh) and
// unit-tested by its own alerts.test.yml; every alert has a firing case and a silent (healthy) case there.

const DIR = join(import.meta.dirname, '../../deploy/prometheus');
const PROMTOOL_TIMEOUT_MS = 60_000;

interface Rule { alert: string; expr: string; for?: string; labels: Record<string, string> }
interface RuleTest { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }

function promtool(args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: PROMTOOL_TIMEOUT_MS });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const rules = (parse(readFileSync(join(DIR, 'alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const cases = (parse(readFileSync(join(DIR, 'alerts.test.yml'), 'utf8')) as { tests: RuleTest[] }).tests.flatMap((t) => t.alert_rule_test);

describe('Prometheus alert rules', () => {
  it('cover the issue: down/not scraped, stale data, runs and organizations failing in a row, gaps, sustained 429s', () => {
    expect(rules.map((r) => r.alert).sort()).toEqual([
      'MerakiUsageCollectorDown',
      'MerakiUsageCollectorNotScraped',
      'MerakiUsageDataStale',
      'MerakiUsageGapRecorded',
      'MerakiUsageOrganizationFailing',
      'MerakiUsageRateLimitedSustained',
      'MerakiUsageRunsFailing',
    ]);
    const expr = (name: string) => rules.find((r) => r.alert === name)?.expr;
    expect(expr('MerakiUsageDataStale')).toContain('meraki_usage_data_freshness_seconds > 7200');
    expect(expr('MerakiUsageRunsFailing')).toContain('meraki_usage_consecutive_failed_runs');
    expect(expr('MerakiUsageOrganizationFailing')).toContain('meraki_usage_org_consecutive_failures');
    for (const r of rules) expect(['warning', 'critical'], r.alert).toContain(r.labels.severity);
  });

  it('promtool check rules finds nothing', () => {
    const r = promtool(['check', 'rules', 'alerts.yml'], DIR);
    expect(r.out).toContain('SUCCESS: 7 rules found');
    expect(r.status).toBe(0);
  });

  it('each alert fires in a test case and stays silent in another', () => {
    for (const { alert } of rules) {
      const mine = cases.filter((c) => c.alertname === alert);
      expect(mine.some((c) => c.exp_alerts.length > 0), `${alert} fires somewhere`).toBe(true);
      expect(mine.some((c) => c.exp_alerts.length === 0), `${alert} is silent somewhere`).toBe(true);
    }
  });

  it('promtool test rules passes', () => {
    const r = promtool(['test', 'rules', 'alerts.test.yml'], DIR);
    expect(r.out).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('the tests can fail: with the freshness threshold at 10x, promtool test rules reports the missing alert', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerts-'));
    copyFileSync(join(DIR, 'alerts.test.yml'), join(dir, 'alerts.test.yml'));
    const text = readFileSync(join(DIR, 'alerts.yml'), 'utf8');
    expect(text).toContain('meraki_usage_data_freshness_seconds > 7200');
    writeFileSync(join(dir, 'alerts.yml'), text.replace('meraki_usage_data_freshness_seconds > 7200', 'meraki_usage_data_freshness_seconds > 72000'));
    const r = promtool(['test', 'rules', 'alerts.test.yml'], dir);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('MerakiUsageDataStale');
  });

  it('the example Prometheus configuration is valid and loads the rules', () => {
    const r = promtool(['check', 'config', 'prometheus.example.yml'], DIR);
    expect(r.out).toContain('SUCCESS: 7 rules found');
    expect(r.status).toBe(0);
  });
});
