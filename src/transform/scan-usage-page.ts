import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COMMA,
  COLON,
  DOT,
  FAIL,
  LOWER_E,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  UPPER_E,
  UPPER_Z,
  LOWER_Z,
  ZERO,
  at,
  bytesOf,
  colon,
  expect,
  isDigit,
  sameBytes,
  skipSpace,
  startsWith,
  stringEnd,
} from './json-bytes.js';
import { parseTimestampSeconds } from './parse-timestamp.js';
import { PageBuilder } from './scanned-page-builder.js';
import type { ScannedUsagePage } from './scanned-usage-page.js';

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
const TS = bytesOf('ts"');
const RECV = bytesOf('recv"');
const RECEIVED = bytesOf('received"');
const SENT = bytesOf('sent"');
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

function usageHistory(b: Buffer, p: number, out: PageBuilder): number {
  p = expect(b, p, OPEN_BRACKET);
  if (p < 0) return FAIL;
  p = skipSpace(b, p);
  if (at(b, p) === CLOSE_BRACKET) return p + 1;
  for (let index = 0; ; index++) {
    p = bucket(b, p, out, index);
    if (p < 0) return FAIL;
    p = skipSpace(b, p);
    if (at(b, p) === COMMA) p++;
    else return at(b, p) === CLOSE_BRACKET ? p + 1 : FAIL;
  }
}

function bucket(b: Buffer, p: number, out: PageBuilder, index: number): number {
  const n = out.buckets;
  out.reserve(n, index);
  p = skipSpace(b, p);
  const start = p;
  let seen = 0; // bits: ts 1, recv 2, received 4, sent 8
  let member = true;
  const value = knownHead(b, p, out, index);
  if (value >= 0) {
    seen = out.headBits[index]!;
    out.seconds[n] = out.headSeconds[index]!;
    p = number(b, value, out.values, n * 4);
    // And `,"sent":` as it was remembered, when it was right after recv.
    const gap = out.sentGapLength[index]!;
    if (p >= 0 && gap !== 0 && p + gap <= b.length && sameBytes(b, out.sentGapStart[index]!, p, gap)) {
      p = number(b, skipSpace(b, p + gap), out.values, n * 4 + 2);
      seen |= 8;
    }
    member = false;
  } else {
    p = expect(b, p, OPEN_BRACE);
  }
  let tsQuote = -1; // where the ts string opens and closes, when ts is the first key
  let tsClose = -1;
  let head = false; // ts then recv: remember this bucket's head
  let recvValue = 0;
  let recvEnd = -1; // after the recv value, when recv came second
  let sentGap = 0; // from there to the sent value, when sent came third
  for (;;) {
    if (member) {
      p = expect(b, p, QUOTE);
      if (p < 0) return FAIL;
      let bit: number;
      let valueAt: number;
      if (startsWith(b, p, TS)) {
        bit = 1;
        valueAt = colon(b, p + TS.length);
        p = ts(b, valueAt, out, n, index);
        if (seen === 0) {
          tsQuote = valueAt;
          tsClose = p - 1;
        }
      } else if (startsWith(b, p, SENT)) {
        bit = 8;
        valueAt = colon(b, p + SENT.length);
        p = number(b, valueAt, out.values, n * 4 + 2);
      } else if (startsWith(b, p, RECV)) {
        bit = 2;
        valueAt = colon(b, p + RECV.length);
        p = number(b, valueAt, out.values, n * 4);
      } else if (startsWith(b, p, RECEIVED)) {
        bit = 4;
        valueAt = colon(b, p + RECEIVED.length);
        p = number(b, valueAt, out.values, n * 4);
      } else return FAIL;
      if ((seen & bit) !== 0) return FAIL;
      if (seen === 1 && tsQuote >= 0 && (bit === 2 || bit === 4)) {
        head = true;
        recvValue = valueAt;
        recvEnd = p;
      } else if (bit === 8 && recvEnd >= 0 && (seen === 0b0011 || seen === 0b0101)) sentGap = valueAt - recvEnd;
      seen |= bit;
    }
    if (p < 0) return FAIL;
    p = skipSpace(b, p);
    if (at(b, p) === COMMA) {
      p++;
      member = true;
    } else if (at(b, p) === CLOSE_BRACE) break;
    else return FAIL;
  }
  // ts, sent, and exactly one of recv/received
  if (seen !== 0b1011 && seen !== 0b1101) return FAIL;
  const v = n * 4;
  out.valueBytes += out.values[v + 1]! - out.values[v]! + out.values[v + 3]! - out.values[v + 2]!;
  if (out.seconds[n]! > out.newestSeconds) out.newestSeconds = out.seconds[n]!;
  if (head && rememberHead(b, out, index, start, tsQuote, tsClose, recvValue, seen & 0b0111, out.seconds[n]!)) {
    out.sentGapStart[index] = recvEnd;
    out.sentGapLength[index] = sentGap;
  }
  out.buckets = n + 1;
  return p + 1;
}

