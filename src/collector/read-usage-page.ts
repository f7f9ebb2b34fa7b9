import { asPage, bodyText, type PageBytes } from '../meraki/index.js';
import { scanUsagePage, type ScannedUsagePage } from '../transform/scan-usage-page.js';

/** Reads a page's bytes straight into a page, or returns null when it does not recognise them (it must not throw). */
export type PageScanner = (body: Buffer) => ScannedUsagePage | null;

/**
 * One usageHistories page as the collector reads it: scanned from the bytes when they have the usual shape
 * (`scanUsagePage`), else parsed with `JSON.parse` into unvalidated items (the encoder validates them). Bytes that
 * are not JSON at all (truncated, an HTML error page) are fetched again (`invalid-json`, within the client's retry
 * budget) until a body reads; the client's error once the retries are spent.
 */
export async function readUsagePage(page: PageBytes, scan: PageScanner = scanUsagePage): Promise<ScannedUsagePage | unknown[]> {
  for (let body = page.body; ; ) {
    const scanned = scan(body);
    if (scanned !== null) return scanned;
    let parsed: unknown;
    try {
      parsed = JSON.parse(bodyText(body));
    } catch (cause) {
      body = await page.refetchInvalidJson(cause);
      continue;
    }
    return asPage(parsed, page.operation);
  }
}

