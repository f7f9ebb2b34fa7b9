import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COMMA,
  FAIL,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  at,
  bytesOf,
  colon,
  expect,
  skipSpace,
  startsWith,
  stringEnd,
} from './json-bytes.js';
import { PageBuilder } from './scanned-page-builder.js';
import type { ScannedUsagePage } from './scanned-usage-page.js';
import { usageHistory } from './scan-usage-history.js';

export type { ScannedUsagePage } from './scanned-usage-page.js';

/**
 * Reads a page when it has the shape the API sends and every bucket is valid: a JSON array of objects with a
 * non-empty `clientId` and `clientMac`, `clientIp` a string or null, `usageHistory` an array of objects with an
 * ISO 8601 `ts`, `recv` (or `received`) and `sent` as non-negative numbers below 10^9 with at most 6 decimals, and
 * nothing else (no other key, no escape sequence, only ASCII in strings). Returns null for anything else, valid
 * JSON or not: the caller then parses the text with `JSON.parse` and `encodeUsagePage`, which validates, rejects
 * with reasons and keeps the rest. So a page read here is valid JSON, and encodes to the same lines both ways.
 */
export function scanUsagePage(body: Buffer): ScannedUsagePage | null {
  const page = readPage(body, builder.reset(body));
  builder.release();
  return page;
}

/** One builder for every scan (see PageBuilder). */
const builder = new PageBuilder();

function readPage(body: Buffer, out: PageBuilder): ScannedUsagePage | null {
  let p = expect(body, 0, OPEN_BRACKET);
  if (p < 0) return null;
  p = skipSpace(body, p);
  if (at(body, p) === CLOSE_BRACKET) p++;
  else {
    for (;;) {
      p = record(body, p, out);
      if (p < 0) return null;
      p = skipSpace(body, p);
      if (at(body, p) === COMMA) p++;
      else if (at(body, p) === CLOSE_BRACKET) {
        p++;
        break;
      } else return null;
    }
  }
  return skipSpace(body, p) === body.length ? out.page() : null;
}

/** Keys with their closing quote, so that a match also ends the key. */
const CLIENT_ID = bytesOf('clientId"');
const CLIENT_IP = bytesOf('clientIp"');
const CLIENT_MAC = bytesOf('clientMac"');
const USAGE_HISTORY = bytesOf('usageHistory"');
const NULL = bytesOf('null');

function record(b: Buffer, p: number, out: PageBuilder): number {
  let clientId: string | undefined;
  let mac: string | undefined;
  let ip: string | undefined;
  let history = false;
  p = expect(b, p, OPEN_BRACE);
  for (;;) {
    p = expect(b, p, QUOTE);
    if (p < 0) return FAIL;
    if (clientId === undefined && startsWith(b, p, CLIENT_ID)) {
      p = colon(b, p + CLIENT_ID.length);
      const end = stringEnd(b, p);
      if (end < 0 || end === p + 1) return FAIL;
      clientId = out.text(p + 1, end);
      p = end + 1;
    } else if (ip === undefined && startsWith(b, p, CLIENT_IP)) {
      p = colon(b, p + CLIENT_IP.length);
      if (startsWith(b, p, NULL)) {
        ip = '';
        p += NULL.length;
      } else {
        const end = stringEnd(b, p);
        if (end < 0) return FAIL;
        ip = out.text(p + 1, end);
        p = end + 1;
      }
    } else if (mac === undefined && startsWith(b, p, CLIENT_MAC)) {
      p = colon(b, p + CLIENT_MAC.length);
      const end = stringEnd(b, p);
      if (end < 0 || end === p + 1) return FAIL;
      mac = out.text(p + 1, end);
      p = end + 1;
    } else if (!history && startsWith(b, p, USAGE_HISTORY)) {
      p = usageHistory(b, colon(b, p + USAGE_HISTORY.length), out);
      history = true;
    } else return FAIL; // another key, or one seen twice
    if (p < 0) return FAIL;
    p = skipSpace(b, p);
    if (at(b, p) === COMMA) p++;
    else if (at(b, p) === CLOSE_BRACE) break;
    else return FAIL;
  }
  if (clientId === undefined || mac === undefined || !history) return FAIL;
  out.endRecord(clientId, mac, ip ?? '');
  return p + 1;
}
