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
const VIEWPORT_WIDTH = 1280;

describe('the HTML report in a real headless browser (Debian chromium)', () => {
  let sim: Simulator;
  let browser: Browser;
  let report: UsageReport;
  let file: string;
  let truthTotal: number;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, orgs: 1, networksPerOrg: 3, clientsPerNetwork: 20, now: NOW, growthPctPerMonth: 3 });
    const config = await collectHistory(sim, influxUrl, 4, 25);
    file = join(await mkdtemp(join(tmpdir(), 'report-html-')), 'usage report.html');
    const nowMs = sim.clock.now();
    const options = parseReportArgs(['--from', '2026-04-15', '--html', file, '--top', '5', '--threshold', '20MB'], nowMs)!;
    let stdout = '';
    report = await runReport(config, options, { stdout: { write: (t: string) => (stdout += t) }, now: () => nowMs });
    expect(stdout).toBe(`HTML report written to ${file}\n`);
    const truth = truthAggregates(sim, { fromMs: options.fromMs, toMs: options.toMs });
    truthTotal = [...truth.clients.values()].reduce((a, c) => a + c.recv + c.sent, 0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
  });

  it('is one self-contained file: no script, stylesheet link, font or remote URL', async () => {
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/<script|<link|@font-face|@import|src="http|href="http/i);
  });

  it('one visible chart per network with history, trend and forecast band; names first; nothing overflows at 1280 px; a screenshot is saved', async () => {
    const page = await browser.newPage({ viewport: { width: VIEWPORT_WIDTH, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);

    expect(report.networks).toHaveLength(3);
    const figures = page.locator('figure.network');
    expect(await figures.count()).toBe(report.networks.length + 1); // + all networks
    for (let i = 0; i < report.networks.length; i++) {
      const n = report.networks[i]!;
      const figure = page.locator(`#network-${i + 1}`);
      expect(await figure.locator('h3').textContent()).toBe(`${n.name} ${n.network}, ${n.timeZone}`);
      for (const part of ['path.history', 'path.trend', 'path.forecast', 'path.band']) {
        const box = await figure.locator(part).boundingBox();
        expect(box, `${n.name} ${part}`).not.toBeNull();
        expect(box!.width).toBeGreaterThan(50);
        expect(await figure.locator(part).isVisible()).toBe(true);
      }
      // The forecast starts where the history ends: its band lies right of the history's left edge.
      const history = (await figure.locator('path.history').boundingBox())!;
      const band = (await figure.locator('path.band').boundingBox())!;
      expect(band.x).toBeGreaterThan(history.x + history.width / 2);
      expect(await figure.locator('figcaption').textContent()).toMatch(/^Growth [+-]\d+\.\d% a month .* next 90 days .* p95 day .* exceeds 20\.0 MB/);
    }

    const networkNames = await page.locator('#table-networks tbody tr td:nth-child(1)').allTextContents();
    expect(networkNames).toEqual(report.networks.map((n) => n.name));
    expect(networkNames).toEqual(expect.arrayContaining(sim.world.networks.map((n) => n.name)));
    const networkTotals = await page.locator('#table-networks tbody tr td:nth-child(6)').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    expect(networkTotals).toEqual(report.networks.map((n) => n.totalKb));
    const topClients = await page.locator('#table-top-clients tbody tr td:nth-child(2)').allTextContents();
    expect(topClients).toEqual(report.topClients.map((c) => c.name));
    expect(topClients).toHaveLength(5);
    expect(truthTotal).toBeGreaterThan(0);
    expect(Number(await page.locator('#total').getAttribute('data-value'))).toBe(truthTotal);
    expect(await page.locator('h1').textContent()).toBe('Meraki usage report');
    expect(await page.locator('#table-network-monthly tr.partial').count()).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);

    const wide = await page.locator('body *').evaluateAll((els, width) =>
      els.filter((e) => e.getBoundingClientRect().right > width + 0.5).map((e) => e.tagName + (e.id ? `#${e.id}` : '')), VIEWPORT_WIDTH);
    expect(wide).toEqual([]);
    const scrollWidth = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(scrollWidth).toBe(VIEWPORT_WIDTH);

    await mkdir('test-artifacts', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect((await readFile(SCREENSHOT)).subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  }, 120_000);
});
