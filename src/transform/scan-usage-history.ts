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
  sameBytes,
  skipSpace,
  startsWith,
} from './json-bytes.js';
import type { PageBuilder } from './scanned-page-builder.js';
import { knownHead, rememberHead, ts } from './scan-known-heads.js';
import { scanNumber } from './scan-number-text.js';

/**
 * A record's `usageHistory` array read from the bytes: per bucket its seconds and where the recv/sent texts lie (into
 * the PageBuilder); FAIL for anything but `ts`, `sent` and one of `recv`/`received`, each once.
 */

/** Keys with their closing quote, so that a match also ends the key. */
const TS = bytesOf('ts"');
const RECV = bytesOf('recv"');
const RECEIVED = bytesOf('received"');
const SENT = bytesOf('sent"');

export function usageHistory(b: Buffer, p: number, out: PageBuilder): number {
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
    p = scanNumber(b, value, out.values, n * 4);
    // And `,"sent":` as it was remembered, when it was right after recv.
    const gap = out.sentGapLength[index]!;
    if (p >= 0 && gap !== 0 && p + gap <= b.length && sameBytes(b, out.sentGapStart[index]!, p, gap)) {
      p = scanNumber(b, skipSpace(b, p + gap), out.values, n * 4 + 2);
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
        p = scanNumber(b, valueAt, out.values, n * 4 + 2);
      } else if (startsWith(b, p, RECV)) {
        bit = 2;
        valueAt = colon(b, p + RECV.length);
        p = scanNumber(b, valueAt, out.values, n * 4);
      } else if (startsWith(b, p, RECEIVED)) {
        bit = 4;
        valueAt = colon(b, p + RECEIVED.length);
        p = scanNumber(b, valueAt, out.values, n * 4);
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
