import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseReportArgs } from '../../src/report/report-options.js';
import type { UsageReport } from '../../src/report/report-types.js';
import { runReport } from '../../src/report/run-report.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { collectHistory, truthAggregates } from './collected-history.js';

const NOW = Date.UTC(2026, 4, 12, 8, 0);
const influxUrl = inject('influxUrl');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOT = join('test-artifacts', 'report.png');

describe('the HTML report in a real headless browser (Debian chromium)', () => {
  let sim: Simulator;
  let browser: Browser;
  let report: UsageReport;
  let file: string;
  let truthTotal: number;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, orgs: 1, networksPerOrg: 3, clientsPerNetwork: 20, now: NOW });
    const config = await collectHistory(sim, influxUrl, 3, 25);
    file = join(await mkdtemp(join(tmpdir(), 'report-html-')), 'usage report.html');
    const nowMs = sim.clock.now();
    const options = parseReportArgs(['--from', '2026-04-15', '--html', file, '--top', '5'], nowMs)!;
    let stdout = '';
    report = await runReport(config, options, { stdout: { write: (t: string) => (stdout += t) } });
    expect(stdout).toBe(`HTML report written to ${file}\n`);
    const truth = truthAggregates(sim, { fromMs: options.fromMs, toMs: options.toMs });
    truthTotal = [...truth.clients.values()].reduce((a, c) => a + c.recv + c.sent, 0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
  });

  it('is one self-contained file: no script, stylesheet link, font or remote URL', async () => {
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/<script|<link|@font-face|@import|src="http|href="http/i);
  });

  it('renders the charts and the numbers, and a screenshot is saved', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);

    expect(await page.locator('svg').count()).toBe(6);
    expect(await page.locator('svg rect.bar').count()).toBeGreaterThan(report.daily.length);
    const box = await page.locator('#daily svg').boundingBox();
    expect(box?.width).toBeGreaterThan(400);

    expect(truthTotal).toBeGreaterThan(0);
    expect(Number(await page.locator('#total').getAttribute('data-value'))).toBe(truthTotal);
    const networkTotals = await page.locator('#table-networks tbody tr td:nth-child(4)').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    expect(networkTotals).toEqual(report.networks.map((n) => n.totalKb));
    const topClients = await page.locator('#table-top-clients tbody tr td:nth-child(3)').allTextContents();
    expect(topClients).toEqual(report.topClients.map((c) => c.client));
    expect(topClients).toHaveLength(5);
    expect(await page.locator('h1').textContent()).toBe('Meraki usage report');
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);

    await mkdir('test-artifacts', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect((await readFile(SCREENSHOT)).subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  });
});