/**
 * Whether the bucket at `p` starts like the one remembered at `index` (see PageBuilder.head*): the same bytes up to
 * the 19th character of its ts, a fraction of a second (or nothing) to the closing quote, then the same bytes up to
 * the recv value. Returns where that value starts, or FAIL. Then the ts has the remembered seconds, and recv is next.
 */
function knownHead(b: Buffer, p: number, out: PageBuilder, index: number): number {
  const length = out.headLength[index]!;
  if (length === 0 || p + length > b.length || !sameBytes(b, out.headStart[index]!, p, length)) return FAIL;
  const close = fractionSuffixEnd(b, p + length);
  const tail = out.headTailLength[index]!;
  if (close < 0 || close + tail > b.length || !sameBytes(b, out.headTailStart[index]!, close, tail)) return FAIL;
  return skipSpace(b, close + tail);
}

/**
 * Remembers a bucket that starts with ts then recv, when its ts is `YYYY-MM-DDTHH:MM:SS` and a fraction at most;
 * returns whether it did.
 */
function rememberHead(b: Buffer, out: PageBuilder, index: number, start: number, tsQuote: number, close: number, recvValue: number, bits: number, seconds: number): boolean {
  const tsStart = tsQuote + 1;
  if (close - tsStart < 19 || b[tsStart + 16] !== COLON || fractionSuffixEnd(b, tsStart + 19) !== close) return false;
  out.headStart[index] = start;
  out.headLength[index] = tsStart + 19 - start;
  out.headTailStart[index] = close;
  out.headTailLength[index] = recvValue - close;
  out.headBits[index] = bits;
  out.headSeconds[index] = seconds;
  return true;
}

/** The string at `p` (a quote) as a `ts`: its seconds go to `out.seconds[n]`. */
function ts(b: Buffer, p: number, out: PageBuilder, n: number, index: number): number {
  if (at(b, p) !== QUOTE) return FAIL;
  const start = p + 1;
  // The usual case first: the same first 19 characters as at this index before, and a fraction (or not) after.
  if (out.tsKeyLength[index] === 19 && start + 19 <= b.length && sameBytes(b, out.tsStart[index]!, start, 19)) {
    const end = fractionSuffixEnd(b, start + 19);
    if (end >= 0) {
      out.seconds[n] = out.tsSeconds[index]!;
      return end + 1;
    }
  }
  const end = stringEnd(b, p);
  if (end < 0) return FAIL;
  const keyLength = end - start >= 19 && b[start + 16] === COLON && fractionSuffixEnd(b, start + 19) === end ? 19 : end - start;
  if (keyLength !== 0 && out.tsKeyLength[index] === keyLength && sameBytes(b, out.tsStart[index]!, start, keyLength)) {
    out.seconds[n] = out.tsSeconds[index]!;
    return end + 1;
  }
  const seconds = parseTimestampSeconds(out.text(start, end));
  if (seconds === undefined) return FAIL;
  out.seconds[n] = seconds;
  out.tsStart[index] = start;
  out.tsKeyLength[index] = keyLength;
  out.tsSeconds[index] = seconds;
  return end + 1;
}

/**
 * Where the string ends (its closing quote) when what is left of it at `p` is nothing, `Z`, or a fraction of a
 * second and `Z`, else FAIL. After `YYYY-MM-DDTHH:MM:SS` such a rest leaves the whole seconds as they are
 * (`parseTimestampSeconds` floors).
 */
function fractionSuffixEnd(b: Buffer, p: number): number {
  let c = at(b, p);
  if (c === DOT || c === COMMA) {
    const first = ++p;
    while (isDigit(at(b, p))) p++;
    if (p === first) return FAIL;
    c = at(b, p);
  }
  if (c === UPPER_Z || c === LOWER_Z) c = at(b, ++p);
  return c === QUOTE ? p : FAIL;
}

/**
 * A non-negative number below 10^9 with at most 6 decimals at `p`; its text range goes to `values[slot]`, trimmed
 * to what `formatFloat` prints for it: trailing zeros of the fraction (and a bare dot) dropped. For such a number
 * `formatFloat` prints exactly its digits (see there), so the text can be copied instead of parsed and printed.
 */
function number(b: Buffer, p: number, values: Int32Array, slot: number): number {
  if (p < 0) return FAIL;
  const start = p;
  if (at(b, p) === ZERO) p++;
  else while (isDigit(at(b, p))) p++;
  const intDigits = p - start;
  if (intDigits === 0 || intDigits > 9) return FAIL;
  let end = p;
  if (at(b, p) === DOT) {
    const fraction = ++p;
    while (isDigit(at(b, p))) p++;
    if (p === fraction || p - fraction > 6) return FAIL;
    end = p;
    while (b[end - 1] === ZERO) end--;
    if (end === fraction) end--; // "12.000" -> "12"
  }
  const c = at(b, p);
  if (c === UPPER_E || c === LOWER_E || isDigit(c)) return FAIL; // an exponent, or "01"
  values[slot] = start;
  values[slot + 1] = end;
  return p;
}

